//! A whole stats report moved into wasm as one text.
//!
//! Reading a report member by member costs a call into JavaScript for every
//! key and every value, which made up most of a typed decode. The browser's
//! own `JSON.stringify` writes every object of the report instead, one line
//! each: a small header (`[type, id, timestamp]`), a tab, and the object.
//! JSON text never holds a raw tab or newline, so Rust finds every object
//! and its header by scanning for those two bytes, reads the headers into
//! an index, and parses an object only when it is asked for. The text
//! enters wasm memory through `TextEncoder.encodeInto`, which copies ASCII
//! in bulk, rather than character by character.
//!
//! JSON's rules apply to the members: one that is `undefined` or a function
//! is left out, and non-finite numbers become null. Browsers put none of
//! these in stats.

use js_sys::JsString;
use wasm_bindgen::prelude::*;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

use super::value::StatsValue;
use crate::error::{Error, Result};

#[wasm_bindgen(inline_js = r#"
const encoder = new TextEncoder();
export function statsReportJson(report) {
  if (report === null || typeof report !== "object" || typeof report[Symbol.iterator] !== "function") {
    return undefined;
  }
  let text = "";
  for (const entry of report) {
    const stats = Array.isArray(entry) ? entry[1] : entry;
    if (stats !== null && typeof stats === "object") {
      text += JSON.stringify([stats.type, stats.id, stats.timestamp]) + "\t" + JSON.stringify(stats) + "\n";
    }
  }
  return text;
}
export function encodeStatsJson(text, into) {
  return encoder.encodeInto(text, into).written;
}
"#)]
extern "C" {
    /// The report's stats objects, one line each (see the module), a
    /// JavaScript string left in JavaScript; `undefined` when `report` is
    /// not an iterable object.
    /// Throws what iterating or `JSON.stringify` throws.
    #[wasm_bindgen(catch, js_name = statsReportJson)]
    fn report_json_text(report: &JsValue) -> std::result::Result<JsValue, JsValue>;

    /// Writes `text` as UTF-8 into `into` (`TextEncoder.encodeInto`, which
    /// copies ASCII at memory speed); returns the bytes written.
    #[wasm_bindgen(js_name = encodeStatsJson)]
    fn encode_json(text: &JsString, into: &mut [u8]) -> usize;
}

/// The report's stats objects, one line each, in UTF-8 (`report` is an
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

/// What a report's index holds of one object, read without parsing the
/// object: where its text is, its `id`, `type` and `timestamp`.
pub(crate) struct Head {
    pub(crate) span: Range<usize>,
    pub(crate) id: String,
    pub(crate) type_name: String,
    pub(crate) timestamp: f64,
}

/// Indexes a report's lines (see the module): each line's header is read,
/// its object only located. A member of another JSON type than the spec's
/// (an `id` that is not a string) is indexed as the typed decode reads it:
/// as absent.
pub(crate) fn index(text: &[u8]) -> Result<Vec<Head>> {
    let malformed = |why: String| Error::Decode(format!("a stats report: {why}"));
    let mut heads = Vec::new();
    let mut at = 0;
    for line in text.split(|&b| b == b'\n') {
        let start = at;
        at += line.len() + 1;
        if line.is_empty() {
            continue;
        }
        let tab = line
            .iter()
            .position(|&b| b == b'\t')
            .ok_or_else(|| malformed("a line without its header".into()))?;
        let (type_name, id, timestamp): (StatsValue, StatsValue, StatsValue) =
            serde_json::from_slice(&line[..tab]).map_err(|error| malformed(error.to_string()))?;
        let string = |value: StatsValue| match value {
            StatsValue::String(s) => s,
            _ => String::new(),
        };
        heads.push(Head {
            span: start + tab + 1..start + line.len(),
            id: string(id),
            type_name: string(type_name),
            timestamp: match timestamp {
                StatsValue::Number(n) => n,
                _ => 0.0,
            },
        });
    }
    Ok(heads)
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
