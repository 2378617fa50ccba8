//! `kam sql`: one read-only statement over the export's tables, in memory.
//!
//! The database is locked down before the user's SQL is even prepared (preparing some
//! PRAGMAs already changes settings): no attached databases (`SQLITE_LIMIT_ATTACHED` 0),
//! defensive mode, `query_only`, and an authorizer that refuses every write, schema change,
//! ATTACH/DETACH, transaction control, `load_extension()` and every PRAGMA but the
//! schema-reading ones. A statement SQLite does not call read-only (VACUUM INTO, …) is
//! refused before it runs. What was refused is named in the error.

use crate::error::KamError;
use crate::render::Rows;
use crate::value::Value;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, config::DbConfig};
use std::sync::{Arc, Mutex};

/// PRAGMAs that only read the schema or settings: allowed, with or without an argument.
const READ_PRAGMAS: &[&str] = &[
    "collation_list",
    "compile_options",
    "database_list",
    "foreign_key_check",
    "foreign_key_list",
    "function_list",
    "index_info",
    "index_list",
    "index_xinfo",
    "integrity_check",
    "module_list",
    "pragma_list",
    "quick_check",
    "table_info",
    "table_list",
    "table_xinfo",
];

/// Why an action is refused, or `None` when it is allowed.
fn refusal(action: &AuthAction<'_>) -> Option<String> {
    use AuthAction::*;
    Some(match action {
        Select | Read { .. } | Recursive => return None,
        // SQLite asks for the schema-table write of a CREATE, DROP or ALTER before the
        // statement itself: let the statement be refused by name. A direct write to the
        // schema table is still refused, as a statement that is not read-only.
        Insert { table_name } | Update { table_name, .. } | Delete { table_name } if is_schema_table(table_name) => {
            return None;
        }
        Function { function_name } if !function_name.eq_ignore_ascii_case("load_extension") => return None,
        Function { .. } => "load_extension()".into(),
        Pragma { pragma_name, .. } if READ_PRAGMAS.contains(&pragma_name.to_ascii_lowercase().as_str()) => {
            return None;
        }
        Pragma { pragma_name, pragma_value: None } => format!("PRAGMA {pragma_name}"),
        Pragma { pragma_name, pragma_value: Some(value) } => format!("PRAGMA {pragma_name} = {value}"),
        Insert { table_name } => format!("INSERT into {table_name}"),
        Update { table_name, .. } => format!("UPDATE of {table_name}"),
        Delete { table_name } => format!("DELETE from {table_name}"),
        CreateTable { table_name } | CreateTempTable { table_name } => format!("CREATE TABLE {table_name}"),
        CreateIndex { index_name, .. } | CreateTempIndex { index_name, .. } => format!("CREATE INDEX {index_name}"),
        CreateView { view_name } | CreateTempView { view_name } => format!("CREATE VIEW {view_name}"),
        CreateTrigger { trigger_name, .. } | CreateTempTrigger { trigger_name, .. } => {
            format!("CREATE TRIGGER {trigger_name}")
        }
        CreateVtable { table_name, .. } => format!("CREATE VIRTUAL TABLE {table_name}"),
        DropTable { table_name } | DropTempTable { table_name } => format!("DROP TABLE {table_name}"),
        DropIndex { index_name, .. } | DropTempIndex { index_name, .. } => format!("DROP INDEX {index_name}"),
        DropView { view_name } | DropTempView { view_name } => format!("DROP VIEW {view_name}"),
        DropTrigger { trigger_name, .. } | DropTempTrigger { trigger_name, .. } => {
            format!("DROP TRIGGER {trigger_name}")
        }
        DropVtable { table_name, .. } => format!("DROP TABLE {table_name}"),
        AlterTable { table_name, .. } => format!("ALTER TABLE {table_name}"),
        Attach { .. } => "ATTACH".into(),
        Detach { .. } => "DETACH".into(),
        Transaction { .. } | Savepoint { .. } => "transaction control".into(),
        Reindex { .. } => "REINDEX".into(),
        Analyze { .. } => "ANALYZE".into(),
        Unknown { code, .. } => format!("SQLite action {code}"),
        _ => "an action kam sql does not know".into(),
    })
}

fn is_schema_table(name: &str) -> bool {
    ["sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema"]
        .iter()
        .any(|t| name.eq_ignore_ascii_case(t))
}

fn sqlite_error(e: rusqlite::Error) -> KamError {
    KamError::env(format!("SQLite: {e}"))
}

/// Makes `conn` read-only for whatever SQL comes next; returns where the authorizer notes
/// the first action it refused.
fn lock_down(conn: &mut Connection) -> Result<Arc<Mutex<Option<String>>>, KamError> {
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0).map_err(sqlite_error)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true).map_err(sqlite_error)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false).map_err(sqlite_error)?;
    conn.execute_batch("PRAGMA query_only = ON").map_err(sqlite_error)?;
    let refused: Arc<Mutex<Option<String>>> = Arc::default();
    let noted = Arc::clone(&refused);
    conn.authorizer(Some(move |ctx: AuthContext<'_>| match refusal(&ctx.action) {
        None => Authorization::Allow,
        Some(what) => {
            if let Ok(mut first) = noted.lock() {
                first.get_or_insert(what);
            }
            Authorization::Deny
        }
    }))
    .map_err(sqlite_error)?;
    Ok(refused)
}

fn read_only_error(what: &str) -> KamError {
    KamError::usage(format!("kam sql is read-only: {what} is not allowed"))
        .with_hint("ask with one SELECT (or WITH … SELECT) statement")
}

/// Runs `sql`, one read-only statement, on `conn` (from `sqlite::in_memory`) and returns
/// its result. Every refusal and every SQL error is a usage error naming the problem.
pub fn query(mut conn: Connection, sql: &str) -> Result<Rows, KamError> {
    let refused = lock_down(&mut conn)?;
    let first_refusal = || refused.lock().ok().and_then(|r| r.clone());
    let mut stmt = match conn.prepare(sql) {
        Ok(stmt) => stmt,
        Err(rusqlite::Error::MultipleStatement) => {
            return Err(KamError::usage("kam sql runs one statement; found more than one")
                .with_hint("remove everything after the first `;`"));
        }
        Err(rusqlite::Error::Empty) => return Err(KamError::usage("no SQL statement given")),
        Err(e) => {
            return Err(match first_refusal() {
                Some(what) => read_only_error(&what),
                None => user_error(e),
            });
        }
    };
    if !stmt.readonly() {
        return Err(read_only_error("a statement that writes"));
    }
    let columns: Vec<String> = stmt.column_names().map(String::from).collect();
    let mut rows = Rows { columns, ..Rows::default() };
    let width = rows.columns.len();
    let mut result = stmt.query([]).map_err(user_error)?;
    while let Some(row) = result.next().map_err(user_error)? {
        let mut cells = Vec::with_capacity(width);
        for i in 0..width {
            cells.push(value(row.get_ref(i).map_err(user_error)?));
        }
        rows.push(cells);
    }
    Ok(rows)
}

/// An error in the user's SQL (syntax, unknown table or column, a failing function).
fn user_error(e: rusqlite::Error) -> KamError {
    let message = match &e {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        e => e.to_string(),
    };
    KamError::usage(format!("SQL error: {message}"))
}

/// An SQLite value as a cell: INTEGER → Int, REAL → Num, TEXT → Text, NULL → Null, and a
/// BLOB as lowercase hex text.
fn value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Int(n),
        ValueRef::Real(x) => Value::Num(x),
        ValueRef::Text(bytes) => Value::Text(String::from_utf8_lossy(bytes).into_owned()),
        ValueRef::Blob(bytes) => Value::Text(bytes.iter().map(|b| format!("{b:02x}")).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER, b REAL, c TEXT, d BLOB); INSERT INTO t VALUES (1, 2.5, 'x', x'00ff'), (NULL, NULL, NULL, NULL);").unwrap();
        conn
    }

    fn refused(sql: &str) -> String {
        match query(db(), sql) {
            Ok(rows) => panic!("{sql} ran: {:?}", rows.rows),
            Err(e) => {
                assert_eq!(e.code, crate::error::exit::USAGE, "{sql}: {}", e.message);
                e.message
            }
        }
    }

    #[test]
    fn values_map_to_cells() {
        let rows = query(db(), "SELECT a, b, c, d FROM t").unwrap();
        assert_eq!(rows.columns, ["a", "b", "c", "d"]);
        assert_eq!(rows.rows[0], [Value::Int(1), Value::Num(2.5), Value::Text("x".into()), Value::Text("00ff".into())]);
        assert_eq!(rows.rows[1], [Value::Null, Value::Null, Value::Null, Value::Null]);
    }

    #[test]
    fn writes_and_escapes_are_refused_by_name() {
        assert_eq!(refused("DELETE FROM t"), "kam sql is read-only: DELETE from t is not allowed");
        assert_eq!(refused("UPDATE t SET a = 2"), "kam sql is read-only: UPDATE of t is not allowed");
        assert_eq!(refused("INSERT INTO t (a) VALUES (3)"), "kam sql is read-only: INSERT into t is not allowed");
        assert_eq!(refused("CREATE TABLE u (x)"), "kam sql is read-only: CREATE TABLE u is not allowed");
        assert_eq!(refused("CREATE TEMP VIEW v AS SELECT 1"), "kam sql is read-only: CREATE VIEW v is not allowed");
        assert_eq!(refused("DROP TABLE t"), "kam sql is read-only: DROP TABLE t is not allowed");
        assert_eq!(refused("ALTER TABLE t ADD COLUMN e"), "kam sql is read-only: ALTER TABLE t is not allowed");
        assert_eq!(refused("ATTACH 'x.db' AS x"), "kam sql is read-only: ATTACH is not allowed");
        assert_eq!(refused("DETACH main"), "kam sql is read-only: DETACH is not allowed");
        assert_eq!(refused("PRAGMA query_only = OFF"), "kam sql is read-only: PRAGMA query_only = OFF is not allowed");
        assert_eq!(refused("PRAGMA writable_schema"), "kam sql is read-only: PRAGMA writable_schema is not allowed");
        assert_eq!(refused("SELECT load_extension('x')"), "kam sql is read-only: load_extension() is not allowed");
        assert_eq!(refused("BEGIN"), "kam sql is read-only: transaction control is not allowed");
        // Let through by the authorizer (see `refusal`), refused by SQLite itself.
        assert_eq!(
            refused("INSERT INTO sqlite_master VALUES ('table', 'x', 'x', 0, '')"),
            "SQL error: table sqlite_master may not be modified"
        );
        assert_eq!(refused("VACUUM INTO 'copy.db'"), "kam sql is read-only: a statement that writes is not allowed");
        assert_eq!(refused("SELECT 1; SELECT 2"), "kam sql runs one statement; found more than one");
        assert_eq!(refused("  -- nothing\n"), "no SQL statement given");
        assert_eq!(refused("SELEC 1"), "SQL error: near \"SELEC\": syntax error");
        assert_eq!(refused("SELECT nope FROM t"), "SQL error: no such column: nope");
        assert!(!std::path::Path::new("x.db").exists() && !std::path::Path::new("copy.db").exists());
    }

    #[test]
    fn schema_reading_pragmas_and_a_trailing_semicolon_are_fine() {
        let rows = query(db(), "SELECT name, type FROM pragma_table_info('t') ORDER BY cid;").unwrap();
        assert_eq!(rows.rows.len(), 4);
        assert_eq!(rows.rows[3], [Value::Text("d".into()), Value::Text("BLOB".into())]);
        assert_eq!(query(db(), "PRAGMA table_info(t)").unwrap().rows.len(), 4);
        let rows = query(
            db(),
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT sum(x) FROM n",
        )
        .unwrap();
        assert_eq!(rows.rows, [[Value::Int(6)]]);
    }
}
