//! [`StatsValue`]: a stats member kept as the browser reported it.

use std::collections::BTreeMap;
use std::fmt;

use js_sys::{Array, Object};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// Members of a stats object, by name.
pub type Members = BTreeMap<String, StatsValue>;

/// A stats member in its JSON form: what the crate keeps for members it does
/// not model, or whose type is not the one the spec says.
#[derive(Debug, Clone, PartialEq)]
pub enum StatsValue {
    /// `null` (or `undefined`).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<StatsValue>),
    /// An object, such as `qualityLimitationDurations`.
    Object(BTreeMap<String, StatsValue>),
}

impl Serialize for StatsValue {
    /// JSON as the browser would write it: whole numbers without a fraction.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            StatsValue::Null => serializer.serialize_unit(),
            StatsValue::Bool(b) => serializer.serialize_bool(*b),
            StatsValue::Number(n) if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 => {
                serializer.serialize_i64(*n as i64)
            }
            StatsValue::Number(n) => serializer.serialize_f64(*n),
            StatsValue::String(s) => serializer.serialize_str(s),
            StatsValue::Array(items) => items.serialize(serializer),
            StatsValue::Object(members) => members.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for StatsValue {
    /// Any JSON value (one pass, without the buffering of an untagged enum).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = StatsValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stats member")
    }

    fn visit_unit<E>(self) -> Result<StatsValue, E> {
        Ok(StatsValue::Null)
    }

    fn visit_none<E>(self) -> Result<StatsValue, E> {
        Ok(StatsValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<StatsValue, D::Error> {
        StatsValue::deserialize(deserializer)
    }

    fn visit_bool<E>(self, b: bool) -> Result<StatsValue, E> {
        Ok(StatsValue::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<StatsValue, E> {
        Ok(StatsValue::Number(n as f64))
    }

    fn visit_u64<E>(self, n: u64) -> Result<StatsValue, E> {
        Ok(StatsValue::Number(n as f64))
    }

    fn visit_f64<E>(self, n: f64) -> Result<StatsValue, E> {
        Ok(StatsValue::Number(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<StatsValue, E> {
        Ok(StatsValue::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<StatsValue, E> {
        Ok(StatsValue::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StatsValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(StatsValue::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StatsValue, A::Error> {
        let mut members = BTreeMap::new();
        while let Some((key, value)) = map.next_entry()? {
            members.insert(key, value);
        }
        Ok(StatsValue::Object(members))
    }
}

impl StatsValue {
    /// Converts a JavaScript value; functions and symbols become `Null`.
    pub fn from_js(value: &JsValue) -> Self {
        // Most members are numbers, then strings: test those first, each test
        // being a call into JavaScript.
        if let Some(n) = value.as_f64() {
            StatsValue::Number(n)
        } else if let Some(s) = value.as_string() {
            StatsValue::String(s)
        } else if let Some(b) = value.as_bool() {
            StatsValue::Bool(b)
        } else if Array::is_array(value) {
            StatsValue::Array(
                value
                    .unchecked_ref::<Array>()
                    .iter()
                    .map(|v| Self::from_js(&v))
                    .collect(),
            )
        } else if value.is_object() && !value.is_function() {
            StatsValue::Object(members_of(value))
        } else {
            StatsValue::Null
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            StatsValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            StatsValue::String(s) => Some(s),
            _ => None,
        }
    }
}

/// The own enumerable members of a JavaScript object.
pub(crate) fn members_of(value: &JsValue) -> Members {
    if !value.is_object() {
        return Members::new();
    }
    Object::entries(value.unchecked_ref())
        .iter()
        .filter_map(|entry| {
            // `Object.entries` gives `[key, value]` arrays.
            let entry: Array = entry.unchecked_into();
            Some((
                entry.get(0).as_string()?,
                StatsValue::from_js(&entry.get(1)),
            ))
        })
        .collect()
}

/// A spec type a stats member decodes into; anything else stays a
/// [`StatsValue`] in the object's `other` members.
pub trait FromStatsValue: Sized {
    /// The typed value, or `None` when `value` has another type.
    fn from_stats_value(value: &StatsValue) -> Option<Self>;

    /// The typed value made from `value` itself, or `value` handed back when
    /// it has another type. By default this converts a borrow of it; a type
    /// that can take over the value's storage (as `String` does) overrides
    /// it so that decoding moves rather than copies.
    fn take_stats_value(value: StatsValue) -> Result<Self, StatsValue> {
        Self::from_stats_value(&value).ok_or(value)
    }
}

impl FromStatsValue for f64 {
    fn from_stats_value(value: &StatsValue) -> Option<Self> {
        value.as_f64()
    }
}

impl FromStatsValue for bool {
    fn from_stats_value(value: &StatsValue) -> Option<Self> {
        match value {
            StatsValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl FromStatsValue for String {
    fn from_stats_value(value: &StatsValue) -> Option<Self> {
        value.as_str().map(str::to_owned)
    }

    fn take_stats_value(value: StatsValue) -> Result<Self, StatsValue> {
        match value {
            StatsValue::String(text) => Ok(text),
            other => Err(other),
        }
    }
}

macro_rules! integer_member {
    ($($t:ty),*) => {$(
        impl FromStatsValue for $t {
            fn from_stats_value(value: &StatsValue) -> Option<Self> {
                let n = value.as_f64()?;
                if n.fract() != 0.0 || n.abs() > 9_007_199_254_740_991.0 {
                    return None;
                }
                <$t>::try_from(n as i64).ok()
            }
        }
    )*};
}

integer_member!(u16, u32, u64, i64);

/// A stats object filled one member at a time.
pub(crate) trait TakeMembers {
    /// Takes one member into its typed field when it has the spec's type;
    /// otherwise hands it back (`Err`).
    fn set(&mut self, key: &str, value: StatsValue) -> Result<(), StatsValue>;

    /// Keeps a member that has no typed field.
    fn keep(&mut self, key: String, value: StatsValue);

    /// Takes every member into its typed field, keeping the others.
    fn take_all<K: AsRef<str> + Into<String>>(
        &mut self,
        members: impl IntoIterator<Item = (K, StatsValue)>,
    ) {
        for (key, value) in members {
            if let Err(value) = self.set(key.as_ref(), value) {
                self.keep(key.into(), value);
            }
        }
    }
}

/// `value` as a `T`; `Err` hands it back when it has another type.
pub(crate) fn typed<T: FromStatsValue>(value: StatsValue) -> Result<T, StatsValue> {
    T::take_stats_value(value)
}
