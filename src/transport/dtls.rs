//! [`DtlsTransport`]: the typed `RTCDtlsTransport`.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget};

use super::ice::IceTransport;
use super::{has_method, not_supported};
use crate::error::{Error, Result};
use crate::event::Registry;
use crate::sys;

string_enum! {
    /// The state of a DTLS transport.
    ///
    /// See [`RTCDtlsTransport.state`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport/state).
    pub enum DtlsTransportState {
        /// `new`: DTLS has not started.
        New = "new",
        /// `connecting`: the handshake is in progress.
        Connecting = "connecting",
        /// `connected`: the handshake completed.
        Connected = "connected",
        /// `closed`: closed by a close_notify alert.
        Closed = "closed",
        /// `failed`: failed (an error alert, or a fingerprint mismatch).
        Failed = "failed",
    }
}

/// The DTLS transport that carries a connection's RTP and SCTP packets
/// (one per bundle group).
///
/// A handle to the browser object; handles for the same transport compare
/// equal, so a sender's, a receiver's and the SCTP transport's can be
/// compared. Reached with [`RtpSender::transport`](crate::RtpSender::transport),
/// [`RtpReceiver::transport`](crate::RtpReceiver::transport) and
/// [`SctpTransport::transport`](super::SctpTransport::transport).
///
/// See [`RTCDtlsTransport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport).
#[derive(Debug, Clone)]
pub struct DtlsTransport {
    raw: sys::DtlsTransport,
    listeners: Registry,
}

impl PartialEq for DtlsTransport {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for DtlsTransport {}

impl DtlsTransport {
    /// Wraps a transport whose listeners belong to no connection.
    pub(crate) fn from_raw(raw: sys::DtlsTransport) -> Self {
        Self::with_listeners(raw, Registry::default())
    }

    pub(crate) fn with_listeners(raw: sys::DtlsTransport, listeners: Registry) -> Self {
        DtlsTransport { raw, listeners }
    }

    /// The transport's [state](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport/state).
    pub fn state(&self) -> DtlsTransportState {
        dtls_state(&self.raw)
    }

    /// The ICE transport under this DTLS transport.
    ///
    /// See [`RTCDtlsTransport.iceTransport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport/iceTransport).
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without `RTCIceTransport`.
    pub fn ice_transport(&self) -> Result<IceTransport> {
        self.raw
            .ice_transport()
            .map(|raw| IceTransport::from_raw(raw, self.listeners.clone()))
            .ok_or_else(|| not_supported("RTCDtlsTransport.iceTransport"))
    }

    /// The remote peer's certificate chain, each certificate in DER form;
    /// empty until the handshake has completed.
    ///
    /// See [`RTCDtlsTransport.getRemoteCertificates()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport/getRemoteCertificates).
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without the method (Firefox).
    pub fn remote_certificates(&self) -> Result<Vec<Vec<u8>>> {
        if !has_method(&self.raw, "getRemoteCertificates") {
            return Err(not_supported("RTCDtlsTransport.getRemoteCertificates()"));
        }
        self.raw
            .get_remote_certificates()?
            .iter()
            .map(|certificate| {
                certificate
                    .dyn_into::<js_sys::ArrayBuffer>()
                    .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
                    .map_err(|value| {
                        Error::Decode(format!(
                            "a remote certificate is not an ArrayBuffer: {}",
                            crate::object::describe(&value)
                        ))
                    })
            })
            .collect()
    }

    /// The browser's `RTCDtlsTransport`.
    pub fn as_raw(&self) -> &EventTarget {
        self.raw.unchecked_ref()
    }

    fn event_registry(&self) -> &Registry {
        &self.listeners
    }

    fn event_target(&self) -> &EventTarget {
        self.raw.unchecked_ref()
    }

    fn state_reader(&self) -> impl Fn(&Event) -> DtlsTransportState + 'static {
        let raw = self.raw.clone();
        move |_| dtls_state(&raw)
    }

    event_methods! {
        /// The new state, on each
        /// [`statechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport/statechange_event).
        "statechange" => on_state_change, state_changes, DtlsTransportState,
            |this| this.state_reader();

        /// Each [`error`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDtlsTransport/error_event):
        /// an [`Error::Operation`] whose
        /// [`RtcErrorDetail`](crate::RtcErrorDetail) has the `dtls-failure`
        /// or `fingerprint-failure` kind and the DTLS alerts received or
        /// sent. Current browsers report a failed handshake only as the
        /// `failed` state, without this event.
        "error" => on_error, errors, Error, |_this| error_of;
    }
}

fn dtls_state(raw: &sys::DtlsTransport) -> DtlsTransportState {
    DtlsTransportState::from(raw.state().as_str())
}

fn error_of(event: &Event) -> Error {
    let event: &sys::ErrorEvent = event.unchecked_ref();
    let error = event.error();
    if error.is_object() {
        Error::from_js(error)
    } else {
        Error::from_js(JsValue::from(event.clone()))
    }
}

impl crate::PeerConnection {
    /// Generates a DTLS certificate, as
    /// [`generate_certificate`](crate::PeerConnection::generate_certificate)
    /// does, that expires `expires` from now instead of after the browser's
    /// default (30 days). Browsers may cap long lifetimes (the spec allows a
    /// cap of a year); [`Certificate::expires`](crate::Certificate::expires)
    /// tells the date given.
    ///
    /// See [`RTCPeerConnection.generateCertificate()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/generateCertificate_static#expires).
    ///
    /// # Errors
    /// [`Error::NotSupported`] when the browser does not support the
    /// algorithm.
    pub fn generate_certificate_with_expiry(
        algorithm: &crate::CertificateAlgorithm,
        expires: std::time::Duration,
    ) -> impl std::future::Future<Output = Result<crate::Certificate>> + 'static + use<> {
        let keygen: js_sys::Object = algorithm.to_js().unchecked_into();
        let millis = u64::try_from(expires.as_millis()).unwrap_or(u64::MAX) as f64;
        crate::object::set(&keygen, "expires", &millis.into());
        crate::promise::settle(
            sys::PeerConnection::generate_certificate(&keygen),
            |value| Ok(crate::Certificate::from_raw(value.unchecked_into())),
        )
    }
}
