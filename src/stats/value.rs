//! [`StatsValue`]: a stats member kept as the browser reported it.

use std::collections::BTreeMap;
use std::fmt;

use js_sys::{Array, Reflect};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::error::Error;

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

/// How deep [`StatsValue::from_js`] follows nested objects and arrays.
/// Stats members nest two levels at most (`qualityLimitationDurations`);
/// the limit stops a cyclic or absurdly deep value.
pub const MAX_DEPTH: usize = 32;

/// How many values one [`StatsValue::from_js`] or
/// [`Stats::from_js`](super::Stats::from_js) reads at most: an object that
/// refers to one member many times over is read once per reference, so depth
/// alone does not bound the work.
pub const MAX_VALUES: usize = 1 << 20;

/// The walk through one JavaScript value: the objects being read (to tell a
/// cycle) and the values read so far.
#[derive(Default)]
struct Walk {
    ancestors: Vec<JsValue>,
    values: usize,
}

impl Walk {
    fn value(&mut self, value: &JsValue) -> Result<StatsValue, Error> {
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(Error::Decode(format!(
                "a stats value with more than {MAX_VALUES} members"
            )));
        }
        // Most members are numbers, then strings: test those first, each test
        // being a call into JavaScript.
        if let Some(n) = value.as_f64() {
            Ok(StatsValue::Number(n))
        } else if let Some(s) = value.as_string() {
            Ok(StatsValue::String(s))
        } else if let Some(b) = value.as_bool() {
            Ok(StatsValue::Bool(b))
        } else if value.is_object() && !value.is_function() {
            self.enter(value)?;
            let read = if Array::is_array(value) {
                self.items(value).map(StatsValue::Array)
            } else {
                self.members(value).map(StatsValue::Object)
            };
            self.ancestors.pop();
            read
        } else {
            Ok(StatsValue::Null)
        }
    }

    /// Starts reading the members of `object`.
    fn enter(&mut self, object: &JsValue) -> Result<(), Error> {
        if self.ancestors.len() >= MAX_DEPTH {
            return Err(Error::Decode(format!(
                "a stats value nested deeper than {MAX_DEPTH} levels"
            )));
        }
        if self.ancestors.iter().any(|ancestor| ancestor == object) {
            return Err(Error::Decode("a stats value that contains itself".into()));
        }
        self.ancestors.push(object.clone());
        Ok(())
    }

    fn items(&mut self, array: &JsValue) -> Result<Vec<StatsValue>, Error> {
        let length = Reflect::get(array, &JsValue::from_str("length"))
            .map_err(thrown)?
            .as_f64()
            .unwrap_or(0.0);
        // An array's length is an integer below 2^32; more items than the
        // value budget fail on the budget.
        let length = length.clamp(0.0, f64::from(u32::MAX)) as u32;
        let mut items = Vec::new();
        for index in 0..length {
            let item = Reflect::get_u32(array, index).map_err(thrown)?;
            items.push(self.value(&item)?);
        }
        Ok(items)
    }

    fn members(&mut self, object: &JsValue) -> Result<Members, Error> {
        let mut members = Members::new();
        for entry in object_entries(object).map_err(thrown)?.iter() {
            // `Object.entries` gives `[key, value]` arrays.
            let entry: Array = entry.unchecked_into();
            if let Some(key) = entry.get(0).as_string() {
                members.insert(key, self.value(&entry.get(1))?);
            }
        }
        Ok(members)
    }
}

/// What reading a member threw (a getter, a proxy), as a decode error.
fn thrown(error: JsValue) -> Error {
    Error::Decode(format!(
        "reading a stats value threw {}",
        Error::from_js(error)
    ))
}

#[wasm_bindgen]
extern "C" {
    /// `Object.entries`, catching what a getter or proxy throws.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(object: &JsValue) -> Result<Array, JsValue>;
}

impl StatsValue {
    /// Converts a JavaScript value; functions, symbols and `undefined`
    /// become `Null`.
    ///
    /// # Errors
    /// [`Error::Decode`] for a value that contains itself, nests deeper than
    /// [`MAX_DEPTH`] levels, holds more than [`MAX_VALUES`] values, or
    /// throws while it is read.
    pub fn from_js(value: &JsValue) -> Result<Self, Error> {
        Walk::default().value(value)
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

/// The own enumerable members of a JavaScript object (none when `value` is
/// not an object), under the limits of [`StatsValue::from_js`].
pub(crate) fn members_of(value: &JsValue) -> Result<Members, Error> {
    if !value.is_object() || value.is_function() {
        return Ok(Members::new());
    }
    let mut walk = Walk::default();
    walk.enter(value)?;
    walk.members(value)
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
