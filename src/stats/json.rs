//! A whole stats report moved into wasm as one JSON text.
//!
//! Reading a report member by member costs a call into JavaScript for every
//! key and every value, which made up most of a typed decode. The browser's
//! own `JSON.stringify` writes every object of the report into one string
//! instead, and serde reads it back in one pass, each member going straight
//! into its typed field. The string enters wasm memory through
//! `TextEncoder.encodeInto`, which copies ASCII in bulk, rather than
//! character by character.
//!
//! JSON's rules apply to the members: one that is `undefined` or a function
//! is left out, and non-finite numbers become null. Browsers put none of
//! these in stats.

use js_sys::JsString;
use wasm_bindgen::prelude::*;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::value::StatsValue;
use crate::error::{Error, Result};

#[wasm_bindgen(inline_js = r#"
const encoder = new TextEncoder();
export function statsReportJson(report) {
  if (report === null || typeof report !== "object" || typeof report[Symbol.iterator] !== "function") {
    return undefined;
  }
  const objects = [];
  for (const entry of report) {
    const stats = Array.isArray(entry) ? entry[1] : entry;
    if (stats !== null && typeof stats === "object") objects.push(stats);
  }
  return JSON.stringify(objects);
}
export function encodeStatsJson(text, into) {
  return encoder.encodeInto(text, into).written;
}
"#)]
extern "C" {
    /// The report's stats objects as a JSON array, a JavaScript string left
    /// in JavaScript; `undefined` when `report` is not an iterable object.
    /// Throws what iterating or `JSON.stringify` throws.
    #[wasm_bindgen(catch, js_name = statsReportJson)]
    fn report_json_text(report: &JsValue) -> std::result::Result<JsValue, JsValue>;

    /// Writes `text` as UTF-8 into `into` (`TextEncoder.encodeInto`, which
    /// copies ASCII at memory speed); returns the bytes written.
    #[wasm_bindgen(js_name = encodeStatsJson)]
    fn encode_json(text: &JsString, into: &mut [u8]) -> usize;
}

/// The report's stats objects as a JSON array in UTF-8 (`report` is an
/// `RTCStatsReport`, or any iterable of stats objects or `[id, stats]`
/// entries).
pub(crate) fn report_json(report: &JsValue) -> Result<Vec<u8>> {
    let text = report_json_text(report).map_err(|thrown| {
        Error::Decode(format!(
            "a stats report could not be read: {}",
            Error::from_js(thrown)
        ))
    })?;
    let text = text
        .dyn_ref::<JsString>()
        .ok_or_else(|| Error::Decode("a stats report must be an iterable object".into()))?;
    let length = usize::try_from(text.length()).unwrap_or(usize::MAX);
    if length > MAX_REPORT_JSON {
        return Err(Error::Decode(format!(
            "a stats report of {length} JSON characters, over the limit of {MAX_REPORT_JSON}"
        )));
    }
    // A UTF-16 code unit takes at most three bytes of UTF-8.
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(length.saturating_mul(3))
        .map_err(|_| {
            Error::Decode(format!(
                "no memory for a stats report of {length} characters"
            ))
        })?;
    bytes.resize(length.saturating_mul(3), 0);
    let written = encode_json(text, &mut bytes).min(bytes.len());
    bytes.truncate(written);
    Ok(bytes)
}

/// The longest JSON text of a report [`StatsReport::from_js`](super::StatsReport::from_js)
/// reads, in UTF-16 code units (16 Mi): hundreds of times what a call with
/// dozens of tracks reports.
pub const MAX_REPORT_JSON: usize = 16 << 20;

/// The members of one stats object's JSON text.
pub(crate) fn object(json: &[u8]) -> Result<Pairs<'_>> {
    let object: Object<'_> = serde_json::from_slice(json)
        .map_err(|error| Error::Decode(format!("a stats object: {error}")))?;
    Ok(object.0)
}

/// What a report's index holds of one object, read without decoding its
/// other members: where its text is, its `id`, `type` and `timestamp`.
pub(crate) struct Head {
    pub(crate) span: Range<usize>,
    pub(crate) id: String,
    pub(crate) type_name: String,
    pub(crate) timestamp: f64,
}

/// The members the index reads; each is kept whatever its JSON type, so
/// that an object with an odd one is indexed as the typed decode reads it
/// (a member of another type counts as absent there too).
#[derive(Deserialize)]
struct HeadMembers {
    id: Option<StatsValue>,
    #[serde(rename = "type")]
    type_name: Option<StatsValue>,
    timestamp: Option<StatsValue>,
}

/// Indexes a JSON array of stats objects in two passes that allocate
/// nothing per member: one that finds each object's text, one per object
/// that reads its `id`, `type` and `timestamp` and skips the rest.
pub(crate) fn index(json: &[u8]) -> Result<Vec<Head>> {
    let invalid = |error: serde_json::Error| Error::Decode(format!("a stats report: {error}"));
    let objects: Vec<&RawValue> = serde_json::from_slice(json).map_err(invalid)?;
    objects
        .into_iter()
        .map(|object| {
            let text = object.get();
            let start = text.as_ptr() as usize - json.as_ptr() as usize;
            let head: HeadMembers = serde_json::from_str(text).map_err(invalid)?;
            let string = |value: Option<StatsValue>| match value {
                Some(StatsValue::String(s)) => s,
                _ => String::new(),
            };
            Ok(Head {
                span: start..start + text.len(),
                id: string(head.id),
                type_name: string(head.type_name),
                timestamp: match head.timestamp {
                    Some(StatsValue::Number(n)) => n,
                    _ => 0.0,
                },
            })
        })
        .collect()
}

/// One object's members, keys borrowed from the JSON where it has no escapes.
pub(crate) type Pairs<'a> = Vec<(Cow<'a, str>, StatsValue)>;

struct Object<'a>(Pairs<'a>);

impl<'de> Deserialize<'de> for Object<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_map(ObjectVisitor)
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Object<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stats object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut pairs = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            pairs.push((key, map.next_value()?));
        }
        Ok(Object(pairs))
    }
}

struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> std::result::Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E>(self, key: &str) -> std::result::Result<Self::Value, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E>(self, key: String) -> std::result::Result<Self::Value, E> {
        Ok(Key(Cow::Owned(key)))
    }
}
