//! [`RtpSender`]: the typed `RTCRtpSender`, its parameters and encodings.

use std::future::Future;

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::codec::RtpCapabilities;
use super::dtmf::DtmfSender;
use super::{DtlsTransport, MediaKind};
use crate::data_channel::Priority;
use crate::error::{Error, Result};
use crate::object::{copy, get, get_array, get_bool, get_f64, get_int, get_string, set};
use crate::promise::{rejected, settle};
use crate::stats::{StatsReport, decode_report};
use crate::sys;

string_enum! {
    /// What a video sender gives up first when bandwidth or CPU is short.
    ///
    /// See [`degradationPreference`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/setParameters#degradationpreference).
    pub enum DegradationPreference {
        /// `maintain-framerate`: lower the resolution first.
        MaintainFramerate = "maintain-framerate",
        /// `maintain-resolution`: lower the frame rate first.
        MaintainResolution = "maintain-resolution",
        /// `balanced`: a bit of both.
        Balanced = "balanced",
        /// `maintain-framerate-and-resolution`: neither (drop quality).
        MaintainFramerateAndResolution = "maintain-framerate-and-resolution",
    }
}

/// One encoding of a sent track (several for simulcast).
///
/// Unset members keep the browser's default. Members this crate does not
/// model are kept from [`RtpSender::get_parameters`] when the parameters are
/// set again.
///
/// See [`RTCRtpEncodingParameters`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/setParameters#encodings).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RtpEncodingParameters {
    /// The RTP stream id, for simulcast.
    pub rid: Option<String>,
    /// Whether the encoding is sent (default `true`).
    pub active: Option<bool>,
    /// The maximum bitrate in bits per second.
    pub max_bitrate: Option<u32>,
    /// The maximum frame rate, for video.
    pub max_framerate: Option<f64>,
    /// The factor to scale video down by (`>= 1`).
    pub scale_resolution_down_by: Option<f64>,
    /// The encoding's relative priority.
    pub priority: Option<Priority>,
    /// The DSCP marking priority.
    pub network_priority: Option<Priority>,
    /// The SVC scalability mode, e.g. `"L1T3"`, where supported.
    pub scalability_mode: Option<String>,
    /// The browser's encoding object this was read from.
    original: JsValue,
}

impl RtpEncodingParameters {
    /// Sets the RTP stream id.
    pub fn rid(mut self, rid: impl Into<String>) -> Self {
        self.rid = Some(rid.into());
        self
    }

    /// Sets whether the encoding is sent.
    pub fn active(mut self, active: bool) -> Self {
        self.active = Some(active);
        self
    }

    /// Sets the maximum bitrate in bits per second.
    pub fn max_bitrate(mut self, bits_per_second: u32) -> Self {
        self.max_bitrate = Some(bits_per_second);
        self
    }

    /// Sets the maximum frame rate.
    pub fn max_framerate(mut self, fps: f64) -> Self {
        self.max_framerate = Some(fps);
        self
    }

    /// Sets the down-scaling factor.
    pub fn scale_resolution_down_by(mut self, factor: f64) -> Self {
        self.scale_resolution_down_by = Some(factor);
        self
    }

    /// Sets the priority.
    pub fn priority(mut self, priority: Priority) -> Self {
        self.priority = Some(priority);
        self
    }

    /// Sets the network priority.
    pub fn network_priority(mut self, priority: Priority) -> Self {
        self.network_priority = Some(priority);
        self
    }

    /// Sets the scalability mode.
    pub fn scalability_mode(mut self, mode: impl Into<String>) -> Self {
        self.scalability_mode = Some(mode.into());
        self
    }

    /// Checks the ranges the spec sets (Firefox does not check all of them
    /// in `setParameters`).
    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(factor) = self.scale_resolution_down_by {
            if !(factor >= 1.0 && factor.is_finite()) {
                return Err(Error::Range(format!(
                    "scaleResolutionDownBy must be at least 1, got {factor}"
                )));
            }
        }
        if let Some(fps) = self.max_framerate {
            if !(fps >= 0.0 && fps.is_finite()) {
                return Err(Error::Range(format!(
                    "maxFramerate must be a non-negative number, got {fps}"
                )));
            }
        }
        Ok(())
    }

    fn from_js(value: JsValue) -> Self {
        let priority = |key| get_string(&value, key).map(|p| Priority::from(p.as_str()));
        RtpEncodingParameters {
            rid: get_string(&value, "rid"),
            active: get_bool(&value, "active"),
            max_bitrate: get_int(&value, "maxBitrate"),
            max_framerate: get_f64(&value, "maxFramerate"),
            scale_resolution_down_by: get_f64(&value, "scaleResolutionDownBy"),
            priority: priority("priority"),
            network_priority: priority("networkPriority"),
            scalability_mode: get_string(&value, "scalabilityMode"),
            original: value,
        }
    }

    pub(crate) fn to_js(&self) -> JsValue {
        let object = copy(&self.original);
        let put = |key: &str, value: Option<JsValue>| match value {
            Some(value) => set(&object, key, &value),
            None => {
                let _ = Reflect::delete_property(&object, &JsValue::from_str(key));
            }
        };
        put("rid", self.rid.as_deref().map(JsValue::from));
        put("active", self.active.map(JsValue::from));
        put("maxBitrate", self.max_bitrate.map(JsValue::from));
        put("maxFramerate", self.max_framerate.map(JsValue::from));
        put(
            "scaleResolutionDownBy",
            self.scale_resolution_down_by.map(JsValue::from),
        );
        put(
            "priority",
            self.priority.as_ref().map(|p| p.as_str().into()),
        );
        put(
            "networkPriority",
            self.network_priority.as_ref().map(|p| p.as_str().into()),
        );
        put(
            "scalabilityMode",
            self.scalability_mode.as_deref().map(JsValue::from),
        );
        object.into()
    }
}

/// A negotiated codec of a sender.
///
/// See [`RTCRtpCodecParameters`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getParameters#codecs).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RtpCodecParameters {
    /// The RTP payload type.
    pub payload_type: u8,
    /// The MIME type, e.g. `"video/VP8"`.
    pub mime_type: String,
    /// The clock rate in Hz.
    pub clock_rate: u32,
    /// The number of audio channels.
    pub channels: Option<u16>,
    /// The `a=fmtp` parameters.
    pub sdp_fmtp_line: Option<String>,
}

impl RtpCodecParameters {
    /// The `codecs` member of an `RTCRtpParameters`.
    pub(crate) fn list_from_js(parameters: &JsValue) -> Vec<Self> {
        get_array(parameters, "codecs")
            .iter()
            .filter_map(|c| {
                Some(RtpCodecParameters {
                    payload_type: get_int(c, "payloadType")?,
                    mime_type: get_string(c, "mimeType")?,
                    clock_rate: get_int(c, "clockRate")?,
                    channels: get_int(c, "channels"),
                    sdp_fmtp_line: get_string(c, "sdpFmtpLine"),
                })
            })
            .collect()
    }
}

/// A negotiated RTP header extension.
///
/// See [`RTCRtpHeaderExtensionParameters`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getParameters#headerextensions).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RtpHeaderExtensionParameters {
    /// The extension's URI.
    pub uri: String,
    /// Its id in the RTP header.
    pub id: u16,
    /// Whether it is encrypted.
    pub encrypted: bool,
}

impl RtpHeaderExtensionParameters {
    /// The `headerExtensions` member of an `RTCRtpParameters`.
    pub(crate) fn list_from_js(parameters: &JsValue) -> Vec<Self> {
        get_array(parameters, "headerExtensions")
            .iter()
            .filter_map(|e| {
                Some(RtpHeaderExtensionParameters {
                    uri: get_string(e, "uri")?,
                    id: get_int(e, "id")?,
                    encrypted: get_bool(e, "encrypted").unwrap_or(false),
                })
            })
            .collect()
    }
}

/// A sender's parameters: read with [`RtpSender::get_parameters`], change
/// `encodings` or `degradation_preference`, give back to
/// [`RtpSender::set_parameters`].
///
/// `codecs`, `header_extensions` and the RTCP members are read-only: the
/// browser rejects changes to them.
///
/// See [`RTCRtpSendParameters`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getParameters).
#[derive(Debug, Clone, PartialEq)]
pub struct RtpSendParameters {
    /// The id that ties these parameters to one `setParameters` call.
    pub transaction_id: String,
    /// The encodings; their number cannot change.
    pub encodings: Vec<RtpEncodingParameters>,
    /// The degradation preference, where the browser supports it.
    pub degradation_preference: Option<DegradationPreference>,
    /// The negotiated codecs (read-only).
    pub codecs: Vec<RtpCodecParameters>,
    /// The negotiated header extensions (read-only).
    pub header_extensions: Vec<RtpHeaderExtensionParameters>,
    /// The RTCP CNAME (read-only).
    pub rtcp_cname: Option<String>,
    /// Whether reduced-size RTCP is used (read-only).
    pub rtcp_reduced_size: Option<bool>,
    original: JsValue,
}

impl RtpSendParameters {
    fn from_js(value: JsValue) -> Self {
        let rtcp = get(&value, "rtcp");
        RtpSendParameters {
            transaction_id: get_string(&value, "transactionId").unwrap_or_default(),
            encodings: get_array(&value, "encodings")
                .into_iter()
                .map(RtpEncodingParameters::from_js)
                .collect(),
            degradation_preference: get_string(&value, "degradationPreference")
                .map(|d| DegradationPreference::from(d.as_str())),
            codecs: RtpCodecParameters::list_from_js(&value),
            header_extensions: RtpHeaderExtensionParameters::list_from_js(&value),
            rtcp_cname: get_string(&rtcp, "cname"),
            rtcp_reduced_size: get_bool(&rtcp, "reducedSize"),
            original: value,
        }
    }

    /// Checks what the spec forbids before the browser sees it (Firefox
    /// lets a changed number of encodings through).
    fn validate(&self) -> Result<()> {
        let negotiated = get_array(&self.original, "encodings").len();
        if self.original.is_object() && self.encodings.len() != negotiated {
            return Err(Error::InvalidModification(format!(
                "the number of encodings cannot change ({negotiated} to {})",
                self.encodings.len()
            )));
        }
        self.encodings
            .iter()
            .try_for_each(RtpEncodingParameters::validate)
    }

    fn to_js(&self) -> JsValue {
        let object = copy(&self.original);
        set(
            &object,
            "transactionId",
            &self.transaction_id.as_str().into(),
        );
        let encodings: Array = self
            .encodings
            .iter()
            .map(RtpEncodingParameters::to_js)
            .collect();
        set(&object, "encodings", &encodings);
        match &self.degradation_preference {
            Some(preference) => set(
                &object,
                "degradationPreference",
                &preference.as_str().into(),
            ),
            None => {
                let _ = Reflect::delete_property(&object, &"degradationPreference".into());
            }
        }
        object.into()
    }
}

/// Sends one track's media to the remote peer.
///
/// A handle to the browser object; clones are the same sender.
///
/// See [`RTCRtpSender`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender).
#[derive(Debug, Clone, PartialEq)]
pub struct RtpSender {
    raw: sys::RtpSender,
}

/// Handles are equal when they stand for the same browser object.
impl Eq for RtpSender {}

impl RtpSender {
    pub(crate) fn from_raw(raw: sys::RtpSender) -> Self {
        RtpSender { raw }
    }

    pub(crate) fn raw(&self) -> &sys::RtpSender {
        &self.raw
    }

    /// The [track](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/track)
    /// being sent, if any.
    pub fn track(&self) -> Option<web_sys::MediaStreamTrack> {
        self.raw.track()
    }

    /// Sends another track (or nothing) without renegotiating.
    ///
    /// See [`RTCRtpSender.replaceTrack()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/replaceTrack).
    ///
    /// # Errors
    /// [`Error::Type`] for a track of another kind,
    /// [`Error::InvalidState`] when the transceiver is stopped or the
    /// connection closed, [`Error::InvalidModification`] when the track
    /// would need a renegotiation.
    pub fn replace_track(
        &self,
        track: Option<&web_sys::MediaStreamTrack>,
    ) -> impl Future<Output = Result<()>> + 'static + use<> {
        settle(self.raw.replace_track(track), |_| Ok(()))
    }

    /// The current parameters.
    ///
    /// See [`RTCRtpSender.getParameters()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getParameters).
    ///
    /// # Errors
    /// Never in current browsers; a throwing browser's exception is typed.
    pub fn get_parameters(&self) -> Result<RtpSendParameters> {
        Ok(RtpSendParameters::from_js(self.raw.get_parameters()?))
    }

    /// Applies changed parameters (from [`get_parameters`](Self::get_parameters)),
    /// without renegotiating.
    ///
    /// See [`RTCRtpSender.setParameters()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/setParameters).
    ///
    /// # Errors
    /// [`Error::InvalidModification`] when a read-only member or the number
    /// of encodings changed, [`Error::InvalidState`] for stale parameters
    /// (another `get_parameters` is needed), [`Error::Range`] for
    /// out-of-range values (checked here too: a `scale_resolution_down_by`
    /// below 1 or a negative `max_framerate`), [`Error::Operation`] when the encoder rejects
    /// them.
    pub fn set_parameters(
        &self,
        parameters: &RtpSendParameters,
    ) -> impl Future<Output = Result<()>> + 'static + use<> {
        let call = match parameters.validate() {
            Ok(()) => self.raw.set_parameters(&parameters.to_js()),
            Err(error) => rejected(error),
        };
        settle(call, |_| Ok(()))
    }

    /// What the browser can send for `kind`; `None` if it cannot send it.
    ///
    /// See [`RTCRtpSender.getCapabilities()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getCapabilities_static).
    pub fn capabilities(kind: MediaKind) -> Option<RtpCapabilities> {
        let value = sys::RtpSender::sender_capabilities(kind.as_str()).ok()?;
        RtpCapabilities::from_js(&value)
    }

    /// Sets the streams the remote side puts the track in.
    ///
    /// See [`RTCRtpSender.setStreams()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/setStreams).
    ///
    /// # Errors
    /// [`Error::InvalidState`] when the connection is closed.
    pub fn set_streams(&self, streams: &[web_sys::MediaStream]) -> Result<()> {
        Ok(self.raw.set_streams(streams)?)
    }

    /// The DTMF sender, for audio senders that support it.
    ///
    /// See [`RTCRtpSender.dtmf`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/dtmf).
    pub fn dtmf(&self) -> Option<DtmfSender> {
        self.raw.dtmf().map(DtmfSender::from_raw)
    }

    /// The DTLS transport, once negotiated.
    ///
    /// See [`RTCRtpSender.transport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/transport).
    pub fn transport(&self) -> Option<DtlsTransport> {
        self.raw.transport().map(DtlsTransport::from_raw)
    }

    /// The browser's statistics for this sender, as the raw report.
    ///
    /// See [`RTCRtpSender.getStats()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getStats).
    pub fn get_stats(
        &self,
    ) -> impl Future<Output = Result<web_sys::RtcStatsReport>> + 'static + use<> {
        settle(self.raw.get_stats(), |report| Ok(report.unchecked_into()))
    }

    /// The typed statistics of this sender's streams.
    ///
    /// See [`RTCRtpSender.getStats()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/getStats).
    pub fn stats(&self) -> impl Future<Output = Result<StatsReport>> + 'static + use<> {
        decode_report(self.get_stats())
    }

    /// Runs the encoded frames this sender sends through `worker`: the
    /// browser makes an
    /// [`RTCRtpScriptTransform`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpScriptTransform)
    /// and fires `rtctransform` in the worker, whose `event.transformer`
    /// has the frames' `readable` and `writable` streams and `options`
    /// (a structured clone of `options`). Replaces any earlier transform.
    ///
    /// See [`RTCRtpSender.transform`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/transform).
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without `RTCRtpScriptTransform`;
    /// [`Error::Other`] (`DataCloneError`) for `options` that cannot be
    /// cloned; [`Error::InvalidState`] when the transform is in use.
    pub fn set_transform(&self, worker: &web_sys::Worker, options: &JsValue) -> Result<()> {
        let transform = script_transform(&self.raw, worker, options)?;
        Ok(self.raw.set_transform(Some(&transform))?)
    }

    /// Removes the encoded transform: frames are sent as encoded in
    /// Firefox, while Chromium stops sending this sender's media.
    ///
    /// See [`RTCRtpSender.transform`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpSender/transform).
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without `RTCRtpScriptTransform`.
    pub fn clear_transform(&self) -> Result<()> {
        check_transform_support(&self.raw)?;
        Ok(self.raw.set_transform(None)?)
    }

    /// The browser's `RTCRtpSender`.
    pub fn as_raw(&self) -> &web_sys::RtcRtpSender {
        self.raw.unchecked_ref()
    }
}

/// Fails with [`Error::NotSupported`] unless `RTCRtpScriptTransform` exists
/// and `sender_or_receiver` has a `transform` attribute.
pub(crate) fn check_transform_support(sender_or_receiver: &JsValue) -> Result<()> {
    let has_class = get(&js_sys::global(), "RTCRtpScriptTransform").is_function();
    let has_attribute = Reflect::has(sender_or_receiver, &"transform".into()).unwrap_or(false);
    if has_class && has_attribute {
        Ok(())
    } else {
        Err(Error::NotSupported(
            "RTCRtpScriptTransform is not available in this browser".into(),
        ))
    }
}

/// A new `RTCRtpScriptTransform` for `sender_or_receiver`.
pub(crate) fn script_transform(
    sender_or_receiver: &JsValue,
    worker: &web_sys::Worker,
    options: &JsValue,
) -> Result<sys::RtpScriptTransform> {
    check_transform_support(sender_or_receiver)?;
    Ok(sys::RtpScriptTransform::new(worker, options)?)
}

impl From<web_sys::RtcRtpSender> for RtpSender {
    fn from(raw: web_sys::RtcRtpSender) -> Self {
        RtpSender::from_raw(raw.unchecked_into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_builders_set_their_members() {
        let encoding = RtpEncodingParameters::default()
            .rid("h")
            .active(true)
            .max_bitrate(300_000)
            .max_framerate(15.0)
            .scale_resolution_down_by(2.0)
            .priority(Priority::High)
            .network_priority(Priority::Low)
            .scalability_mode("L1T3");
        assert_eq!(encoding.rid.as_deref(), Some("h"));
        assert_eq!(encoding.max_bitrate, Some(300_000));
        assert_eq!(encoding.scale_resolution_down_by, Some(2.0));
        assert_eq!(encoding.scalability_mode.as_deref(), Some("L1T3"));
    }

    #[test]
    fn degradation_preferences_use_spec_strings() {
        assert_eq!(
            DegradationPreference::MaintainFramerate.as_str(),
            "maintain-framerate"
        );
        assert_eq!(
            DegradationPreference::from("maintain-framerate-and-resolution"),
            DegradationPreference::MaintainFramerateAndResolution
        );
    }
}
