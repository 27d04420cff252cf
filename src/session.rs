//! Session descriptions and ICE candidates, in the browser's JSON shapes.
//!
//! Both types serialize with serde to exactly what the browser's `toJSON()`
//! produces, so they can cross any signaling channel and be handed to a
//! JavaScript peer as they are.

use js_sys::{Object, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::error::{Error, Result};
use crate::object::set;
use crate::sys;

string_enum! {
    /// The type of a session description.
    ///
    /// See [`RTCSessionDescription.type`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSessionDescription/type).
    pub enum SdpType {
        /// `offer`: starts an offer/answer exchange.
        Offer = "offer",
        /// `pranswer`: a provisional answer.
        Pranswer = "pranswer",
        /// `answer`: the final answer, which completes the exchange.
        Answer = "answer",
        /// `rollback`: cancels the current exchange and returns to `stable`.
        Rollback = "rollback",
    }
}

/// An SDP offer, answer, provisional answer or rollback.
///
/// Serializes to `{"type": "offer", "sdp": "v=0..."}`, the shape of
/// [`RTCSessionDescription.toJSON()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSessionDescription/toJSON).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SessionDescription {
    /// The [type](https://developer.mozilla.org/en-US/docs/Web/API/RTCSessionDescription/type).
    #[serde(rename = "type")]
    pub sdp_type: SdpType,
    /// The [SDP text](https://developer.mozilla.org/en-US/docs/Web/API/RTCSessionDescription/sdp);
    /// empty for a rollback.
    #[serde(default)]
    pub sdp: String,
}

impl SessionDescription {
    /// A description of the given type and SDP text.
    pub fn new(sdp_type: SdpType, sdp: impl Into<String>) -> Self {
        SessionDescription {
            sdp_type,
            sdp: sdp.into(),
        }
    }

    /// An offer with the given SDP.
    pub fn offer(sdp: impl Into<String>) -> Self {
        Self::new(SdpType::Offer, sdp)
    }

    /// An answer with the given SDP.
    pub fn answer(sdp: impl Into<String>) -> Self {
        Self::new(SdpType::Answer, sdp)
    }

    /// The rollback description: given to `set_local_description` or
    /// `set_remote_description`, it cancels a pending offer.
    pub fn rollback() -> Self {
        Self::new(SdpType::Rollback, "")
    }

    /// The ICE username fragment (`a=ice-ufrag`) of the first media section
    /// that has one (or of the session level).
    pub fn ice_ufrag(&self) -> Option<&str> {
        sdp_attribute(&self.sdp, "ice-ufrag")
    }

    /// The ICE password (`a=ice-pwd`) of the first media section that has one
    /// (or of the session level).
    pub fn ice_pwd(&self) -> Option<&str> {
        sdp_attribute(&self.sdp, "ice-pwd")
    }

    pub(crate) fn to_js(&self) -> JsValue {
        let object = Object::new();
        set(&object, "type", &self.sdp_type.as_str().into());
        set(&object, "sdp", &self.sdp.as_str().into());
        object.into()
    }

    pub(crate) fn from_sys(raw: &sys::SessionDescription) -> Result<Self> {
        let sdp_type = raw
            .sdp_type()
            .ok_or_else(|| Error::Decode("session description without a type".into()))?;
        Ok(SessionDescription {
            sdp_type: SdpType::from(sdp_type.as_str()),
            sdp: raw.sdp().unwrap_or_default(),
        })
    }

    /// Reads a description from a JavaScript `RTCSessionDescription` or any
    /// `{type, sdp}` object.
    ///
    /// # Errors
    /// [`Error::Type`] when `value` is not an object, has no string `type`,
    /// or has an `sdp` that is not a string.
    pub fn from_js(value: &JsValue) -> Result<Self> {
        let sdp_type = js_string(value, "type")?
            .ok_or_else(|| Error::Type("a session description needs a string `type`".into()))?;
        Ok(SessionDescription {
            sdp_type: SdpType::from(sdp_type.as_str()),
            sdp: js_string(value, "sdp")?.unwrap_or_default(),
        })
    }
}

impl From<SessionDescription> for JsValue {
    fn from(description: SessionDescription) -> Self {
        description.to_js()
    }
}

/// The value of the first `a=<name>:<value>` line.
fn sdp_attribute<'a>(sdp: &'a str, name: &str) -> Option<&'a str> {
    sdp_attributes(sdp, name).next()
}

/// The values of every `a=<name>:<value>` line: the one SDP line scanner.
pub(crate) fn sdp_attributes<'a, 'n>(
    sdp: &'a str,
    name: &'n str,
) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
    // `split('\n')` and `trim_end` take both line ends SDP uses, with less
    // code than `lines()`.
    sdp.split('\n').filter_map(move |line| {
        line.trim_end()
            .strip_prefix("a=")?
            .strip_prefix(name)?
            .strip_prefix(':')
    })
}

/// An ICE candidate, as carried by signaling.
///
/// Serializes to `{"candidate": "candidate:...", "sdpMid": "0",
/// "sdpMLineIndex": 0, "usernameFragment": "abcd"}`, the shape of
/// [`RTCIceCandidate.toJSON()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/toJSON).
/// A candidate whose `candidate` string is empty marks the end of candidates
/// for its media section.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IceCandidate {
    /// The [candidate-attribute](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/candidate)
    /// text (`candidate:...`), or empty for end-of-candidates.
    #[serde(default)]
    pub candidate: String,
    /// The [media stream identification tag](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/sdpMid)
    /// of the media section the candidate belongs to.
    #[serde(default)]
    pub sdp_mid: Option<String>,
    /// The [index of the media section](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/sdpMLineIndex)
    /// the candidate belongs to.
    #[serde(default)]
    pub sdp_m_line_index: Option<u16>,
    /// The [ICE username fragment](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/usernameFragment)
    /// of the ICE generation the candidate belongs to.
    #[serde(default)]
    pub username_fragment: Option<String>,
}

impl IceCandidate {
    /// A candidate for the media section with the given mid.
    pub fn new(candidate: impl Into<String>, sdp_mid: impl Into<String>) -> Self {
        IceCandidate {
            candidate: candidate.into(),
            sdp_mid: Some(sdp_mid.into()),
            sdp_m_line_index: None,
            username_fragment: None,
        }
    }

    /// The end-of-candidates marker for one media section (an empty
    /// candidate string).
    pub fn end_of_candidates(sdp_mid: impl Into<String>) -> Self {
        Self::new("", sdp_mid)
    }

    /// Whether this is an end-of-candidates marker (empty candidate string).
    pub fn is_end_of_candidates(&self) -> bool {
        self.candidate.is_empty()
    }

    /// The fields of the candidate string, or `None` if it does not parse
    /// (or is an end-of-candidates marker).
    pub fn parse(&self) -> Option<CandidateFields> {
        CandidateFields::parse(&self.candidate)
    }

    /// The error the spec gives for adding `candidate` (`None`: the end of
    /// candidates) to an open connection with these applied remote
    /// descriptions, for the cases a browser accepts:
    /// `InvalidStateError` for an end-of-candidates marker before any remote
    /// description (Chromium), `OperationError` for a candidate string that
    /// does not parse (Firefox ignores it) or a `usernameFragment` that
    /// matches no remote `a=ice-ufrag` (Chromium). The other errors are the
    /// browser's: `None` for a candidate with neither `sdpMid` nor
    /// `sdpMLineIndex`, whose `TypeError` comes first.
    pub(crate) fn rejection(
        candidate: Option<&Self>,
        remote: &[SessionDescription],
    ) -> Option<Error> {
        if let Some(c) = candidate {
            if !c.is_end_of_candidates() && c.sdp_mid.is_none() && c.sdp_m_line_index.is_none() {
                return None;
            }
        }
        if remote.is_empty() {
            return Some(Error::InvalidState(
                "there is no remote description to add a candidate to".into(),
            ));
        }
        let candidate = candidate?;
        if !candidate.is_end_of_candidates() && candidate.parse().is_none() {
            return Some(Error::Operation {
                message: format!(
                    "the candidate string does not parse: \"{}\"",
                    candidate.candidate
                ),
                detail: None,
            });
        }
        match candidate.username_fragment.as_deref() {
            Some(ufrag)
                if !ufrag.is_empty()
                    && !remote.iter().any(|description| {
                        sdp_attributes(&description.sdp, "ice-ufrag").any(|known| known == ufrag)
                    }) =>
            {
                Some(Error::Operation {
                    message: format!(
                        "the username fragment \"{ufrag}\" matches no remote description"
                    ),
                    detail: None,
                })
            }
            _ => None,
        }
    }

    pub(crate) fn to_js(&self) -> JsValue {
        let object = Object::new();
        set(&object, "candidate", &self.candidate.as_str().into());
        set(&object, "sdpMid", &self.sdp_mid.as_deref().into());
        set(&object, "sdpMLineIndex", &self.sdp_m_line_index.into());
        set(
            &object,
            "usernameFragment",
            &self.username_fragment.as_deref().into(),
        );
        object.into()
    }

    pub(crate) fn from_sys(raw: &sys::IceCandidate) -> Self {
        IceCandidate {
            candidate: raw.candidate().unwrap_or_default(),
            sdp_mid: raw.sdp_mid(),
            sdp_m_line_index: raw.sdp_m_line_index(),
            username_fragment: raw.username_fragment(),
        }
    }

    /// Reads a candidate from a JavaScript `RTCIceCandidate` or any
    /// `{candidate, sdpMid, sdpMLineIndex, usernameFragment}` object.
    ///
    /// # Errors
    /// [`Error::Type`] when `value` is not an object or a member has the
    /// wrong type (`sdpMLineIndex` must be an integer in 0..=65535).
    pub fn from_js(value: &JsValue) -> Result<Self> {
        Ok(IceCandidate {
            candidate: js_string(value, "candidate")?.unwrap_or_default(),
            sdp_mid: js_string(value, "sdpMid")?,
            sdp_m_line_index: js_u16(value, "sdpMLineIndex")?,
            username_fragment: js_string(value, "usernameFragment")?,
        })
    }
}

impl From<IceCandidate> for JsValue {
    fn from(candidate: IceCandidate) -> Self {
        candidate.to_js()
    }
}

string_enum! {
    /// The type of an ICE candidate.
    ///
    /// See [`RTCIceCandidate.type`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/type).
    pub enum CandidateType {
        /// `host`: an address of the local machine.
        Host = "host",
        /// `srflx`: the address a STUN server saw.
        Srflx = "srflx",
        /// `prflx`: an address learnt from a peer's connectivity check.
        Prflx = "prflx",
        /// `relay`: an address allocated on a TURN server.
        Relay = "relay",
    }
}

string_enum! {
    /// The transport protocol of an ICE candidate.
    ///
    /// See [`RTCIceCandidate.protocol`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/protocol).
    pub enum CandidateProtocol {
        /// `udp`.
        Udp = "udp",
        /// `tcp`.
        Tcp = "tcp",
    }
}

/// The fields of a candidate-attribute string (RFC 8839 §5.1), as
/// `RTCIceCandidate` exposes them.
///
/// See [`RTCIceCandidate`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate#instance_properties).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CandidateFields {
    /// [`foundation`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/foundation).
    pub foundation: String,
    /// [`component`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/component):
    /// 1 for RTP, 2 for RTCP.
    pub component: u16,
    /// [`protocol`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/protocol).
    pub protocol: CandidateProtocol,
    /// [`priority`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/priority).
    pub priority: u32,
    /// [`address`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/address):
    /// an IP address or an mDNS `.local` name.
    pub address: String,
    /// [`port`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/port).
    pub port: u16,
    /// [`type`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/type).
    pub candidate_type: CandidateType,
    /// [`relatedAddress`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/relatedAddress).
    pub related_address: Option<String>,
    /// [`relatedPort`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/relatedPort).
    pub related_port: Option<u16>,
    /// [`tcpType`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidate/tcpType)
    /// (`active`, `passive` or `so`) for TCP candidates.
    pub tcp_type: Option<String>,
}

impl CandidateFields {
    /// Parses a candidate-attribute; the `candidate:` and `a=` prefixes are
    /// optional:
    ///
    /// ```text
    /// candidate:<foundation> <component> <protocol> <priority> <address> <port>
    ///     typ <type> [raddr <a>] [rport <p>] [tcptype <t>] ...
    /// ```
    pub fn parse(candidate: &str) -> Option<Self> {
        let text = candidate.trim();
        let text = text.strip_prefix("a=").unwrap_or(text);
        let text = text.strip_prefix("candidate:").unwrap_or(text);
        let mut words = text.split_ascii_whitespace();
        let foundation = words.next()?.to_owned();
        let component = words.next()?.parse().ok()?;
        let protocol = CandidateProtocol::from(words.next()?.to_ascii_lowercase().as_str());
        let priority = words.next()?.parse().ok()?;
        let address = words.next()?.to_owned();
        let port = words.next()?.parse().ok()?;
        if words.next()? != "typ" {
            return None;
        }
        let candidate_type = CandidateType::from(words.next()?);
        let mut fields = CandidateFields {
            foundation,
            component,
            protocol,
            priority,
            address,
            port,
            candidate_type,
            related_address: None,
            related_port: None,
            tcp_type: None,
        };
        while let (Some(key), Some(value)) = (words.next(), words.next()) {
            match key {
                "raddr" => fields.related_address = Some(value.to_owned()),
                "rport" => fields.related_port = value.parse().ok(),
                "tcptype" => fields.tcp_type = Some(value.to_owned()),
                _ => {}
            }
        }
        Some(fields)
    }
}

/// The member `key` of a JavaScript object: `None` when missing or null.
fn js_member(value: &JsValue, key: &str) -> Result<Option<JsValue>> {
    if !value.is_object() {
        return Err(Error::Type(format!(
            "expected an object with `{key}`, got {}",
            crate::object::describe(value)
        )));
    }
    let member = Reflect::get(value, &JsValue::from_str(key)).map_err(Error::from_js)?;
    Ok((!member.is_undefined() && !member.is_null()).then_some(member))
}

fn js_string(value: &JsValue, key: &str) -> Result<Option<String>> {
    js_member(value, key)?
        .map(|member| {
            member.as_string().ok_or_else(|| {
                Error::Type(format!(
                    "`{key}` must be a string, got {}",
                    crate::object::describe(&member)
                ))
            })
        })
        .transpose()
}

fn js_u16(value: &JsValue, key: &str) -> Result<Option<u16>> {
    js_member(value, key)?
        .map(|member| {
            let n = member.as_f64().ok_or_else(|| {
                Error::Type(format!(
                    "`{key}` must be a number, got {}",
                    crate::object::describe(&member)
                ))
            })?;
            crate::object::integer::<u16>(n).ok_or_else(|| {
                Error::Range(format!(
                    "`{key}` must be an integer in 0..=65535, got {}",
                    crate::object::describe(&member)
                ))
            })
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_serializes_to_the_browser_shape() {
        let offer = SessionDescription::offer("v=0\r\n");
        assert_eq!(
            serde_json::to_value(&offer).unwrap(),
            serde_json::json!({"type": "offer", "sdp": "v=0\r\n"})
        );
        let back: SessionDescription =
            serde_json::from_str(r#"{"type":"answer","sdp":"v=0"}"#).unwrap();
        assert_eq!(back, SessionDescription::answer("v=0"));
        let rollback: SessionDescription = serde_json::from_str(r#"{"type":"rollback"}"#).unwrap();
        assert_eq!(rollback, SessionDescription::rollback());
    }

    #[test]
    fn sdp_types_round_trip() {
        for value in SdpType::KNOWN {
            assert_eq!(&SdpType::from(value.as_str()), value);
            let json = serde_json::to_string(value).unwrap();
            assert_eq!(&serde_json::from_str::<SdpType>(&json).unwrap(), value);
        }
        assert_eq!(SdpType::from("x"), SdpType::Unknown("x".into()));
    }

    #[test]
    fn candidate_serializes_to_the_browser_shape() {
        let candidate = IceCandidate {
            candidate: "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host".into(),
            sdp_mid: Some("0".into()),
            sdp_m_line_index: Some(0),
            username_fragment: Some("abcd".into()),
        };
        let json = serde_json::to_value(&candidate).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "candidate": "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host",
                "sdpMid": "0",
                "sdpMLineIndex": 0,
                "usernameFragment": "abcd"
            })
        );
        assert_eq!(
            serde_json::from_value::<IceCandidate>(json).unwrap(),
            candidate
        );
        let sparse: IceCandidate =
            serde_json::from_str(r#"{"candidate":"","sdpMid":null,"sdpMLineIndex":1}"#).unwrap();
        assert!(sparse.is_end_of_candidates());
        assert_eq!(sparse.sdp_mid, None);
        assert_eq!(sparse.sdp_m_line_index, Some(1));
    }

    #[test]
    fn candidate_strings_parse() {
        let host = CandidateFields::parse(
            "candidate:842163049 1 udp 1677729535 192.0.2.7 3478 typ srflx raddr 10.0.0.1 rport 5000 generation 0 ufrag x network-cost 999",
        )
        .unwrap();
        assert_eq!(host.foundation, "842163049");
        assert_eq!(host.component, 1);
        assert_eq!(host.protocol, CandidateProtocol::Udp);
        assert_eq!(host.priority, 1677729535);
        assert_eq!(host.address, "192.0.2.7");
        assert_eq!(host.port, 3478);
        assert_eq!(host.candidate_type, CandidateType::Srflx);
        assert_eq!(host.related_address.as_deref(), Some("10.0.0.1"));
        assert_eq!(host.related_port, Some(5000));

        let tcp = CandidateFields::parse(
            "a=candidate:1 1 TCP 2105524479 abc.local 9 typ host tcptype active",
        )
        .unwrap();
        assert_eq!(tcp.protocol, CandidateProtocol::Tcp);
        assert_eq!(tcp.tcp_type.as_deref(), Some("active"));
        assert_eq!(tcp.address, "abc.local");

        for bad in [
            "",
            "candidate:",
            "candidate:1 1 udp x 1.2.3.4 5 typ host",
            "candidate:1 1 udp 1 1.2.3.4 5 host",
        ] {
            assert_eq!(CandidateFields::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn candidates_are_checked_against_the_remote_descriptions() {
        const HOST: &str = "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host";
        let current = SessionDescription::answer(
            "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=ice-ufrag:old1\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=ice-ufrag:vid2\r\n",
        );
        let pending = SessionDescription::offer("v=0\r\na=ice-ufrag:new3\r\n");
        let remote = [pending, current];
        let with = |text: &str, ufrag: Option<&str>| IceCandidate {
            username_fragment: ufrag.map(str::to_owned),
            ..IceCandidate::new(text, "0")
        };
        let check = |candidate: &IceCandidate| IceCandidate::rejection(Some(candidate), &remote);
        // Any ufrag of any applied remote description is fine, so is none.
        for ufrag in [None, Some(""), Some("old1"), Some("vid2"), Some("new3")] {
            assert_eq!(check(&with(HOST, ufrag)), None, "{ufrag:?}");
        }
        assert!(matches!(
            check(&with(HOST, Some("old"))),
            Some(Error::Operation { detail: None, .. })
        ));
        assert!(matches!(
            check(&with("", Some("gone"))),
            Some(Error::Operation { .. })
        ));
        assert_eq!(check(&with("", None)), None);
        assert_eq!(IceCandidate::rejection(None, &remote), None);
        for bad in [
            "candidate:x",
            "candidate:1 1 udp 1 192.0.2.1 70000 typ host",
        ] {
            assert!(
                matches!(check(&with(bad, None)), Some(Error::Operation { .. })),
                "{bad}"
            );
        }
        let by_index = IceCandidate {
            sdp_mid: None,
            sdp_m_line_index: Some(0),
            ..with("candidate:x", None)
        };
        assert!(check(&by_index).is_some());
        // Before any remote description everything is InvalidStateError,
        // the string unchecked, except the TypeError of a candidate with
        // neither mid nor index, which the browser gives.
        for early in [
            Some(with("candidate:x", Some("old"))),
            Some(with(HOST, None)),
            Some(with("", None)),
            None,
        ] {
            assert!(
                matches!(
                    IceCandidate::rejection(early.as_ref(), &[]),
                    Some(Error::InvalidState(_))
                ),
                "{early:?}"
            );
        }
        let unplaced = IceCandidate {
            sdp_mid: None,
            ..with("candidate:x", Some("old"))
        };
        assert_eq!(check(&unplaced), None);
        assert_eq!(IceCandidate::rejection(Some(&unplaced), &[]), None);
    }

    #[test]
    fn ice_credentials_are_read_from_sdp() {
        let sdp = "v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=ice-ufrag:abcd\r\na=ice-pwd:secretsecret\r\n";
        let offer = SessionDescription::offer(sdp);
        assert_eq!(offer.ice_ufrag(), Some("abcd"));
        assert_eq!(offer.ice_pwd(), Some("secretsecret"));
        assert_eq!(SessionDescription::offer("v=0").ice_ufrag(), None);
    }
}
