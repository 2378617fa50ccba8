//! How the score types write their numbers: a whole number as an integer (`1200000`, not
//! `1200000.0`), exactly as `kam ls` and every other JSON output do, by going through the
//! one rule of `Value::to_json`. Used with `#[serde(serialize_with)]` on every `f64`
//! field of the serialised score types; it does not round anything.

use crate::value::Value;
use serde::{Serialize, Serializer};

/// A number: an integer when whole, null when not finite.
pub fn number<S: Serializer>(n: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    Value::Num(*n).to_json().serialize(serializer)
}

/// An optional number: null when absent, else as `number`.
pub fn optional_number<S: Serializer>(n: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    n.map_or(Value::Null, Value::Num).to_json().serialize(serializer)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize)]
    struct Sample {
        #[serde(serialize_with = "super::number")]
        whole: f64,
        #[serde(serialize_with = "super::number")]
        fraction: f64,
        #[serde(serialize_with = "super::number")]
        not_finite: f64,
        #[serde(serialize_with = "super::optional_number")]
        some: Option<f64>,
        #[serde(serialize_with = "super::optional_number")]
        none: Option<f64>,
    }

    #[test]
    fn whole_numbers_are_integers_and_others_keep_their_digits() {
        let sample = Sample { whole: 1_200_000.0, fraction: 0.25, not_finite: f64::NAN, some: Some(-3.0), none: None };
        assert_eq!(
            serde_json::to_string(&sample).unwrap(),
            r#"{"whole":1200000,"fraction":0.25,"not_finite":null,"some":-3,"none":null}"#
        );
    }
}
