//! Codec capabilities, as `getCapabilities()` reports them.

use js_sys::Object;
use wasm_bindgen::JsValue;

use crate::object::{get_array, get_int, get_string, set, set_opt};

/// A codec the browser can send or receive.
///
/// See [`RTCRtpSender.getCapabilities()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getCapabilities_static#codecs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RtpCodec {
    /// The MIME type, e.g. `"video/VP8"` or `"audio/opus"`.
    pub mime_type: String,
    /// The RTP clock rate in Hz.
    pub clock_rate: u32,
    /// The number of audio channels, for audio codecs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<u16>,
    /// The codec's `a=fmtp` parameters, e.g. `"profile-id=0"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdp_fmtp_line: Option<String>,
}

impl RtpCodec {
    /// The codec's name: the MIME subtype (`"VP8"` for `"video/VP8"`).
    pub fn name(&self) -> &str {
        self.mime_type
            .split_once('/')
            .map_or(self.mime_type.as_str(), |(_, name)| name)
    }

    /// Whether this is a real media codec rather than retransmission,
    /// redundancy or forward error correction (`rtx`, `red`, `ulpfec`,
    /// `flexfec-03`) or comfort noise/telephone events.
    pub fn is_media(&self) -> bool {
        let name = self.name().to_ascii_lowercase();
        !matches!(
            name.as_str(),
            "rtx" | "red" | "ulpfec" | "flexfec-03" | "cn" | "telephone-event"
        )
    }

    pub(crate) fn from_js(value: &JsValue) -> Option<Self> {
        Some(RtpCodec {
            mime_type: get_string(value, "mimeType")?,
            clock_rate: get_int(value, "clockRate")?,
            channels: get_int(value, "channels"),
            sdp_fmtp_line: get_string(value, "sdpFmtpLine"),
        })
    }

    pub(crate) fn to_js(&self) -> JsValue {
        let object = Object::new();
        set(&object, "mimeType", &self.mime_type.as_str().into());
        set(&object, "clockRate", &self.clock_rate.into());
        set_opt(&object, "channels", self.channels);
        set_opt(&object, "sdpFmtpLine", self.sdp_fmtp_line.as_deref());
        object.into()
    }
}

/// An RTP header extension the browser supports.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct RtpHeaderExtensionCapability {
    /// The extension's URI.
    pub uri: String,
}

/// What the browser can send or receive for one kind of media.
///
/// See [`RTCRtpSender.getCapabilities()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getCapabilities_static).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RtpCapabilities {
    /// The codecs, in the browser's order of preference.
    pub codecs: Vec<RtpCodec>,
    /// The header extensions.
    pub header_extensions: Vec<RtpHeaderExtensionCapability>,
}

impl RtpCapabilities {
    pub(crate) fn from_js(value: &JsValue) -> Option<Self> {
        if !value.is_object() {
            return None;
        }
        Some(RtpCapabilities {
            codecs: get_array(value, "codecs")
                .iter()
                .filter_map(RtpCodec::from_js)
                .collect(),
            header_extensions: get_array(value, "headerExtensions")
                .iter()
                .filter_map(|e| get_string(e, "uri"))
                .map(|uri| RtpHeaderExtensionCapability { uri })
                .collect(),
        })
    }

    /// The codecs whose MIME type is `mime_type` (case-insensitive), e.g.
    /// `"video/VP8"`.
    pub fn codecs_of(&self, mime_type: &str) -> Vec<RtpCodec> {
        self.codecs
            .iter()
            .filter(|c| c.mime_type.eq_ignore_ascii_case(mime_type))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codec_names_and_kinds() {
        let vp8 = RtpCodec {
            mime_type: "video/VP8".into(),
            clock_rate: 90000,
            channels: None,
            sdp_fmtp_line: None,
        };
        assert_eq!(vp8.name(), "VP8");
        assert!(vp8.is_media());
        let rtx = RtpCodec {
            mime_type: "video/rtx".into(),
            ..vp8.clone()
        };
        assert!(!rtx.is_media());
        assert_eq!(
            serde_json::to_value(&vp8).unwrap(),
            serde_json::json!({"mimeType": "video/VP8", "clockRate": 90000})
        );
        let caps = RtpCapabilities {
            codecs: vec![vp8.clone(), rtx],
            header_extensions: vec![],
        };
        assert_eq!(caps.codecs_of("video/vp8"), vec![vp8]);
    }
}
