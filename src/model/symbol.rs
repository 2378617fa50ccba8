//! `Symbol`: an immutable string shared by every value equal to it — the ids a book
//! repeats thousands of times (the account of each of its files, the people in `by`, the
//! contacts in `with`, stages, tags). A symbol is one pointer (8 bytes: the length sits
//! with the text); equal symbols read while loading share one allocation instead of a
//! `String` each.
//!
//! Sharing is done by `Symbol::intern` through a small table per thread: a cache, not a
//! registry — two equal symbols compare equal whether or not they share memory, and the
//! table forgets entries nobody holds once it is full, so it stays bounded.

use arcstr::ArcStr;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};
use std::borrow::{Borrow, Cow};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;

#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Symbol(ArcStr);

/// Entries a thread's table holds before those no one else holds are forgotten: far more
/// than the distinct ids of a large book, little memory.
const TABLE_LIMIT: usize = 1 << 16;

thread_local! {
    static TABLE: RefCell<HashSet<Symbol>> = RefCell::new(HashSet::new());
}

impl Symbol {
    /// The symbol for `s`, sharing memory with an equal symbol interned before on this
    /// thread.
    pub fn intern(s: &str) -> Symbol {
        TABLE.with(|table| {
            let mut table = table.borrow_mut();
            if let Some(found) = table.get(s) {
                return found.clone();
            }
            if table.len() >= TABLE_LIMIT {
                table.retain(|sym| ArcStr::strong_count(&sym.0).is_none_or(|n| n > 1));
                if table.len() >= TABLE_LIMIT / 2 {
                    table.clear();
                }
            }
            let sym = Symbol(ArcStr::from(s));
            table.insert(sym.clone());
            sym
        })
    }

    /// A symbol of its own, for a value that no other shares (an interaction's id): no
    /// table entry for it.
    pub fn new(s: &str) -> Symbol {
        Symbol(ArcStr::from(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Symbol {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Symbol {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Symbol {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Symbol {
    fn from(s: &str) -> Self {
        Symbol::intern(s)
    }
}

impl From<String> for Symbol {
    fn from(s: String) -> Self {
        Symbol::intern(&s)
    }
}

impl From<&String> for Symbol {
    fn from(s: &String) -> Self {
        Symbol::intern(s)
    }
}

impl From<Symbol> for String {
    fn from(s: Symbol) -> Self {
        s.0.to_string()
    }
}

impl From<&Symbol> for String {
    fn from(s: &Symbol) -> Self {
        s.0.to_string()
    }
}

impl PartialEq<str> for Symbol {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Symbol {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Symbol {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Symbol> for str {
    fn eq(&self, other: &Symbol) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Symbol> for &str {
    fn eq(&self, other: &Symbol) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Symbol> for String {
    fn eq(&self, other: &Symbol) -> bool {
        **self == *other.0
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Symbol {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A symbol is a string in the JSON Schemas.
impl JsonSchema for Symbol {
    fn inline_schema() -> bool {
        String::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        String::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_symbols_share_memory_and_compare_as_strings() {
        let a = Symbol::intern("zhang-wei");
        let b = Symbol::from(String::from("zhang-wei"));
        assert!(ArcStr::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "zhang-wei");
        assert_eq!(a.as_str(), "zhang-wei");
        assert!(a < Symbol::intern("zhao"));
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"zhang-wei\"");
    }
}
