//! A new entity file as TOML, built with `toml_edit` so every string is escaped
//! correctly: keys in the order of SPEC section 1, `next` as an inline table, `credit`
//! and `potential` as tables after a blank line.

use super::Entity;
use super::columns::fields;
use super::convert::Cell;
use chrono::Datelike;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

/// The values of one row, by field name.
#[derive(Clone, Debug, Default)]
pub struct Values(Vec<(&'static str, Cell)>);

impl Values {
    pub fn get(&self, name: &str) -> Option<&Cell> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, c)| c)
    }

    /// The text of a text field.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The items of a list field (none when absent).
    pub fn list(&self, name: &str) -> &[String] {
        match self.get(name) {
            Some(Cell::List(items)) => items,
            _ => &[],
        }
    }

    pub fn set(&mut self, name: &'static str, cell: Cell) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = cell,
            None => self.0.push((name, cell)),
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Cell> {
        let i = self.0.iter().position(|(n, _)| *n == name)?;
        Some(self.0.remove(i).1)
    }
}

fn value(cell: &Cell) -> Value {
    match cell {
        Cell::Text(s) => Value::from(s.as_str()),
        Cell::List(items) => Value::Array(items.iter().map(String::as_str).collect::<Array>()),
        Cell::Date(d) => Value::from(toml_edit::Datetime {
            date: Some(toml_edit::Date { year: d.year() as u16, month: d.month() as u8, day: d.day() as u8 }),
            time: None,
            offset: None,
        }),
        // Whole amounts are written as integers (`5000000`, not `5000000.0`), as people do.
        Cell::Num(n) if n.fract() == 0.0 && n.abs() < 9e15 => Value::from(*n as i64),
        Cell::Num(n) => Value::from(*n),
        Cell::Int(n) => Value::from(*n),
        Cell::Bool(b) => Value::from(*b),
    }
}

/// The file of an `entity` with `values` (fields that are not stored are left out).
pub fn render(entity: Entity, values: &Values) -> String {
    let mut doc = DocumentMut::new();
    for field in fields(entity).iter().filter(|f| f.stored) {
        let Some(cell) = values.get(field.name) else { continue };
        if matches!(cell, Cell::List(items) if items.is_empty()) {
            continue;
        }
        match field.name.split_once('.') {
            None => {
                doc.insert(field.name, Item::Value(value(cell)));
            }
            Some(("next", key)) => {
                let slot = doc.entry("next").or_insert_with(|| Item::Value(Value::InlineTable(InlineTable::new())));
                if let Some(table) = slot.as_inline_table_mut() {
                    table.insert(key, value(cell));
                }
            }
            Some((table, key)) => {
                let slot = doc.entry(table).or_insert_with(|| {
                    let mut t = Table::new();
                    t.decor_mut().set_prefix("\n");
                    Item::Table(t)
                });
                if let Some(t) = slot.as_table_mut() {
                    t.insert(key, Item::Value(value(cell)));
                }
            }
        }
    }
    if let Some(next) = doc.get_mut("next").and_then(Item::as_inline_table_mut) {
        next.fmt();
    }
    doc.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn an_account_in_spec_order_with_tables_last() {
        let mut v = Values::default();
        v.set("credit.limit", Cell::Num(5_000_000.0));
        v.set("owner", Cell::Text("zhang-min".into()));
        v.set("name", Cell::Text("Anji \"East\", Ltd.".into()));
        v.set("credit.rating", Cell::Text("AA\nreviewed 2026".into()));
        v.set("tags", Cell::List(vec!["fleet".into(), "上海".into()]));
        v.set("since", Cell::Date(NaiveDate::from_ymd_opt(2019, 4, 1).unwrap()));
        v.set("potential.wallet", Cell::Num(1_234.5));
        assert_eq!(
            render(Entity::Accounts, &v),
            // toml_edit picks the clearest correct form: a literal string for text with
            // double quotes, a multi-line string for text with line breaks.
            "name = 'Anji \"East\", Ltd.'\nowner = \"zhang-min\"\nsince = 2019-04-01\n\
             tags = [\"fleet\", \"上海\"]\n\n[credit]\nlimit = 5000000\nrating = \"\"\"\nAA\nreviewed 2026\"\"\"\n\n\
             [potential]\nwallet = 1234.5\n"
        );
    }

    #[test]
    fn an_interaction_with_an_inline_next_step() {
        let mut v = Values::default();
        v.set("next.due", Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()));
        v.set("next.what", Cell::Text("send quote".into()));
        v.set("date", Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()));
        v.set("kind", Cell::Text("visit".into()));
        v.set("by", Cell::List(vec!["zhang-min".into()]));
        v.set("with", Cell::List(vec![]));
        v.set("amount", Cell::Num(12.0));
        assert_eq!(
            render(Entity::Interactions, &v),
            "date = 2026-11-20\nkind = \"visit\"\nby = [\"zhang-min\"]\n\
             next = { what = \"send quote\", due = 2026-11-27 }\namount = 12\n"
        );
    }
}
