//! A typed, position-aware reader over one parsed TOML table.
//!
//! Model types describe themselves by asking a `TableReader` for each of their fields
//! (`r.string("name")`, `r.date("since")`, …). The reader checks the type, the range or
//! the vocabulary, records a diagnostic with line and column when a value is wrong, and
//! remembers every field asked for, so that `finish` reports *every* unknown key of the
//! table with a did-you-mean suggestion. A wrong field never stops the rest of the file
//! from being read: its value is simply absent.

use crate::diag::{Diagnostic, LineIndex, Pos, suggestion};
use crate::model::Located;
use crate::model::words::Word;
use chrono::NaiveDate;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

type Spanned<T> = toml::Spanned<T>;

/// The file being read: its path, text and the diagnostics found so far.
pub struct FileCtx<'a> {
    pub path: &'a str,
    text: &'a str,
    lines: LineIndex,
    pub diags: Vec<Diagnostic>,
}

impl<'a> FileCtx<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        FileCtx { path, text, lines: LineIndex::new(text), diags: Vec::new() }
    }

    pub fn pos(&self, span: Range<usize>) -> Pos {
        self.lines.pos(self.text, span.start)
    }

    pub fn report(&mut self, code: &'static str, pos: Option<Pos>, message: impl Into<String>) {
        let d = Diagnostic::new(code, self.path, pos, message);
        self.diags.push(d);
    }
}

/// The name TOML users know for a value's type.
fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "string",
        DeValue::Integer(_) => "integer",
        DeValue::Float(_) => "float",
        DeValue::Boolean(_) => "boolean",
        DeValue::Datetime(d) if d.time.is_none() => "date",
        DeValue::Datetime(d) if d.date.is_none() => "time",
        DeValue::Datetime(_) => "datetime",
        DeValue::Array(_) => "array",
        DeValue::Table(_) => "table",
    }
}

pub fn integer_of(v: &DeValue<'_>) -> Option<i64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

/// The digits of an integer too large for 64 bits (TOML's integers are 64-bit).
fn beyond_64_bits(v: &DeValue<'_>) -> Option<String> {
    match v {
        DeValue::Integer(i) if integer_of(v).is_none() => {
            let prefix = match i.radix() {
                16 => "0x",
                8 => "0o",
                2 => "0b",
                _ => "",
            };
            Some(format!("{prefix}{}", i.as_str()))
        }
        _ => None,
    }
}

pub fn float_of(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(_) => integer_of(v).map(|n| n as f64),
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        _ => None,
    }
}

/// The calendar date of a TOML date or datetime (the date part, in its own offset).
pub fn date_of(v: &DeValue<'_>) -> Option<NaiveDate> {
    match v {
        DeValue::Datetime(dt) => {
            let d = dt.date?;
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        _ => None,
    }
}

/// Reads the fields of one table. `prefix` is the dotted path of the table in its file
/// (`credit.`, `team[1].`), used in messages.
pub struct TableReader<'t, 'c, 'a> {
    table: &'t DeTable<'t>,
    span: Range<usize>,
    prefix: String,
    pub ctx: &'c mut FileCtx<'a>,
    known: Vec<&'static str>,
}

impl<'t, 'c, 'a> TableReader<'t, 'c, 'a> {
    pub fn new(table: &'t DeTable<'t>, span: Range<usize>, prefix: String, ctx: &'c mut FileCtx<'a>) -> Self {
        TableReader { table, span, prefix, ctx, known: Vec::new() }
    }

    /// The fields asked for so far (all of them, once `finish` is near): the file kind's
    /// vocabulary, used for suggestions and by the schema drift test.
    pub fn known(&self) -> &[&'static str] {
        &self.known
    }

    pub fn table_pos(&self) -> Pos {
        self.ctx.pos(self.span.clone())
    }

    fn name(&self, key: &str) -> String {
        format!("{}{}", self.prefix, key)
    }

    /// The raw value of `key`, registering `key` as a known field.
    pub fn raw(&mut self, key: &'static str) -> Option<&'t Spanned<DeValue<'t>>> {
        self.known.push(key);
        self.table.get(key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.table.get(key).is_some()
    }

    fn wrong_type(&mut self, key: &str, expected: &str, v: &Spanned<DeValue<'_>>) {
        let pos = self.ctx.pos(v.span());
        let found = type_name(v.get_ref());
        let mut msg = format!("`{}` must be {expected}, found {found}", self.name(key));
        if expected.contains("date") && found == "string" {
            // Show the fix on the user's own field, and their own date when it is one.
            let example = match v.get_ref() {
                DeValue::String(s) if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => s.to_string(),
                _ => "2019-04-01".to_string(),
            };
            msg.push_str(&format!(" (write dates without quotes: `{key} = {example}`)"));
        }
        self.ctx.report("E101", Some(pos), msg);
    }

    pub fn missing(&mut self, key: &str) {
        let msg = format!("missing required field `{}`", self.name(key));
        let pos = (!self.prefix.is_empty()).then(|| self.table_pos());
        self.ctx.report("E103", pos, msg);
    }

    /// A string, as the type the caller keeps it in: a `String`, a `Box<str>` (free text,
    /// no spare capacity) or a `Symbol` (ids, shared with every equal one).
    pub fn string<S: for<'s> From<&'s str>>(&mut self, key: &'static str) -> Option<Located<S>> {
        self.str_value(key).map(|s| Located::new(S::from(s.value), s.pos))
    }

    /// A string borrowed from the parsed table.
    fn str_value(&mut self, key: &'static str) -> Option<Located<&'t str>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Located::new(s.as_ref(), self.ctx.pos(v.span()))),
            _ => {
                self.wrong_type(key, "a string", v);
                None
            }
        }
    }

    pub fn req_string<S: for<'s> From<&'s str>>(&mut self, key: &'static str) -> Option<Located<S>> {
        let had = self.has(key);
        let s = self.string(key);
        if !had {
            self.missing(key);
        }
        s
    }

    pub fn boolean(&mut self, key: &'static str) -> Option<bool> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, "true or false", v);
                None
            }
        }
    }

    /// An integer within `min..=max`.
    pub fn int(&mut self, key: &'static str, min: i64, max: i64) -> Option<i64> {
        let v = self.raw(key)?;
        let Some(n) = integer_of(v.get_ref()) else {
            match beyond_64_bits(v.get_ref()) {
                Some(found) => self.out_of_range(key, v, &found, min as f64, max as f64),
                None => self.wrong_type(key, "an integer", v),
            }
            return None;
        };
        if n < min || n > max {
            self.out_of_range(key, v, &n.to_string(), min as f64, max as f64);
            return None;
        }
        Some(n)
    }

    /// A number (integer or float) within `min..=max`.
    pub fn number(&mut self, key: &'static str, min: f64, max: f64) -> Option<f64> {
        let v = self.raw(key)?;
        // `nan` and `inf` are numbers of the wrong range, not of the wrong type; so is an
        // integer beyond 64 bits.
        let Some(n) = float_of(v.get_ref()) else {
            match beyond_64_bits(v.get_ref()) {
                Some(found) => self.out_of_range(key, v, &found, min, max),
                None => self.wrong_type(key, "a number", v),
            }
            return None;
        };
        if !n.is_finite() || n < min || n > max {
            self.out_of_range(key, v, &n.to_string(), min, max);
            return None;
        }
        Some(n)
    }

    fn out_of_range(&mut self, key: &str, v: &Spanned<DeValue<'_>>, found: &str, min: f64, max: f64) {
        let pos = self.ctx.pos(v.span());
        let range = if min == f64::MIN {
            "a finite number".to_string()
        } else if max == f64::MAX || max == i64::MAX as f64 {
            format!("at least {min}")
        } else {
            format!("between {min} and {max}")
        };
        let msg = format!("`{}` must be {range}, found {found}", self.name(key));
        self.ctx.report("E105", Some(pos), msg);
    }

    /// A local date (`2026-11-20`); a datetime is accepted only when `allow_datetime`.
    pub fn date_value(&mut self, key: &'static str, allow_datetime: bool) -> Option<Located<NaiveDate>> {
        let v = self.raw(key)?;
        let pos = self.ctx.pos(v.span());
        match v.get_ref() {
            DeValue::Datetime(dt) if dt.date.is_some() && (dt.time.is_none() || allow_datetime) => {
                match date_of(v.get_ref()) {
                    Some(d) => Some(Located::new(d, pos)),
                    None => {
                        let msg = format!("`{}` is not a valid calendar date", self.name(key));
                        self.ctx.report("E106", Some(pos), msg);
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(key, if allow_datetime { "a date or datetime" } else { "a date" }, v);
                None
            }
        }
    }

    pub fn date(&mut self, key: &'static str) -> Option<Located<NaiveDate>> {
        self.date_value(key, false)
    }

    /// A word from a closed vocabulary.
    pub fn word<W: Word>(&mut self, key: &'static str) -> Option<Located<W>> {
        let s = self.str_value(key)?;
        self.parse_word(key, s)
    }

    fn parse_word<W: Word>(&mut self, key: &str, s: Located<&str>) -> Option<Located<W>> {
        match W::from_word(s.value) {
            Some(w) => Some(Located::new(w, s.pos)),
            None => {
                let msg = format!(
                    "`{}` must be one of {}; found `{}`{}",
                    self.name(key),
                    W::WORDS.join(", "),
                    s.value,
                    suggestion(s.value, W::WORDS.iter().copied())
                );
                self.ctx.report("E104", Some(s.pos), msg);
                None
            }
        }
    }

    /// An array of strings, as `string` keeps them. A single string is accepted as a
    /// one-element list.
    pub fn strings<S: for<'s> From<&'s str>>(&mut self, key: &'static str) -> Vec<Located<S>> {
        self.str_values(key).into_iter().map(|s| Located::new(S::from(s.value), s.pos)).collect()
    }

    fn str_values(&mut self, key: &'static str) -> Vec<Located<&'t str>> {
        let Some(v) = self.raw(key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::String(s) => vec![Located::new(s.as_ref(), self.ctx.pos(v.span()))],
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Located::new(s.as_ref(), self.ctx.pos(item.span()))),
                        other => {
                            let pos = self.ctx.pos(item.span());
                            let msg = format!("`{}[{i}]` must be a string, found {}", self.name(key), type_name(other));
                            self.ctx.report("E101", Some(pos), msg);
                        }
                    }
                }
                out
            }
            _ => {
                self.wrong_type(key, "an array of strings", v);
                Vec::new()
            }
        }
    }

    /// An array of vocabulary words.
    pub fn words<W: Word>(&mut self, key: &'static str) -> Vec<Located<W>> {
        let items = self.str_values(key);
        items.into_iter().filter_map(|s| self.parse_word(key, s)).collect()
    }

    /// A sub-table, read by `read`.
    pub fn table<T>(&mut self, key: &'static str, read: impl FnOnce(&mut TableReader<'t, '_, 'a>) -> T) -> Option<T> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Table(t) => {
                let prefix = format!("{}.", self.name(key));
                let mut sub = TableReader::new(t, v.span(), prefix, self.ctx);
                let out = read(&mut sub);
                sub.finish();
                Some(out)
            }
            _ => {
                self.wrong_type(key, "a table", v);
                None
            }
        }
    }

    /// An array of tables (`[[action]]` or `team = [{ … }, …]`), each read by `read`.
    pub fn tables<T>(&mut self, key: &'static str, mut read: impl FnMut(&mut TableReader<'t, '_, 'a>) -> T) -> Vec<T> {
        let Some(v) = self.raw(key) else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, "an array of tables", v);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(t) => {
                    let prefix = format!("{}[{i}].", self.name(key));
                    let mut sub = TableReader::new(t, item.span(), prefix, self.ctx);
                    out.push(read(&mut sub));
                    sub.finish();
                }
                other => {
                    let pos = self.ctx.pos(item.span());
                    let msg = format!("`{}[{i}]` must be a table, found {}", self.name(key), type_name(other));
                    self.ctx.report("E101", Some(pos), msg);
                }
            }
        }
        out
    }

    /// Every key of a free-form table (`[tiers]`, `[queries]`), each read by `read` with
    /// its name. Such tables have no unknown keys.
    pub fn entries<T>(
        &mut self,
        key: &'static str,
        mut read: impl FnMut(&str, Pos, &'t Spanned<DeValue<'t>>, &mut TableReader<'t, '_, 'a>) -> Option<T>,
    ) -> Vec<T> {
        let Some(v) = self.raw(key) else { return Vec::new() };
        let DeValue::Table(t) = v.get_ref() else {
            self.wrong_type(key, "a table", v);
            return Vec::new();
        };
        let prefix = format!("{}.", self.name(key));
        let mut sub = TableReader::new(t, v.span(), prefix, self.ctx);
        let mut out = Vec::new();
        for (k, item) in t.iter() {
            let pos = sub.ctx.pos(k.span());
            if let Some(x) = read(k.get_ref(), pos, item, &mut sub) {
                out.push(x);
            }
        }
        out
    }

    /// Reports every key of the table that no one asked for.
    pub fn finish(self) {
        for (k, _) in self.table.iter() {
            let key: &str = k.get_ref();
            if !self.known.contains(&key) {
                let pos = self.ctx.pos(k.span());
                let msg =
                    format!("unknown field `{}{}`{}", self.prefix, key, suggestion(key, self.known.iter().copied()));
                self.ctx.report("E102", Some(pos), msg);
            }
        }
    }
}
