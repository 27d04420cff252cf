//! [`RtpTransceiver`]: the typed `RTCRtpTransceiver`.

use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

use super::codec::RtpCodec;
use super::receiver::RtpReceiver;
use super::sender::{RtpEncodingParameters, RtpSender};
use crate::error::{Error, Result};
use crate::object::{get, get_string, set};
use crate::sys;

string_enum! {
    /// Which way a transceiver sends and receives.
    ///
    /// See [`RTCRtpTransceiver.direction`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/direction).
    pub enum TransceiverDirection {
        /// `sendrecv`: send and receive.
        SendRecv = "sendrecv",
        /// `sendonly`: send only.
        SendOnly = "sendonly",
        /// `recvonly`: receive only.
        RecvOnly = "recvonly",
        /// `inactive`: neither.
        Inactive = "inactive",
        /// `stopped`: stopped for good.
        Stopped = "stopped",
    }
}

/// Options for [`PeerConnection::add_transceiver`](crate::PeerConnection::add_transceiver).
///
/// See [`addTransceiver()` options](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/addTransceiver#init).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransceiverInit {
    /// The initial direction (default `sendrecv`).
    pub direction: Option<TransceiverDirection>,
    /// The streams the remote side puts the sent track in.
    pub streams: Vec<web_sys::MediaStream>,
    /// The encodings to send (several for simulcast, each with a `rid`).
    pub send_encodings: Vec<RtpEncodingParameters>,
}

impl TransceiverInit {
    /// Sets the direction.
    pub fn direction(mut self, direction: TransceiverDirection) -> Self {
        self.direction = Some(direction);
        self
    }

    /// Adds a stream.
    pub fn stream(mut self, stream: web_sys::MediaStream) -> Self {
        self.streams.push(stream);
        self
    }

    /// Adds an encoding.
    pub fn send_encoding(mut self, encoding: RtpEncodingParameters) -> Self {
        self.send_encodings.push(encoding);
        self
    }

    pub(crate) fn to_js(&self) -> JsValue {
        let object = Object::new();
        if let Some(direction) = &self.direction {
            set(&object, "direction", &direction.as_str().into());
        }
        if !self.streams.is_empty() {
            let streams: Array = self.streams.iter().map(JsValue::from).collect();
            set(&object, "streams", &streams);
        }
        if !self.send_encodings.is_empty() {
            let encodings: Array = self
                .send_encodings
                .iter()
                .map(RtpEncodingParameters::to_js)
                .collect();
            set(&object, "sendEncodings", &encodings);
        }
        object.into()
    }
}

/// An RTP header extension and the direction it is offered, or was
/// negotiated, in; [`TransceiverDirection::Stopped`] leaves it out of the
/// SDP.
///
/// See [`RTCRtpHeaderExtensionCapability`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/setHeaderExtensionsToNegotiate#extensions).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RtpHeaderExtension {
    /// The extension's URI, e.g. `"urn:ietf:params:rtp-hdrext:sdes:mid"`.
    pub uri: String,
    /// The direction it is (to be) used in.
    pub direction: TransceiverDirection,
}

impl RtpHeaderExtension {
    /// An extension with a direction.
    pub fn new(uri: impl Into<String>, direction: TransceiverDirection) -> Self {
        RtpHeaderExtension {
            uri: uri.into(),
            direction,
        }
    }

    fn from_js(value: &JsValue) -> Option<Self> {
        Some(RtpHeaderExtension {
            uri: get_string(value, "uri")?,
            direction: TransceiverDirection::from(get_string(value, "direction")?.as_str()),
        })
    }

    fn to_js(&self) -> JsValue {
        let object = Object::new();
        set(&object, "uri", &self.uri.as_str().into());
        set(&object, "direction", &self.direction.as_str().into());
        object.into()
    }

    fn list_from_js(list: Array) -> Vec<Self> {
        list.iter().filter_map(|e| Self::from_js(&e)).collect()
    }
}

/// A pair of an RTP sender and receiver sharing one media section (`mid`).
///
/// A handle: clones and every transceiver returned for the same media
/// section are the same browser object.
///
/// See [`RTCRtpTransceiver`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver).
#[derive(Debug, Clone, PartialEq)]
pub struct RtpTransceiver {
    raw: sys::RtpTransceiver,
}

/// Handles are equal when they stand for the same browser object.
impl Eq for RtpTransceiver {}

impl RtpTransceiver {
    pub(crate) fn from_raw(raw: sys::RtpTransceiver) -> Self {
        RtpTransceiver { raw }
    }

    /// The media section's [mid](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/mid);
    /// `None` until negotiated.
    pub fn mid(&self) -> Option<String> {
        self.raw.mid()
    }

    /// The preferred [direction](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/direction).
    pub fn direction(&self) -> TransceiverDirection {
        TransceiverDirection::from(self.raw.direction().as_str())
    }

    /// Sets the preferred direction; a change needs a new negotiation
    /// (`negotiationneeded` fires).
    ///
    /// # Errors
    /// [`Error::InvalidState`] when the transceiver is stopped;
    /// [`Error::Type`] for [`TransceiverDirection::Stopped`] (use
    /// [`stop`](Self::stop)).
    pub fn set_direction(&self, direction: TransceiverDirection) -> Result<()> {
        if direction == TransceiverDirection::Stopped {
            return Err(Error::Type(
                "a transceiver is stopped with stop(), not by setting its direction".into(),
            ));
        }
        Ok(self.raw.set_direction(direction.as_str())?)
    }

    /// The negotiated [direction](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/currentDirection);
    /// `None` until negotiated.
    pub fn current_direction(&self) -> Option<TransceiverDirection> {
        self.raw
            .current_direction()
            .map(|d| TransceiverDirection::from(d.as_str()))
    }

    /// Stops the transceiver for good: it sends and receives nothing more,
    /// and the next negotiation removes its media section.
    ///
    /// See [`RTCRtpTransceiver.stop()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/stop).
    ///
    /// # Errors
    /// [`Error::InvalidState`] when the connection is closed.
    pub fn stop(&self) -> Result<()> {
        Ok(self.raw.stop()?)
    }

    /// Orders the codecs to negotiate, most preferred first; an empty list
    /// restores the browser's default. Each codec must come from
    /// [`RtpSender::capabilities`] or [`RtpReceiver::capabilities`].
    ///
    /// See [`RTCRtpTransceiver.setCodecPreferences()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/setCodecPreferences).
    ///
    /// # Errors
    /// [`Error::InvalidModification`] (or [`Error::InvalidAccess`] in older
    /// browsers) for a codec the browser does not support or a list of only
    /// `rtx`/`red`/FEC entries.
    pub fn set_codec_preferences(&self, codecs: &[RtpCodec]) -> Result<()> {
        let list: Array = codecs.iter().map(RtpCodec::to_js).collect();
        Ok(self.raw.set_codec_preferences(&list)?)
    }

    /// The header extensions the next offer or answer will carry, with the
    /// direction of each, in the browser's order.
    ///
    /// See [`RTCRtpTransceiver.getHeaderExtensionsToNegotiate()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/getHeaderExtensionsToNegotiate).
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without header-extension control
    /// (Firefox).
    pub fn header_extensions_to_negotiate(&self) -> Result<Vec<RtpHeaderExtension>> {
        self.check_header_extension_control("getHeaderExtensionsToNegotiate")?;
        Ok(RtpHeaderExtension::list_from_js(
            self.raw.get_header_extensions_to_negotiate()?,
        ))
    }

    /// Changes which header extensions are negotiated and in which
    /// direction: pass the list from
    /// [`header_extensions_to_negotiate`](Self::header_extensions_to_negotiate)
    /// with directions changed ([`TransceiverDirection::Stopped`] removes an
    /// extension's `a=extmap` line from the next offer). Takes effect at the
    /// next negotiation.
    ///
    /// See [`RTCRtpTransceiver.setHeaderExtensionsToNegotiate()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/setHeaderExtensionsToNegotiate).
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without header-extension control
    /// (Firefox); [`Error::InvalidModification`] when the list's length or
    /// URIs differ from the browser's, or a mandatory extension (such as
    /// `sdes:mid`) would be stopped; [`Error::Type`] for a direction the
    /// browser does not know.
    pub fn set_header_extensions_to_negotiate(
        &self,
        extensions: &[RtpHeaderExtension],
    ) -> Result<()> {
        self.check_header_extension_control("setHeaderExtensionsToNegotiate")?;
        let list: Array = extensions.iter().map(RtpHeaderExtension::to_js).collect();
        Ok(self.raw.set_header_extensions_to_negotiate(&list)?)
    }

    /// The header extensions of the last completed negotiation, with the
    /// negotiated direction of each (`stopped` for those not negotiated).
    ///
    /// See [`RTCRtpTransceiver.getNegotiatedHeaderExtensions()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/getNegotiatedHeaderExtensions).
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without header-extension control
    /// (Firefox).
    pub fn negotiated_header_extensions(&self) -> Result<Vec<RtpHeaderExtension>> {
        self.check_header_extension_control("getNegotiatedHeaderExtensions")?;
        Ok(RtpHeaderExtension::list_from_js(
            self.raw.get_negotiated_header_extensions()?,
        ))
    }

    fn check_header_extension_control(&self, method: &str) -> Result<()> {
        if get(&self.raw, method).is_function() {
            Ok(())
        } else {
            Err(Error::NotSupported(format!(
                "RTCRtpTransceiver.{method}() is not available in this browser"
            )))
        }
    }

    /// The [sender](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/sender).
    pub fn sender(&self) -> RtpSender {
        RtpSender::from_raw(self.raw.sender())
    }

    /// The [receiver](https://developer.mozilla.org/en-US/docs/Web/API/RTCRtpTransceiver/receiver).
    pub fn receiver(&self) -> RtpReceiver {
        RtpReceiver::from_raw(self.raw.receiver())
    }

    /// The browser's `RTCRtpTransceiver`.
    pub fn as_raw(&self) -> &web_sys::RtcRtpTransceiver {
        self.raw.unchecked_ref()
    }
}

impl From<web_sys::RtcRtpTransceiver> for RtpTransceiver {
    fn from(raw: web_sys::RtcRtpTransceiver) -> Self {
        RtpTransceiver::from_raw(raw.unchecked_into())
    }
}
