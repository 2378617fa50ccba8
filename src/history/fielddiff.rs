//! Field-level differences between two versions of one entity file, and the fields of one
//! version as a flat list (for blame).
//!
//! Files are parsed with the `toml` crate into generic values: nothing here requires valid
//! kam data, so a file with unknown fields or wrong types still diffs field by field. A
//! version that is not TOML at all is reported as `(unparseable)`, never an error.
//!
//! Field names are dotted paths: `credit.limit` for nested tables, `team[li-qiang].role` for
//! an entry of an array of tables found by its natural key (`who` for `team`, `name` for
//! `competitors`, `what` for `dates` and plan actions, `text` for strategies, else `id` or
//! `name`), and `action[2].done` (counting from 1) when the entries have no key that is
//! present and unique on both sides. Lists of plain values are compared as multisets:
//! `tags: + strategic`, `tags: - fleet`.
//!
//! This module knows nothing of git; `history` feeds it blobs.

use toml::{Table, Value};

/// The longest value shown in a change's text; longer ones end in `…` (JSON keeps them whole).
const SHOWN_CHARS: usize = 60;

/// The natural key of the entries of an array of tables, by the array's field name.
const KEYS: &[(&str, &str)] =
    &[("team", "who"), ("competitors", "name"), ("dates", "what"), ("action", "what"), ("strategy", "text")];

/// Keys tried for arrays of tables this module does not know.
const FALLBACK_KEYS: &[&str] = &["id", "name"];

/// One version of a file, as far as this module is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Absent,
    Unparseable,
    Valid,
}

impl State {
    fn label(self) -> &'static str {
        match self {
            State::Absent => "(none)",
            State::Unparseable => "(unparseable)",
            State::Valid => "valid TOML",
        }
    }

    /// `absent`, `unparseable` or `valid`, for JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Absent => "absent",
            State::Unparseable => "unparseable",
            State::Valid => "valid",
        }
    }
}

/// What happened to a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// The field's value changed; `before` or `after` is `None` when the field is absent.
    Set,
    /// An entry was added to a list field; `after` is the entry.
    Add,
    /// An entry was removed from a list field; `before` is the entry.
    Remove,
    /// One version is not TOML, so fields cannot be compared (`field` is empty).
    Unparseable { before: State, after: State },
}

/// One change of one field.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The dotted field path (for `Op::Unparseable`: empty, or the file's name when the
    /// caller has several files).
    pub field: String,
    pub op: Op,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// For entries of an array of tables added or removed: the key that names them.
    pub key: Option<&'static str>,
}

impl Change {
    fn set(field: &str, before: Option<&Value>, after: Option<&Value>) -> Self {
        Change { field: field.to_string(), op: Op::Set, before: before.cloned(), after: after.cloned(), key: None }
    }

    /// The change as one line: `tier: B → A`, `tags: + strategic`, `team: - wang-fang (service)`.
    pub fn text(&self) -> String {
        let entry = |v: &Option<Value>| v.as_ref().map_or(String::new(), |v| shorten(&entry_text(v, self.key)));
        let value = |v: &Option<Value>| v.as_ref().map_or("(none)".to_string(), |v| shorten(&render(v)));
        match &self.op {
            Op::Set => format!("{}: {} → {}", self.field, value(&self.before), value(&self.after)),
            Op::Add => format!("{}: + {}", self.field, entry(&self.after)),
            Op::Remove => format!("{}: - {}", self.field, entry(&self.before)),
            Op::Unparseable { before, after } => {
                let file = if self.field.is_empty() { "file" } else { self.field.as_str() };
                format!("{file}: {} → {}", before.label(), after.label())
            }
        }
    }

    /// `set`, `add`, `remove` or `unparseable`.
    pub fn op_name(&self) -> &'static str {
        match self.op {
            Op::Set => "set",
            Op::Add => "add",
            Op::Remove => "remove",
            Op::Unparseable { .. } => "unparseable",
        }
    }

    /// `field`, `before` and `after` as JSON: the field is null for an unparseable file,
    /// whose `before`/`after` are then `absent`, `unparseable` or `valid`.
    pub fn json_parts(&self) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
        use serde_json::Value as J;
        match &self.op {
            Op::Unparseable { before, after } => (J::Null, J::from(before.as_str()), J::from(after.as_str())),
            _ => {
                let value = |v: &Option<Value>| v.as_ref().map_or(J::Null, to_json);
                (J::from(self.field.as_str()), value(&self.before), value(&self.after))
            }
        }
    }

    /// Whether this change concerns `field` or a part of it: `credit` matches `credit.limit`,
    /// `team` matches `team[li-qiang].role`. A change of an unparseable file matches every
    /// field, since what it did to them cannot be known.
    pub fn concerns(&self, field: &str) -> bool {
        matches!(self.op, Op::Unparseable { .. }) || is_part_of(&self.field, field)
    }
}

/// Whether the dotted path `path` is `field` or inside it.
pub fn is_part_of(path: &str, field: &str) -> bool {
    match path.strip_prefix(field) {
        Some(rest) => rest.is_empty() || rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

/// Parses a file's bytes (a byte-order mark is accepted): `Err(State::Unparseable)` when they
/// are not UTF-8 TOML.
pub fn parse(bytes: &[u8]) -> Result<Table, State> {
    let text = std::str::from_utf8(bytes).map_err(|_| State::Unparseable)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.parse::<Table>().map_err(|_| State::Unparseable)
}

/// The changes from `before` to `after` (either absent: `None`), field by field.
pub fn diff(before: Option<&[u8]>, after: Option<&[u8]>) -> Vec<Change> {
    let side = |bytes: Option<&[u8]>| match bytes {
        None => Ok(Table::new()),
        Some(b) => parse(b),
    };
    let state = |bytes: Option<&[u8]>, parsed: &Result<Table, State>| match (bytes, parsed) {
        (None, _) => State::Absent,
        (Some(_), Ok(_)) => State::Valid,
        (Some(_), Err(s)) => *s,
    };
    let (b, a) = (side(before), side(after));
    match (&b, &a) {
        (Ok(b), Ok(a)) => diff_tables(b, a),
        _ => vec![Change {
            field: String::new(),
            op: Op::Unparseable { before: state(before, &b), after: state(after, &a) },
            before: None,
            after: None,
            key: None,
        }],
    }
}

/// The changes from one parsed table to another: in the order of `after`'s fields, then the
/// fields only `before` has, in its order.
pub fn diff_tables(before: &Table, after: &Table) -> Vec<Change> {
    let mut out = Vec::new();
    table_changes("", before, after, &mut out);
    out
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") }
}

fn table_changes(prefix: &str, before: &Table, after: &Table, out: &mut Vec<Change>) {
    for (name, a) in after {
        value_changes(&join(prefix, name), name, before.get(name), Some(a), out);
    }
    for (name, b) in before.iter().filter(|(name, _)| !after.contains_key(*name)) {
        value_changes(&join(prefix, name), name, Some(b), None, out);
    }
}

/// `path` is the field's full path, `name` its own name (which picks an array's key).
fn value_changes(path: &str, name: &str, before: Option<&Value>, after: Option<&Value>, out: &mut Vec<Change>) {
    if let (Some(b), Some(a)) = (before, after)
        && same(b, a)
    {
        return;
    }
    let empty_table = Table::new();
    let empty_array = Vec::new();
    match (before, after) {
        (Some(Value::Table(b)), Some(Value::Table(a))) => table_changes(path, b, a, out),
        (Some(Value::Table(b)), None) => table_changes(path, b, &empty_table, out),
        (None, Some(Value::Table(a))) => table_changes(path, &empty_table, a, out),
        (Some(Value::Array(b)), Some(Value::Array(a))) => array_changes(path, name, b, a, out),
        (Some(Value::Array(b)), None) => array_changes(path, name, b, &empty_array, out),
        (None, Some(Value::Array(a))) => array_changes(path, name, &empty_array, a, out),
        (b, a) => out.push(Change::set(path, b, a)),
    }
}

fn all_tables(items: &[Value]) -> bool {
    items.iter().all(|v| matches!(v, Value::Table(_)))
}

fn array_changes(path: &str, name: &str, before: &[Value], after: &[Value], out: &mut Vec<Change>) {
    if all_tables(before) && all_tables(after) && !(before.is_empty() && after.is_empty()) {
        match natural_key(name, &[before, after]) {
            Some(key) => keyed_changes(path, name, key, before, after, out),
            None => positional_changes(path, name, before, after, out),
        }
        return;
    }
    // Plain values: a multiset difference; a mere reordering shows the whole list.
    let mut unmatched: Vec<Option<&Value>> = after.iter().map(Some).collect();
    let mut removed = Vec::new();
    for b in before {
        match unmatched.iter_mut().find(|a| a.is_some_and(|a| same(a, b))) {
            Some(slot) => *slot = None,
            None => removed.push(b),
        }
    }
    let added: Vec<&Value> = unmatched.into_iter().flatten().collect();
    if removed.is_empty() && added.is_empty() {
        let whole = |items: &[Value]| Value::Array(items.to_vec());
        out.push(Change::set(path, Some(&whole(before)), Some(&whole(after))));
        return;
    }
    for b in removed {
        out.push(Change { field: path.to_string(), op: Op::Remove, before: Some(b.clone()), after: None, key: None });
    }
    for a in added {
        out.push(Change { field: path.to_string(), op: Op::Add, before: None, after: Some(a.clone()), key: None });
    }
}

/// The key that names the entries of the array of tables `name` in every one of `sides`:
/// present as a plain value in every entry and unique within each side.
pub fn natural_key(name: &str, sides: &[&[Value]]) -> Option<&'static str> {
    let known = KEYS.iter().filter(|(field, _)| *field == name).map(|(_, key)| *key);
    known.chain(FALLBACK_KEYS.iter().copied()).find(|key| {
        sides.iter().all(|items| {
            let mut seen = std::collections::HashSet::new();
            items.iter().all(|item| key_of(item, key).is_some_and(|k| seen.insert(k)))
        })
    })
}

/// An entry's key value as text, when it has one that is a plain value.
fn key_of(item: &Value, key: &str) -> Option<String> {
    match item {
        Value::Table(t) => match t.get(key)? {
            Value::Array(_) | Value::Table(_) => None,
            v => Some(render(v)),
        },
        _ => None,
    }
}

fn keyed_changes(path: &str, name: &str, key: &'static str, before: &[Value], after: &[Value], out: &mut Vec<Change>) {
    let find = |items: &[Value], k: &str| items.iter().find(|v| key_of(v, key).as_deref() == Some(k)).cloned();
    for b in before {
        let k = key_of(b, key).unwrap_or_default();
        match find(after, &k) {
            Some(a) => value_changes(&format!("{path}[{k}]"), name, Some(b), Some(&a), out),
            None => out.push(Change {
                field: path.to_string(),
                op: Op::Remove,
                before: Some(b.clone()),
                after: None,
                key: Some(key),
            }),
        }
    }
    for a in after {
        let k = key_of(a, key).unwrap_or_default();
        if find(before, &k).is_none() {
            out.push(Change {
                field: path.to_string(),
                op: Op::Add,
                before: None,
                after: Some(a.clone()),
                key: Some(key),
            });
        }
    }
}

fn positional_changes(path: &str, name: &str, before: &[Value], after: &[Value], out: &mut Vec<Change>) {
    for (i, (b, a)) in before.iter().zip(after).enumerate() {
        value_changes(&format!("{path}[{}]", i + 1), name, Some(b), Some(a), out);
    }
    for b in before.iter().skip(after.len()) {
        out.push(Change { field: path.to_string(), op: Op::Remove, before: Some(b.clone()), after: None, key: None });
    }
    for a in after.iter().skip(before.len()) {
        out.push(Change { field: path.to_string(), op: Op::Add, before: None, after: Some(a.clone()), key: None });
    }
}

/// Value equality where a NaN equals a NaN (so an unchanged `nan` is not a change) and
/// tables compare regardless of key order.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Table(x), Value::Table(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Every field of a table as (dotted path, value), in document order: the leaves of nested
/// tables and of arrays of tables (named as in `diff`); any other array is one field. An
/// entry found by its key is a field of its own (`team[li-qiang]`, valued by the key) and
/// its key is not repeated among its fields.
pub fn fields(table: &Table) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    table_fields("", table, &mut out);
    out
}

fn table_fields(prefix: &str, table: &Table, out: &mut Vec<(String, Value)>) {
    for (name, value) in table {
        value_fields(&join(prefix, name), name, value, out);
    }
}

fn value_fields(path: &str, name: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Table(t) => table_fields(path, t, out),
        Value::Array(items) if !items.is_empty() && all_tables(items) => {
            let key = natural_key(name, &[items]);
            for (i, item) in items.iter().enumerate() {
                let (Some(key), Value::Table(entry)) = (key, item) else {
                    value_fields(&format!("{path}[{}]", i + 1), name, item, out);
                    continue;
                };
                // The entry itself is a field (its key is its value), so that an entry
                // with nothing but its key still shows; then its other fields.
                let label = key_of(item, key).unwrap_or_default();
                let entry_path = format!("{path}[{label}]");
                out.push((entry_path.clone(), Value::String(label)));
                for (field, value) in entry.iter().filter(|(field, _)| field.as_str() != key) {
                    value_fields(&join(&entry_path, field), field, value, out);
                }
            }
        }
        v => out.push((path.to_string(), v.clone())),
    }
}

/// A value as a person reads it: strings without quotes, lists as `[a, b]`, tables as
/// `{k = v}`, whole floats with their `.0` (so `1.0 → 1` shows a change of type).
pub fn render(value: &Value) -> String {
    match value {
        Value::String(s) if s.is_empty() => "\"\"".to_string(),
        Value::String(s) => s.clone(),
        Value::Integer(n) => n.to_string(),
        Value::Float(x) if x.is_nan() => "nan".to_string(),
        Value::Float(x) if x.is_infinite() => if *x > 0.0 { "inf" } else { "-inf" }.to_string(),
        Value::Float(x) if x.fract() == 0.0 && x.abs() < 1e16 => format!("{x:.1}"),
        Value::Float(x) => x.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(items) => format!("[{}]", items.iter().map(render).collect::<Vec<_>>().join(", ")),
        Value::Table(t) => {
            let pairs: Vec<String> = t.iter().map(|(k, v)| format!("{k} = {}", render(v))).collect();
            format!("{{{}}}", pairs.join(", "))
        }
    }
}

/// An entry added to or removed from a list: a plain value as itself; a table named by its
/// key, with its other fields in parentheses (`li-qiang (gm)`, `华东汽贸 (position = incumbent, notes = …)`).
fn entry_text(value: &Value, key: Option<&str>) -> String {
    let (Value::Table(t), Some(key)) = (value, key) else { return render(value) };
    let head = t.get(key).map(render).unwrap_or_default();
    let rest: Vec<(&String, &Value)> = t.iter().filter(|(k, _)| k.as_str() != key).collect();
    match rest.as_slice() {
        [] => head,
        [(_, v)] => format!("{head} ({})", render(v)),
        _ => {
            let pairs: Vec<String> = rest.iter().map(|(k, v)| format!("{k} = {}", render(v))).collect();
            format!("{head} ({})", pairs.join(", "))
        }
    }
}

/// A value as `render` shows it, shortened to one line of at most 60 characters.
pub fn shown(value: &Value) -> String {
    shorten(&render(value))
}

fn shorten(s: &str) -> String {
    let s = if s.contains(['\n', '\r']) { s.replace("\r\n", " ").replace(['\n', '\r'], " ") } else { s.to_string() };
    if s.chars().count() <= SHOWN_CHARS {
        return s;
    }
    let mut cut: String = s.chars().take(SHOWN_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// A TOML value as JSON: datetimes as their TOML text (ISO-8601), non-finite floats as text.
pub fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::String(s) => J::String(s.clone()),
        Value::Integer(n) => J::from(*n),
        Value::Float(x) => serde_json::Number::from_f64(*x).map_or_else(|| J::String(render(value)), J::Number),
        Value::Boolean(b) => J::Bool(*b),
        Value::Datetime(d) => J::String(d.to_string()),
        Value::Array(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Table(t) => J::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}
