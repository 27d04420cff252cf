//! [`Signal`]: one message of the signaling exchange, and its JSON form.

use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Error, Result};
use crate::session::{IceCandidate, SdpType, SessionDescription};

/// The largest signal [`Signal::from_json`] accepts, in bytes.
pub const MAX_SIGNAL_SIZE: usize = 1024 * 1024;

/// One signaling message between two peers.
///
/// Serializes to `{"description": {"type": "offer", "sdp": "..."}}` or
/// `{"candidate": {"candidate": "...", "sdpMid": "0", "sdpMLineIndex": 0,
/// "usernameFragment": "..."}}` (`{"candidate": null}` for the end of
/// candidates): the shapes signaling servers already pass around.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    /// An offer, answer, provisional answer or rollback.
    Description(SessionDescription),
    /// A trickled candidate; `None` marks the end of candidates.
    Candidate(Option<IceCandidate>),
}

/// `Error::Decode` for a description of a type the spec does not name.
fn known_type(description: &SessionDescription) -> Result<()> {
    match &description.sdp_type {
        SdpType::Unknown(other) => Err(Error::Decode(format!(
            "unknown description type \"{other}\""
        ))),
        _ => Ok(()),
    }
}

impl Signal {
    /// Parses a signal strictly: exactly one of `description` / `candidate`,
    /// a known description type, and at most [`MAX_SIGNAL_SIZE`] bytes.
    ///
    /// # Errors
    /// [`Error::Decode`] for anything else; nothing is applied.
    pub fn from_json(json: &str) -> Result<Self> {
        if json.len() > MAX_SIGNAL_SIZE {
            return Err(Error::Decode(format!(
                "a signal of {} bytes is over the {MAX_SIGNAL_SIZE}-byte limit",
                json.len()
            )));
        }
        let signal: Signal = serde_json::from_str(json)
            .map_err(|error| Error::Decode(format!("not a signal: {error}")))?;
        if let Signal::Description(description) = &signal {
            known_type(description)?;
        }
        Ok(signal)
    }

    /// The signal as JSON.
    pub fn to_json(&self) -> String {
        // Serializing these types cannot fail: no maps with non-string keys.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a signal from a JavaScript value of its JSON shape (the
    /// parsed JSON, or the same object never serialized), as strictly as
    /// [`from_json`](Self::from_json): exactly one of `description` /
    /// `candidate`, a known description type. Decodes without `serde_json`,
    /// so the JavaScript API does not carry it.
    ///
    /// # Errors
    /// [`Error::Decode`] for anything else.
    pub fn from_js(value: &JsValue) -> Result<Self> {
        let decode = |error: Error| Error::Decode(format!("not a signal: {}", error.message()));
        if !value.is_object() || js_sys::Array::is_array(value) {
            return Err(Error::Decode("not a signal: not an object".into()));
        }
        let keys = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>());
        let key = match (keys.length(), keys.get(0).as_string()) {
            (1, Some(key)) => key,
            _ => {
                return Err(Error::Decode(
                    "not a signal: it needs exactly one of `description` and `candidate`".into(),
                ));
            }
        };
        let member = crate::object::get(value, &key);
        match key.as_str() {
            "description" => {
                if !member.is_object() {
                    return Err(Error::Decode(
                        "not a signal: `description` is not an object".into(),
                    ));
                }
                let description = SessionDescription::from_js(&member).map_err(decode)?;
                known_type(&description)?;
                Ok(Signal::Description(description))
            }
            "candidate" if member.is_null() => Ok(Signal::Candidate(None)),
            "candidate" if member.is_object() => Ok(Signal::Candidate(Some(
                IceCandidate::from_js(&member).map_err(decode)?,
            ))),
            "candidate" => Err(Error::Decode(
                "not a signal: `candidate` is neither an object nor null".into(),
            )),
            other => Err(Error::Decode(format!(
                "not a signal: unknown member \"{other}\""
            ))),
        }
    }

    /// The signal as a plain JavaScript object of its JSON shape.
    pub fn to_js(&self) -> JsValue {
        let object = js_sys::Object::new();
        let (key, value) = match self {
            Signal::Description(description) => ("description", description.clone().into()),
            Signal::Candidate(candidate) => (
                "candidate",
                candidate.clone().map_or(JsValue::NULL, Into::into),
            ),
        };
        crate::object::set(&object, key, &value);
        object.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_use_the_usual_json_shapes() {
        let offer = Signal::Description(SessionDescription::offer("v=0\r\n"));
        assert_eq!(
            serde_json::to_value(&offer).unwrap(),
            serde_json::json!({"description": {"type": "offer", "sdp": "v=0\r\n"}})
        );
        let candidate = Signal::Candidate(Some(IceCandidate::new(
            "candidate:1 1 udp 1 1.2.3.4 5 typ host",
            "0",
        )));
        assert_eq!(
            serde_json::to_value(&candidate).unwrap(),
            serde_json::json!({"candidate": {
                "candidate": "candidate:1 1 udp 1 1.2.3.4 5 typ host",
                "sdpMid": "0", "sdpMLineIndex": null, "usernameFragment": null
            }})
        );
        let end = Signal::Candidate(None);
        assert_eq!(end.to_json(), r#"{"candidate":null}"#);
        for signal in [offer, candidate, end] {
            assert_eq!(Signal::from_json(&signal.to_json()).unwrap(), signal);
        }
    }

    #[test]
    fn malformed_or_hostile_signals_are_typed_errors() {
        let huge = format!(
            r#"{{"description":{{"type":"offer","sdp":"{}"}}}}"#,
            "a".repeat(MAX_SIGNAL_SIZE)
        );
        for bad in [
            "",
            "null",
            "[]",
            "{}",
            r#"{"description":{"type":"offer","sdp":"v=0"},"candidate":null}"#,
            r#"{"description":{"type":"bogus","sdp":"v=0"}}"#,
            r#"{"description":{"sdp":"v=0"}}"#,
            r#"{"description":"offer"}"#,
            r#"{"candidate":{"candidate":5}}"#,
            r#"{"candidate":{"candidate":"x","sdpMLineIndex":70000}}"#,
            r#"{"other":1}"#,
            "{\"description\":",
            huge.as_str(),
        ] {
            let error = Signal::from_json(bad).unwrap_err();
            assert!(matches!(error, Error::Decode(_)), "{bad:.80}: {error:?}");
        }
    }
}
