//! `ShortList<T>`: an immutable list that is almost always of one item — the people in an
//! interaction's `by`, the contacts in its `with`. One item is held in place, with no
//! allocation of its own; any other number in one allocation that holds its length (none
//! for an empty list), behind a single pointer. Reads as a slice.

use schemars::JsonSchema;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::ops::Deref;
use thin_vec::ThinVec;

/// Two variants, not three (no `Empty`): the tag then fits in the item's own unused bit
/// patterns, and a list of one takes no more room than its item. `ThinVec` keeps its
/// length with its items, so `Many` is one pointer and fits beside an item's pointer.
#[derive(Clone, PartialEq, Eq)]
pub enum ShortList<T> {
    One(T),
    Many(ThinVec<T>),
}

impl<T> Default for ShortList<T> {
    fn default() -> Self {
        ShortList::Many(ThinVec::new())
    }
}

impl<T> Deref for ShortList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            ShortList::One(item) => std::slice::from_ref(item),
            ShortList::Many(items) => items,
        }
    }
}

impl<T> From<Vec<T>> for ShortList<T> {
    fn from(mut items: Vec<T>) -> Self {
        if items.len() == 1
            && let Some(item) = items.pop()
        {
            return ShortList::One(item);
        }
        let mut many = ThinVec::with_capacity(items.len());
        many.extend(items);
        ShortList::Many(many)
    }
}

impl<T> FromIterator<T> for ShortList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        iter.into_iter().collect::<Vec<T>>().into()
    }
}

impl<'a, T> IntoIterator for &'a ShortList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for ShortList<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for ShortList<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

/// The schema of a short list is the schema of a list.
impl<T: JsonSchema> JsonSchema for ShortList<T> {
    fn inline_schema() -> bool {
        Vec::<T>::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        Vec::<T>::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        Vec::<T>::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Vec::<T>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Located, Symbol};

    #[test]
    fn a_short_list_reads_as_the_slice_it_was_made_from() {
        for items in [vec![], vec!["li"], vec!["li", "wang", "zhang"]] {
            let list: ShortList<&str> = items.clone().into();
            assert_eq!(&*list, items.as_slice());
            assert_eq!(list.iter().count(), items.len());
            assert_eq!(serde_json::to_string(&list).unwrap(), serde_json::to_string(&items).unwrap());
        }
        // A list takes no more room than one item.
        assert_eq!(size_of::<ShortList<Located<Symbol>>>(), size_of::<Located<Symbol>>());
    }
}
