//! `WasmPeerConnection`: the connection behind the package's `PeerConnection`.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use super::{JsDataChannel, JsStream, Subscription, Subscriptions, call, promise, rejected};
use crate::object::get;
use crate::{
    DataChannelInit, Error, IceCandidate, Negotiation, OfferOptions, PeerConnection, Priority,
    Reliability, SessionDescription,
};

/// A WebRTC connection (`RTCPeerConnection`) for the JavaScript API.
///
/// Like an `RTCPeerConnection`, it stays open until `close()`: freeing
/// this object removes the callbacks registered through it but does not
/// close the connection.
///
/// See [`RTCPeerConnection`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection).
#[wasm_bindgen(js_name = WasmPeerConnection)]
#[derive(Debug)]
pub struct JsPeerConnection {
    inner: PeerConnection,
    subscriptions: Subscriptions,
}

impl JsPeerConnection {
    /// The connection.
    pub fn connection(&self) -> &PeerConnection {
        &self.inner
    }

    /// `InvalidStateError` once the connection is closed.
    pub(crate) fn check_open(&self) -> Result<(), Error> {
        if self.inner.signaling_state() == crate::SignalingState::Closed {
            return Err(Error::InvalidState("the connection is closed".into()));
        }
        Ok(())
    }
}

#[wasm_bindgen(js_class = WasmPeerConnection)]
impl JsPeerConnection {
    /// Creates a connection from an `RTCConfiguration` (checked by the
    /// browser: a `TypeError` or `SyntaxError` for a bad one).
    #[wasm_bindgen(constructor)]
    pub fn new(configuration: Option<JsValue>) -> Result<JsPeerConnection, Error> {
        super::install_panic_hook();
        let configuration = configuration.unwrap_or_default();
        super::convert::options_object(&configuration, "the configuration")?;
        let inner = PeerConnection::from_js_configuration(&configuration)?;
        inner.keep_open_on_drop();
        Ok(JsPeerConnection {
            inner,
            subscriptions: Subscriptions::default(),
        })
    }

    /// Generates a certificate (`RTCPeerConnection.generateCertificate`).
    #[wasm_bindgen(js_name = generateCertificate)]
    pub fn generate_certificate(algorithm: JsValue) -> Promise {
        if !(algorithm.is_string() || algorithm.is_object()) {
            return rejected(Error::Type(
                "the algorithm must be a name or an object".into(),
            ));
        }
        let raw = crate::sys::PeerConnection::generate_certificate(&algorithm);
        promise(async move {
            wasm_bindgen_futures::JsFuture::from(raw?)
                .await
                .map_err(Error::from_js)
        })
    }

    /// The configuration in force (`getConfiguration()`).
    #[wasm_bindgen(js_name = getConfiguration)]
    pub fn get_configuration(&self) -> Result<JsValue, Error> {
        Ok(self.inner.as_raw().get_configuration().into())
    }

    /// Changes the configuration; members left out keep their values.
    #[wasm_bindgen(js_name = setConfiguration)]
    pub fn set_configuration(&self, configuration: JsValue) -> Result<(), Error> {
        if !configuration.is_object() {
            return Err(Error::Type("the configuration must be an object".into()));
        }
        self.inner.set_js_configuration(&configuration)
    }

    /// Creates an offer, with the offer options the package's TypeScript
    /// layer has checked.
    #[wasm_bindgen(js_name = createOffer)]
    pub fn create_offer(
        &self,
        ice_restart: bool,
        voice_activity_detection: Option<bool>,
        offer_to_receive_audio: Option<bool>,
        offer_to_receive_video: Option<bool>,
    ) -> Promise {
        promise(self.inner.create_offer(&OfferOptions {
            ice_restart,
            voice_activity_detection,
            offer_to_receive_audio,
            offer_to_receive_video,
        }))
    }

    /// Creates an answer to the remote offer.
    #[wasm_bindgen(js_name = createAnswer)]
    pub fn create_answer(&self) -> Promise {
        promise(self.inner.create_answer())
    }

    /// Applies a local description; without one (or without its `type`),
    /// creates and applies the offer or answer the signaling state calls
    /// for. Resolves with the applied local description.
    #[wasm_bindgen(js_name = setLocalDescription)]
    pub fn set_local_description(&self, description: Option<JsValue>) -> Promise {
        if description
            .as_ref()
            .is_some_and(|d| !d.is_null() && !d.is_object())
        {
            return rejected(Error::Type(
                "the description must be an RTCSessionDescriptionInit object".into(),
            ));
        }
        let explicit = description.filter(|d| {
            let sdp_type = get(d, "type");
            !sdp_type.is_undefined() && !sdp_type.is_null()
        });
        let Some(description) = explicit else {
            return promise(self.inner.set_local_description_implicit());
        };
        let description = match SessionDescription::from_js(&description) {
            Ok(description) => description,
            Err(error) => return rejected(error),
        };
        let applied = self.inner.set_local_description(&description);
        let connection = self.inner.downgrade();
        promise(async move {
            applied.await?;
            let pc = connection.upgrade().ok_or(Error::Closed)?;
            // After a rollback there is no local description: the applied
            // one is the rollback itself.
            Ok(pc.local_description().unwrap_or(description))
        })
    }

    /// Applies the remote peer's description (`{ type: "rollback" }` rolls
    /// back).
    #[wasm_bindgen(js_name = setRemoteDescription)]
    pub fn set_remote_description(&self, description: JsValue) -> Promise {
        match SessionDescription::from_js(&description) {
            Ok(description) => promise(self.inner.set_remote_description(&description)),
            Err(error) => rejected(error),
        }
    }

    /// Adds a remote candidate; `null` or nothing marks the end of candidates.
    #[wasm_bindgen(js_name = addIceCandidate)]
    pub fn add_ice_candidate(&self, candidate: Option<JsValue>) -> Promise {
        let Some(candidate) = candidate.filter(|c| !c.is_null()) else {
            return promise(self.inner.add_ice_candidate(None));
        };
        match IceCandidate::from_js(&candidate) {
            Ok(candidate) => promise(self.inner.add_ice_candidate(Some(&candidate))),
            Err(error) => rejected(error),
        }
    }

    /// Asks for an ICE restart at the next negotiation.
    #[wasm_bindgen(js_name = restartIce)]
    pub fn restart_ice(&self) -> Result<(), Error> {
        self.inner.restart_ice()
    }

    /// Closes the connection and removes every callback registered on it.
    /// Idempotent.
    pub fn close(&self) {
        self.inner.close();
        self.subscriptions.clear();
    }

    /// Creates a data channel, with the options the package's TypeScript
    /// layer has checked: `id` for a channel negotiated out of band,
    /// `priority` one of the four.
    #[wasm_bindgen(js_name = createDataChannel)]
    #[allow(clippy::too_many_arguments)]
    pub fn create_data_channel(
        &self,
        label: String,
        ordered: Option<bool>,
        max_retransmits: Option<u16>,
        max_packet_life_time: Option<u16>,
        protocol: Option<String>,
        id: Option<u16>,
        priority: Option<String>,
    ) -> Result<JsDataChannel, Error> {
        let init = DataChannelInit {
            ordered: ordered.unwrap_or(true),
            reliability: match (max_retransmits, max_packet_life_time) {
                (Some(n), _) => Reliability::MaxRetransmits(n),
                (None, Some(ms)) => Reliability::MaxPacketLifeTime(ms),
                (None, None) => Reliability::Reliable,
            },
            protocol: protocol.unwrap_or_default(),
            negotiation: id.map_or(Negotiation::InBand, |id| Negotiation::OutOfBand { id }),
            priority: priority.as_deref().map(Priority::from),
        };
        let channel = self.inner.create_data_channel(&label, &init)?;
        Ok(JsDataChannel::new(channel, init.priority))
    }

    /// Resolves once connected; rejects if the connection fails or closes
    /// first, or gathers no candidate at all.
    pub fn connected(&self) -> Promise {
        let connection = self.inner.clone();
        promise(async move { connection.connected().await })
    }

    /// Resolves once gathering is complete; rejects if the connection
    /// closes first.
    #[wasm_bindgen(js_name = iceGatheringComplete)]
    pub fn ice_gathering_complete(&self) -> Promise {
        let connection = self.inner.clone();
        promise(async move { connection.ice_gathering_complete().await })
    }

    /// The browser's `RTCPeerConnection`.
    #[wasm_bindgen(getter)]
    pub fn raw(&self) -> web_sys::RtcPeerConnection {
        self.inner.as_raw().clone()
    }

    /// Calls `callback(channel)` on each `datachannel` event until
    /// unsubscribed or closed; `type` must be `"datachannel"` (a
    /// `TypeError` otherwise). The connection's other events carry nothing
    /// the library adds, and the package's TypeScript layer reads them from
    /// the `RTCPeerConnection` itself.
    pub fn on(&self, event_type: &str, callback: Function) -> Result<Subscription, Error> {
        self.check_open()?;
        check_event_type(event_type)?;
        let listener = self.inner.on_data_channel(move |channel| {
            call(&callback, &JsDataChannel::new(channel, None).into());
        });
        Ok(self.subscriptions.add(listener))
    }

    /// The channels the remote peer opens, as a stream (a bounded queue: a
    /// reader that falls too far behind gets `ReceiveBufferFullError`);
    /// `type` must be `"datachannel"`. The stream of a closed connection
    /// has ended.
    pub fn events(&self, event_type: &str) -> Result<JsStream, Error> {
        check_event_type(event_type)?;
        if self.check_open().is_err() {
            return Ok(JsStream::new(futures::stream::empty()));
        }
        Ok(JsStream::of_events(self.inner.data_channels(), |channel| {
            JsDataChannel::new(channel, None).into()
        }))
    }
}

/// `TypeError` for any event type but `datachannel`.
fn check_event_type(event_type: &str) -> Result<(), Error> {
    if event_type == "datachannel" {
        Ok(())
    } else {
        Err(unknown_event(event_type))
    }
}

pub(crate) fn unknown_event(event_type: &str) -> Error {
    Error::Type(format!("unknown event type \"{event_type}\""))
}
