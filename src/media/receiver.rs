//! [`RtpReceiver`]: the typed `RTCRtpReceiver`.

use std::future::Future;

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::codec::RtpCapabilities;
use super::sender::{
    RtpCodecParameters, RtpHeaderExtensionParameters, check_transform_support, script_transform,
};
use super::{DtlsTransport, MediaKind};
use crate::error::{Error, Result};
use crate::object::{get, get_bool, get_f64, get_int, get_string};
use crate::promise::settle;
use crate::stats::{StatsReport, decode_report};
use crate::sys;

/// A contributing or synchronization source heard recently.
///
/// See [`RTCRtpReceiver.getSynchronizationSources()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getSynchronizationSources).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RtpSource {
    /// When a packet from the source last arrived (a `DOMHighResTimeStamp`).
    pub timestamp: f64,
    /// The SSRC or CSRC.
    pub source: u32,
    /// The audio level, 0.0 to 1.0, for audio sources that report it.
    pub audio_level: Option<f64>,
    /// The RTP timestamp of the last packet.
    pub rtp_timestamp: u32,
}

impl RtpSource {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(RtpSource {
            timestamp: get_f64(value, "timestamp")?,
            source: get_int(value, "source")?,
            audio_level: get_f64(value, "audioLevel"),
            rtp_timestamp: get_int(value, "rtpTimestamp").unwrap_or(0),
        })
    }
}

fn sources(list: std::result::Result<Array, JsValue>) -> Result<Vec<RtpSource>> {
    Ok(list?
        .iter()
        .filter_map(|source| RtpSource::from_js(&source))
        .collect())
}

/// What a receiver decodes: the negotiated codecs, header extensions and
/// RTCP settings.
///
/// See [`RTCRtpReceiver.getParameters()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getParameters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtpReceiveParameters {
    /// The codecs the remote side may send, from the negotiated media
    /// section.
    pub codecs: Vec<RtpCodecParameters>,
    /// The negotiated header extensions.
    pub header_extensions: Vec<RtpHeaderExtensionParameters>,
    /// The RTCP CNAME, where the browser reports it.
    pub rtcp_cname: Option<String>,
    /// Whether reduced-size RTCP is used.
    pub rtcp_reduced_size: Option<bool>,
}

impl RtpReceiveParameters {
    fn from_js(value: &JsValue) -> Self {
        let rtcp = get(value, "rtcp");
        RtpReceiveParameters {
            codecs: RtpCodecParameters::list_from_js(value),
            header_extensions: RtpHeaderExtensionParameters::list_from_js(value),
            rtcp_cname: get_string(&rtcp, "cname"),
            rtcp_reduced_size: get_bool(&rtcp, "reducedSize"),
        }
    }
}

/// Receives one track's media from the remote peer.
///
/// A handle to the browser object; clones are the same receiver.
///
/// See [`RTCRtpReceiver`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver).
#[derive(Debug, Clone, PartialEq)]
pub struct RtpReceiver {
    raw: sys::RtpReceiver,
}

/// Handles are equal when they stand for the same browser object.
impl Eq for RtpReceiver {}

impl RtpReceiver {
    pub(crate) fn from_raw(raw: sys::RtpReceiver) -> Self {
        RtpReceiver { raw }
    }

    /// The [track](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/track)
    /// the remote media plays on.
    pub fn track(&self) -> web_sys::MediaStreamTrack {
        self.raw.track()
    }

    /// The CSRCs heard in the last ten seconds.
    ///
    /// See [`RTCRtpReceiver.getContributingSources()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getContributingSources).
    ///
    /// # Errors
    /// Only from a browser that throws here; the exception is typed.
    pub fn get_contributing_sources(&self) -> Result<Vec<RtpSource>> {
        sources(self.raw.get_contributing_sources())
    }

    /// The SSRCs heard in the last ten seconds.
    ///
    /// See [`RTCRtpReceiver.getSynchronizationSources()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getSynchronizationSources).
    ///
    /// # Errors
    /// Only from a browser that throws here; the exception is typed.
    pub fn get_synchronization_sources(&self) -> Result<Vec<RtpSource>> {
        sources(self.raw.get_synchronization_sources())
    }

    /// What the browser can receive for `kind`; `None` if it cannot.
    ///
    /// See [`RTCRtpReceiver.getCapabilities()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getCapabilities_static).
    pub fn capabilities(kind: MediaKind) -> Option<RtpCapabilities> {
        let value = sys::RtpReceiver::receiver_capabilities(kind.as_str()).ok()?;
        RtpCapabilities::from_js(&value)
    }

    /// The application's [jitter buffer target](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/jitterBufferTarget)
    /// in milliseconds; `None` when unset or when the browser lacks it.
    pub fn jitter_buffer_target(&self) -> Option<f64> {
        get_f64(&self.raw, "jitterBufferTarget")
    }

    /// Whether the browser supports [`jitterBufferTarget`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/jitterBufferTarget).
    pub fn supports_jitter_buffer_target(&self) -> bool {
        js_sys::Reflect::has(&self.raw, &"jitterBufferTarget".into()).unwrap_or(false)
    }

    /// Asks for a jitter buffer of `target` milliseconds (0 to 4000), or the
    /// browser's default with `None`.
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without it (Firefox before 131);
    /// [`Error::Range`] outside 0..=4000.
    pub fn set_jitter_buffer_target(&self, target: Option<f64>) -> Result<()> {
        if !self.supports_jitter_buffer_target() {
            return Err(Error::NotSupported(
                "RTCRtpReceiver.jitterBufferTarget is not available in this browser".into(),
            ));
        }
        if let Some(ms) = target {
            if !(0.0..=4000.0).contains(&ms) {
                return Err(Error::Range(format!(
                    "jitterBufferTarget must be 0 to 4000 ms, got {ms}"
                )));
            }
        }
        Ok(self.raw.set_jitter_buffer_target(target)?)
    }

    /// The DTLS transport, once negotiated.
    ///
    /// See [`RTCRtpReceiver.transport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/transport).
    pub fn transport(&self) -> Option<DtlsTransport> {
        self.raw.transport().map(DtlsTransport::from_raw)
    }

    /// The browser's statistics for this receiver, as the raw report.
    ///
    /// See [`RTCRtpReceiver.getStats()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getStats).
    pub fn get_stats(
        &self,
    ) -> impl Future<Output = Result<web_sys::RtcStatsReport>> + 'static + use<> {
        settle(self.raw.get_stats(), |report| Ok(report.unchecked_into()))
    }

    /// The typed statistics of this receiver's streams.
    ///
    /// See [`RTCRtpReceiver.getStats()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getStats).
    pub fn stats(&self) -> impl Future<Output = Result<StatsReport>> + 'static + use<> {
        decode_report(self.get_stats())
    }

    /// The negotiated parameters: empty lists until a description with
    /// this receiver's media section has been applied. Firefox leaves out
    /// the header extensions and the RTCP members (empty and `None`).
    ///
    /// See [`RTCRtpReceiver.getParameters()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/getParameters).
    ///
    /// # Errors
    /// Never in current browsers; a throwing browser's exception is typed.
    pub fn get_parameters(&self) -> Result<RtpReceiveParameters> {
        Ok(RtpReceiveParameters::from_js(&self.raw.get_parameters()?))
    }

    /// Runs the encoded frames this receiver receives through `worker`,
    /// before they are decoded: the browser makes an
    /// [`RTCRtpScriptTransform`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpScriptTransform)
    /// and fires `rtctransform` in the worker, whose `event.transformer`
    /// has the frames' `readable` and `writable` streams and `options`
    /// (a structured clone of `options`). Replaces any earlier transform.
    ///
    /// Chromium gives the worker frames only when the transform is set
    /// before the receiver starts receiving: in the `track` event, or
    /// between applying the remote offer and the answer.
    ///
    /// See [`RTCRtpReceiver.transform`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/transform).
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without `RTCRtpScriptTransform`;
    /// [`Error::Other`] (`DataCloneError`) for `options` that cannot be
    /// cloned; [`Error::InvalidState`] when the transform is in use.
    pub fn set_transform(&self, worker: &web_sys::Worker, options: &JsValue) -> Result<()> {
        let transform = script_transform(&self.raw, worker, options)?;
        Ok(self.raw.set_transform(Some(&transform))?)
    }

    /// Removes the encoded transform: frames are decoded as received.
    ///
    /// See [`RTCRtpReceiver.transform`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver/transform).
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without `RTCRtpScriptTransform`.
    pub fn clear_transform(&self) -> Result<()> {
        check_transform_support(&self.raw)?;
        Ok(self.raw.set_transform(None)?)
    }

    /// The browser's `RTCRtpReceiver`.
    pub fn as_raw(&self) -> &web_sys::RtcRtpReceiver {
        self.raw.unchecked_ref()
    }
}

impl From<web_sys::RtcRtpReceiver> for RtpReceiver {
    fn from(raw: web_sys::RtcRtpReceiver) -> Self {
        RtpReceiver::from_raw(raw.unchecked_into())
    }
}
