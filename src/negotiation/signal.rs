//! [`Signal`]: one message of the signaling exchange, and its JSON form.

use serde::{Deserialize, Serialize};

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
            if let SdpType::Unknown(other) = &description.sdp_type {
                return Err(Error::Decode(format!("unknown description type {other:?}")));
            }
        }
        Ok(signal)
    }

    /// The signal as JSON.
    pub fn to_json(&self) -> String {
        // Serializing these types cannot fail: no maps with non-string keys.
        serde_json::to_string(self).unwrap_or_default()
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
