//! Rendering: one row builder (`Rows`) printed as an aligned table, TSV, CSV, JSON,
//! NDJSON or Markdown. Commands build rows; only this module decides how they look.

pub mod diagnostics;

use crate::value::Value;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};
use std::io::{self, Write};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Ndjson,
    Csv,
    Tsv,
    Markdown,
}

/// Rows of named columns: what every listing and report produces.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    pub fn new(columns: &[&str]) -> Self {
        Rows { columns: columns.iter().map(|c| c.to_string()).collect(), rows: Vec::new() }
    }

    pub fn push(&mut self, row: Vec<Value>) {
        self.rows.push(row);
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(self.rows.iter().map(|r| self.object(r)).collect())
    }

    fn object(&self, row: &[Value]) -> serde_json::Value {
        let map = self.columns.iter().zip(row).map(|(c, v)| (c.clone(), v.to_json())).collect();
        serde_json::Value::Object(map)
    }

    pub fn write(&self, out: &mut dyn Write, format: Format, color: bool) -> io::Result<()> {
        match format {
            Format::Table => self.write_table(out, color),
            Format::Tsv => self.write_tsv(out),
            Format::Csv => self.write_csv(out),
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &self.to_json())?;
                writeln!(out)
            }
            Format::Ndjson => {
                for row in &self.rows {
                    serde_json::to_writer(&mut *out, &self.object(row))?;
                    writeln!(out)?;
                }
                Ok(())
            }
            Format::Markdown => self.write_markdown(out),
        }
    }

    fn numeric_column(&self, index: usize) -> bool {
        let mut any = false;
        for row in &self.rows {
            match row.get(index) {
                Some(Value::Int(_) | Value::Num(_)) => any = true,
                Some(Value::Null) | None => {}
                Some(_) => return false,
            }
        }
        any
    }

    fn write_table(&self, out: &mut dyn Write, color: bool) -> io::Result<()> {
        let mut table = Table::new();
        table.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Disabled);
        table.set_header(self.columns.iter().map(|c| {
            let cell = Cell::new(c.to_uppercase());
            if color { cell.add_attribute(comfy_table::Attribute::Bold) } else { cell }
        }));
        // comfy-table styles only on a terminal of its own detection; `--color always`
        // must colour a pipe too (the caller decided).
        if color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        for row in &self.rows {
            table.add_row(row.iter().map(|v| Cell::new(one_line(&v.to_string()))));
        }
        for i in 0..self.columns.len() {
            if self.numeric_column(i)
                && let Some(col) = table.column_mut(i)
            {
                col.set_cell_alignment(CellAlignment::Right);
            }
            if let Some(col) = table.column_mut(i) {
                col.set_padding((0, 2));
            }
        }
        if let Some(col) = table.column_mut(self.columns.len().saturating_sub(1)) {
            col.set_padding((0, 0));
        }
        for line in table.lines() {
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }

    fn write_tsv(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", self.columns.join("\t"))?;
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|v| one_line(&v.to_string()).replace('\t', " ")).collect();
            writeln!(out, "{}", cells.join("\t"))?;
        }
        Ok(())
    }

    fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.columns)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|v| v.to_string()))?;
        }
        w.flush()
    }

    fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let escape = |s: &str| one_line(s).replace('|', "\\|");
        writeln!(out, "| {} |", self.columns.iter().map(|c| escape(c)).collect::<Vec<_>>().join(" | "))?;
        let rule: Vec<&str> =
            (0..self.columns.len()).map(|i| if self.numeric_column(i) { "---:" } else { "---" }).collect();
        writeln!(out, "| {} |", rule.join(" | "))?;
        for row in &self.rows {
            writeln!(out, "| {} |", row.iter().map(|v| escape(&v.to_string())).collect::<Vec<_>>().join(" | "))?;
        }
        Ok(())
    }
}

/// Cells are one line: newlines become spaces.
fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) { s.replace("\r\n", " ").replace(['\n', '\r'], " ") } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Rows {
        let mut rows = Rows::new(&["id", "name", "revenue"]);
        rows.push(vec!["anji".into(), "上海安吉物流".into(), Value::Num(1200.5)]);
        rows.push(vec!["bosch".into(), "Bosch".into(), Value::Int(30)]);
        rows
    }

    fn render(rows: &Rows, format: Format) -> String {
        let mut out = Vec::new();
        rows.write(&mut out, format, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_aligns_cjk_and_numbers() {
        let text = render(&sample(), Format::Table);
        assert_eq!(text, "ID     NAME          REVENUE\nanji   上海安吉物流   1200.5\nbosch  Bosch              30\n");
    }

    #[test]
    fn tsv_csv_markdown_json() {
        let rows = sample();
        assert_eq!(render(&rows, Format::Tsv), "id\tname\trevenue\nanji\t上海安吉物流\t1200.5\nbosch\tBosch\t30\n");
        assert_eq!(render(&rows, Format::Csv), "id,name,revenue\nanji,上海安吉物流,1200.5\nbosch,Bosch,30\n");
        assert_eq!(
            render(&rows, Format::Markdown),
            "| id | name | revenue |\n| --- | --- | ---: |\n| anji | 上海安吉物流 | 1200.5 |\n| bosch | Bosch | 30 |\n"
        );
        assert_eq!(
            render(&rows, Format::Ndjson),
            "{\"id\":\"anji\",\"name\":\"上海安吉物流\",\"revenue\":1200.5}\n{\"id\":\"bosch\",\"name\":\"Bosch\",\"revenue\":30}\n"
        );
    }
}
