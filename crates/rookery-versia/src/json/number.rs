//! Number formatting for Versia (versia.md §6.1, §13): no `1.0`, no exponents, no `-0`,
//! nothing beyond ±2^53.
//!
//! serde_json writes an integral `f64` as `1.0` and switches to exponent notation for
//! very small values; both are invalid Versia JSON. Fields typed `f64` (such as
//! ContentFormat `duration`) therefore serialize through [`f64_field`] / [`opt_f64_field`].

use serde::ser::Error as _;
use serde::Serializer;

/// The largest magnitude a Versia number may have: 2^53 (versia.md §6.1).
pub const MAX_SAFE_INTEGER: u64 = 1 << 53;

/// Decimal places kept for fractional values. Rounding to 5 places keeps every non-zero
/// value at or above 1e-5, which the shortest-representation formatter serde_json uses
/// still writes in plain decimal form (it switches to exponents from 1e-6 down).
const FRACTION_DIGITS: i32 = 5;

/// Serializes an `f64` as a plain Versia number: whole values as integers, fractional
/// values rounded to 10^-5 and written without exponent. NaN, infinities and
/// values beyond ±2^53 are an error (they have no Versia representation).
pub fn f64_field<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    let v = *value;
    if !v.is_finite() || v.abs() > MAX_SAFE_INTEGER as f64 {
        return Err(S::Error::custom(format_args!(
            "{v} cannot be written as a Versia number"
        )));
    }
    let rounded = if v.fract() == 0.0 {
        v
    } else {
        let scale = 10f64.powi(FRACTION_DIGITS);
        (v * scale).round() / scale
    };
    if rounded.fract() == 0.0 {
        // In range (checked above), so the cast is exact; it also turns -0 into 0.
        return serializer.serialize_i64(rounded as i64);
    }
    serializer.serialize_f64(rounded)
}

/// [`f64_field`] for optional fields; use together with
/// `skip_serializing_if = "Option::is_none"` or to emit `null`.
pub fn opt_f64_field<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => f64_field(v, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Holder(#[serde(serialize_with = "f64_field")] f64);

    fn show(v: f64) -> Result<String, serde_json::Error> {
        serde_json::to_string(&Holder(v))
    }

    #[test]
    fn writes_plain_decimals() {
        let table = [
            (1.0, "1"),
            (0.0, "0"),
            (-0.0, "0"),
            (12.5, "12.5"),
            (0.1 + 0.2, "0.3"),
            (1e-5, "0.00001"),
            (-1.5e-5, "-0.00002"),
            (1e-6, "0"),
            (123456789.123456, "123456789.12346"),
            (3.0e15, "3000000000000000"),
            (-2.25, "-2.25"),
            (9007199254740992.0, "9007199254740992"),
        ];
        for (input, expected) in table {
            assert_eq!(show(input).ok().as_deref(), Some(expected), "{input}");
        }
    }

    #[test]
    fn refuses_values_without_a_versia_form() {
        for v in [f64::NAN, f64::INFINITY, 1e300, -1e17] {
            assert!(show(v).is_err(), "{v}");
        }
    }
}
