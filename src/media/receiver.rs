//! [`RtpReceiver`]: the typed `RTCRtpReceiver`.

use std::future::Future;

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

use super::codec::RtpCapabilities;
use super::{DtlsTransport, MediaKind};
use crate::error::{Error, Result};
use crate::object::{get_f64, get_int};
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

/// Receives one track's media from the remote peer.
///
/// A handle to the browser object; clones are the same receiver.
///
/// See [`RTCRtpReceiver`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpReceiver).
#[derive(Debug, Clone, PartialEq)]
pub struct RtpReceiver {
    raw: sys::RtpReceiver,
}

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
