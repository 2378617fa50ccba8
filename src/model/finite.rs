//! `Finite`: a finite `f64` — the only kind of number the reader accepts — in a form whose
//! `Option` takes 8 bytes instead of 16. Interactions carry three optional numbers
//! (`amount`, `units`, `margin`); in a book of 100 000 interactions the difference is
//! megabytes.
//!
//! The number is stored as its bits XOR the bits of NaN: a finite number never has NaN's
//! bits, so the stored value is never zero, which leaves zero to mean `None`.

use schemars::JsonSchema;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::num::NonZeroU64;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Finite(NonZeroU64);

const NAN_BITS: u64 = 0x7ff8_0000_0000_0000;

impl Finite {
    /// `x`, or `None` when it is infinite or NaN.
    pub fn new(x: f64) -> Option<Finite> {
        if x.is_finite() { NonZeroU64::new(x.to_bits() ^ NAN_BITS).map(Finite) } else { None }
    }

    pub fn get(self) -> f64 {
        f64::from_bits(self.0.get() ^ NAN_BITS)
    }
}

impl std::fmt::Debug for Finite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.get(), f)
    }
}

impl From<Finite> for f64 {
    fn from(x: Finite) -> f64 {
        x.get()
    }
}

impl From<Finite> for crate::value::Value {
    fn from(x: Finite) -> Self {
        crate::value::Value::Num(x.get())
    }
}

/// Whole numbers serialize as integers (`246000`, not `246000.0`), as kam's other JSON
/// writes amounts.
impl Serialize for Finite {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::score::json::number(&self.get(), s)
    }
}

/// A finite number is a number in the JSON Schemas.
impl JsonSchema for Finite {
    fn inline_schema() -> bool {
        f64::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        f64::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        f64::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        f64::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finite_number_comes_back_bit_for_bit() {
        for x in [0.0, -0.0, 1.5, -2.25e-300, f64::MAX, f64::MIN, f64::MIN_POSITIVE, 540_000.0] {
            let stored = Finite::new(x).unwrap();
            assert_eq!(stored.get().to_bits(), x.to_bits());
        }
        assert!(Finite::new(f64::NAN).is_none());
        assert!(Finite::new(f64::INFINITY).is_none());
        assert_eq!(size_of::<Option<Finite>>(), 8);
        assert_eq!(NAN_BITS, f64::NAN.to_bits());
    }
}
