//! The tables of `tables` as an SQLite database: `kam export sqlite` writes its bytes to a
//! file, `kam sql` queries it in memory. One function builds both, so they agree.
//!
//! Tables are ordinary rowid tables (not STRICT, so that older `sqlite3` shells and
//! Datasette read them) with declared primary keys, foreign keys and indexes. Foreign
//! keys are declared for readers such as Datasette, not enforced while filling: a book
//! with dangling references (which `kam check` reports) still exports.

use super::tables::{Cell, Table};
use crate::error::KamError;
use rusqlite::types::{ToSqlOutput, Value as SqlValue};
use rusqlite::{Connection, ToSql};

impl ToSql for Cell {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Owned(match self {
            Cell::Null => SqlValue::Null,
            Cell::Text(s) => SqlValue::Text(s.clone()),
            Cell::Integer(n) => SqlValue::Integer(*n),
            Cell::Real(x) => SqlValue::Real(*x),
            Cell::Bool(b) => SqlValue::Integer(i64::from(*b)),
            Cell::Date(_) | Cell::Json(_) => SqlValue::Text(self.to_text()),
        }))
    }
}

/// `name` as an SQL identifier: in double quotes, inner quotes doubled.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quote_list(names: &[&str]) -> String {
    names.iter().map(|n| quote(n)).collect::<Vec<_>>().join(", ")
}

/// The `CREATE TABLE` and `CREATE INDEX` statements of a table.
pub fn ddl(table: &Table) -> String {
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("  {} {}{}", quote(c.name), c.kind.sql_type(), if c.required { " NOT NULL" } else { "" }))
        .collect();
    lines.push(format!("  PRIMARY KEY ({})", quote_list(table.primary_key)));
    for fk in table.foreign_keys {
        lines.push(format!(
            "  FOREIGN KEY ({}) REFERENCES {} ({})",
            quote_list(fk.columns),
            quote(fk.table),
            quote_list(fk.references)
        ));
    }
    let mut sql = format!("CREATE TABLE {} (\n{}\n);\n", quote(table.name), lines.join(",\n"));
    for columns in table.indexes {
        let name = format!("{}_{}", table.name, columns.join("_"));
        sql.push_str(&format!("CREATE INDEX {} ON {} ({});\n", quote(&name), quote(table.name), quote_list(columns)));
    }
    sql
}

/// Creates every table in `conn` and fills it, in one transaction.
pub fn fill(conn: &mut Connection, tables: &[Table]) -> Result<(), KamError> {
    let env = |e: rusqlite::Error| KamError::env(format!("SQLite: {e}"));
    // The bundled SQLite enforces foreign keys by default; the keys are declared for
    // readers, and a parent account may come after its children in id order.
    conn.execute_batch("PRAGMA foreign_keys = OFF").map_err(env)?;
    let tx = conn.transaction().map_err(env)?;
    for table in tables {
        tx.execute_batch(&ddl(table)).map_err(env)?;
        let placeholders = (1..=table.columns.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let mut insert =
            tx.prepare(&format!("INSERT INTO {} VALUES ({placeholders})", quote(table.name))).map_err(env)?;
        for row in &table.rows {
            insert.execute(rusqlite::params_from_iter(row.iter())).map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                    KamError::data(format!(
                        "cannot build the `{}` table: {} appears more than once",
                        table.name,
                        key_of(table, row)
                    ))
                    .with_hint("run `kam check` and fix the duplicate")
                }
                e => env(e),
            })?;
        }
    }
    tx.commit().map_err(env)
}

/// The primary key of `row`, for a message: `people.id = zhang-min`.
/// (Only a primary key can fail: the NOT NULL columns are always filled.)
fn key_of(table: &Table, row: &[Cell]) -> String {
    let parts: Vec<String> = table
        .primary_key
        .iter()
        .filter_map(|k| {
            let i = table.columns.iter().position(|c| c.name == *k)?;
            Some(format!("{}.{k} = {}", table.name, row.get(i)?.to_text()))
        })
        .collect();
    parts.join(", ")
}

/// An in-memory database holding `tables`.
pub fn in_memory(tables: &[Table]) -> Result<Connection, KamError> {
    let mut conn = Connection::open_in_memory().map_err(|e| KamError::env(format!("SQLite: {e}")))?;
    fill(&mut conn, tables)?;
    Ok(conn)
}

/// The bytes of a database file holding `tables`: built in memory, then serialised, so
/// that the file can be written atomically like any other.
pub fn file_bytes(tables: &[Table]) -> Result<Vec<u8>, KamError> {
    let mut conn = in_memory(tables)?;
    let data = conn.serialize(rusqlite::MAIN_DB).map_err(|e| KamError::env(format!("SQLite: {e}")))?;
    Ok(data.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tables::{Column, ForeignKey, Kind};

    #[test]
    fn ddl_quotes_names_and_declares_keys() {
        let table = Table {
            name: "contacts",
            columns: vec![
                Column { name: "account", kind: Kind::Text, required: true, personal: false },
                Column { name: "left", kind: Kind::Date, required: false, personal: false },
            ],
            primary_key: &["account"],
            foreign_keys: &[ForeignKey { columns: &["account"], table: "accounts", references: &["id"] }],
            indexes: &[&["account", "left"]],
            rows: Vec::new(),
        };
        assert_eq!(
            ddl(&table),
            "CREATE TABLE \"contacts\" (\n  \"account\" TEXT NOT NULL,\n  \"left\" TEXT,\n  PRIMARY KEY (\"account\"),\n  \
             FOREIGN KEY (\"account\") REFERENCES \"accounts\" (\"id\")\n);\n\
             CREATE INDEX \"contacts_account_left\" ON \"contacts\" (\"account\", \"left\");\n"
        );
    }
}
