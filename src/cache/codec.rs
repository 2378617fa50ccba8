//! A compact binary form of the parsed model, for the parse cache.
//!
//! Every value writes itself to a byte vector and reads itself back from an `Input`;
//! reading never panics and gives `None` on anything malformed, so a damaged cache is only
//! a miss. The `codec!` macro lists each model struct's fields once and destructures the
//! struct without `..`: a field added to the model and not to its line here is a compile
//! error, never a field silently lost between a run and the next.

use crate::diag::Pos;
use crate::model::account::{Action, Competitor, Credit, KeyDate, Potential, Snooze, Strategy, TeamMember};
use crate::model::interaction::NextStep;
use crate::model::{Account, Contact, Finite, Interaction, Located, Opportunity, Plan, ShortList, Symbol};
use chrono::NaiveDate;

pub trait Codec: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn get(input: &mut Input<'_>) -> Option<Self>;
}

/// Bytes being decoded, consumed from the front.
pub struct Input<'a> {
    bytes: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Input { bytes }
    }

    pub fn remaining(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    pub fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    /// An unsigned LEB128 number.
    pub fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// A length, bounded by what is left to read (a damaged length cannot allocate much).
    pub fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.varint()?).ok()?;
        (n <= self.bytes.len()).then_some(n)
    }
}

pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

impl Codec for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        match input.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Codec for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, u64::from(*self));
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        u32::try_from(input.varint()?).ok()
    }
}

impl Codec for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, *self);
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        input.varint()
    }
}

/// Zigzag, so that small negative numbers stay short.
impl Codec for i64 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, ((*self << 1) ^ (*self >> 63)) as u64);
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        let v = input.varint()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
}

impl Codec for f64 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_bits().to_le_bytes());
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        Some(f64::from_bits(u64::from_le_bytes(input.take(8)?.try_into().ok()?)))
    }
}

impl Codec for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(out, self.as_bytes());
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        let n = input.len()?;
        std::str::from_utf8(input.take(n)?).ok().map(str::to_string)
    }
}

impl Codec for NaiveDate {
    fn put(&self, out: &mut Vec<u8>) {
        i64::from(chrono::Datelike::num_days_from_ce(self)).put(out);
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        NaiveDate::from_num_days_from_ce_opt(i32::try_from(i64::get(input)?).ok()?)
    }
}

impl Codec for Pos {
    fn put(&self, out: &mut Vec<u8>) {
        self.line.put(out);
        self.column.put(out);
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        Some(Pos { line: u32::get(input)?, column: u32::get(input)? })
    }
}

impl<T: Codec> Codec for Located<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.value.put(out);
        self.pos.put(out);
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        Some(Located { value: T::get(input)?, pos: Pos::get(input)? })
    }
}

impl<T: Codec> Codec for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.put(out);
            }
        }
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        match input.byte()? {
            0 => Some(None),
            1 => Some(Some(T::get(input)?)),
            _ => None,
        }
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        for v in self {
            v.put(out);
        }
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        // Every element takes at least one byte: a length beyond what is left is damage.
        let n = input.len()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::get(input)?);
        }
        Some(out)
    }
}

impl Codec for i8 {
    fn put(&self, out: &mut Vec<u8>) {
        i64::from(*self).put(out);
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        i8::try_from(i64::get(input)?).ok()
    }
}

impl Codec for Box<str> {
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(out, self.as_bytes());
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        let n = input.len()?;
        std::str::from_utf8(input.take(n)?).ok().map(Box::from)
    }
}

/// Shared as when read from TOML.
impl Codec for Symbol {
    fn put(&self, out: &mut Vec<u8>) {
        put_bytes(out, self.as_bytes());
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        let n = input.len()?;
        std::str::from_utf8(input.take(n)?).ok().map(Symbol::intern)
    }
}

impl Codec for Finite {
    fn put(&self, out: &mut Vec<u8>) {
        self.get().put(out);
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        Finite::new(f64::get(input)?)
    }
}

impl<T: Codec> Codec for ShortList<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        for v in self.iter() {
            v.put(out);
        }
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        Vec::<T>::get(input).map(ShortList::from)
    }
}

impl<T: Codec> Codec for Box<[T]> {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        for v in self.iter() {
            v.put(out);
        }
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        Vec::<T>::get(input).map(Vec::into_boxed_slice)
    }
}

impl<T: Codec> Codec for Box<T> {
    fn put(&self, out: &mut Vec<u8>) {
        (**self).put(out);
    }
    fn get(input: &mut Input<'_>) -> Option<Self> {
        T::get(input).map(Box::new)
    }
}

/// The codec of a struct, from the list of its fields; `default` lists the fields that
/// are not stored (filled in after loading, or from the path) and come back as defaults.
macro_rules! codec {
    ($ty:ident { $($field:ident),* $(,)? } $(default { $($skip:ident),* $(,)? })?) => {
        impl Codec for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                let $ty { $($field,)* $($($skip: _,)*)? } = self;
                $($field.put(out);)*
            }
            fn get(input: &mut Input<'_>) -> Option<Self> {
                Some($ty { $($field: Codec::get(input)?,)* $($($skip: Default::default(),)*)? })
            }
        }
    };
}

codec!(Account {
    name, segment, industry, region, tier, status, owner, parent, since, tags, team, credit, potential,
    competitors, snooze, dates,
} default { id, path, plan, contacts, interactions, opportunities });
codec!(TeamMember { who, role });
codec!(Credit { limit, terms_days, rating });
codec!(Potential { annual_units, wallet });
codec!(Competitor { name, position, notes });
codec!(Snooze { until, reason });
codec!(KeyDate { what, on });
codec!(Plan { objective, review_by, strategy, action } default { path });
codec!(Strategy { kind, text });
codec!(Action { what, who, due, done });
codec!(Contact {
    name, title, roles, stance, influence, covered_by, email, phone, birthday, preferences, left,
} default { id, account, path });
codec!(Interaction {
    date, kind, by, with, summary, sentiment, next, amount, units, margin, opportunity, severity,
    status, resolved_on, score,
} default { id, account, path });
codec!(NextStep { what, due, who, done });
codec!(Opportunity {
    name, stage, amount, close, owner, contacts, competitors, lost_reason,
} default { id, account, path });

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FilePath;
    use crate::model::words::{InteractionKind, Sentiment};

    fn round<T: Codec>(v: &T) -> Option<T> {
        let mut out = Vec::new();
        v.put(&mut out);
        let mut input = Input::new(&out);
        let back = T::get(&mut input)?;
        input.is_empty().then_some(back)
    }

    #[test]
    fn numbers_round_trip_at_their_limits() {
        for v in [0i64, 1, -1, 63, -64, 64, i64::MAX, i64::MIN] {
            assert_eq!(round(&v), Some(v));
        }
        for v in [0u64, 127, 128, u64::MAX] {
            assert_eq!(round(&v), Some(v));
        }
        for v in [0.0f64, -0.0, 1.5, f64::MAX, f64::MIN_POSITIVE] {
            assert_eq!(round(&v).map(f64::to_bits), Some(v.to_bits()));
        }
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(round(&date), Some(date));
        assert_eq!(round(&"上海安吉物流".to_string()).as_deref(), Some("上海安吉物流"));
    }

    #[test]
    fn an_interaction_round_trips_with_positions() {
        let at = |line, column| Pos { line, column };
        let i = Interaction {
            id: "2026-11-20-qbr".into(),
            account: "anji".into(),
            path: FilePath::new("accounts/anji/interactions/2026-11-20-qbr.toml", &Symbol::new("2026-11-20-qbr")),
            date: Located::new(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), at(1, 8)),
            kind: InteractionKind::Order,
            by: vec![Located::new(Symbol::intern("li-wei"), at(3, 7))].into(),
            with: vec![Located::new(Symbol::intern("wang"), at(4, 9)), Located::new(Symbol::intern("li"), at(4, 17))]
                .into(),
            summary: Some("QBR".into()),
            sentiment: Some(Sentiment::Negative),
            next: Some(Box::new(NextStep { what: "call".into(), due: None, who: None, done: true })),
            amount: Finite::new(1200000.5),
            units: None,
            margin: Finite::new(-0.25),
            opportunity: None,
            severity: None,
            status: None,
            resolved_on: None,
            score: Some(10),
        };
        let back = round(&i).unwrap();
        assert_eq!(
            (back.path.to_string(), back.id.as_str()),
            (String::new(), ""),
            "the path is the cache's key; ids come from it"
        );
        let back = Interaction { path: i.path.clone(), id: i.id.clone(), account: i.account.clone(), ..back };
        assert_eq!(format!("{back:?}"), format!("{i:?}"));
    }

    #[test]
    fn damaged_bytes_are_a_miss_not_a_panic() {
        let mut out = Vec::new();
        Opportunity { name: "Fleet".into(), ..Opportunity::default() }.put(&mut out);
        for cut in 0..out.len() {
            let mut input = Input::new(&out[..cut]);
            assert!(Opportunity::get(&mut input).is_none(), "cut at {cut}");
        }
        // A length far beyond the bytes does not allocate it.
        let mut input = Input::new(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert!(Vec::<String>::get(&mut input).is_none());
        let mut input = Input::new(&[0xff; 12]);
        assert!(u64::get(&mut input).is_none());
    }
}
