//! The npm-facing JavaScript API (feature `js`), built by `wasm-pack build`.
//!
//! The same capabilities as the Rust API, the JavaScript way: classes with
//! promise-returning methods, the DOM's own dictionary types for options and
//! descriptions, and subscriptions that remove their listener when
//! unsubscribed.

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

use crate::{
    Configuration, DataChannelInit, Error, IceCandidate, Listener, Negotiation, OfferOptions,
    PeerConnection, Priority, Reliability, SessionDescription,
};

#[wasm_bindgen(start)]
fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

/// How many event listeners the library holds on browser objects right now
/// (for leak checks).
#[wasm_bindgen(js_name = liveListenerCount)]
pub fn live_listener_count() -> usize {
    crate::live_listener_count()
}

/// A registered callback. `unsubscribe()` removes it; so does freeing the
/// object or closing its connection by dropping it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Subscription {
    listener: RefCell<Option<Listener>>,
}

#[wasm_bindgen]
impl Subscription {
    /// Removes the callback. Calling it again does nothing.
    pub fn unsubscribe(&self) {
        self.listener.borrow_mut().take();
    }

    /// Whether the callback is still registered.
    #[wasm_bindgen(getter)]
    pub fn active(&self) -> bool {
        self.listener
            .borrow()
            .as_ref()
            .is_some_and(Listener::is_active)
    }
}

impl From<Listener> for Subscription {
    fn from(listener: Listener) -> Self {
        Subscription {
            listener: RefCell::new(Some(listener)),
        }
    }
}

/// Calls a JavaScript callback with one argument; an exception thrown by the
/// callback is reported on the console rather than lost or turned into a
/// panic.
fn call(callback: &Function, value: &JsValue) {
    if let Err(error) = callback.call1(&JsValue::NULL, value) {
        web_sys::console::error_2(&"webrtc-wasm: a callback threw".into(), &error);
    }
}

fn member(value: &JsValue, key: &str) -> JsValue {
    if value.is_object() {
        Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn offer_options(value: &JsValue) -> OfferOptions {
    OfferOptions {
        ice_restart: member(value, "iceRestart").as_bool().unwrap_or(false),
        voice_activity_detection: member(value, "voiceActivityDetection").as_bool(),
        offer_to_receive_audio: member(value, "offerToReceiveAudio").as_bool(),
        offer_to_receive_video: member(value, "offerToReceiveVideo").as_bool(),
    }
}

fn data_channel_init(value: &JsValue) -> Result<DataChannelInit, Error> {
    let number = |key| member(value, key).as_f64();
    let as_u16 = |key: &str, n: f64| {
        if n.fract() == 0.0 && (0.0..=65535.0).contains(&n) {
            Ok(n as u16)
        } else {
            Err(Error::Type(format!(
                "{key} must be an integer in 0..=65535"
            )))
        }
    };
    let reliability = match (number("maxRetransmits"), number("maxPacketLifeTime")) {
        (Some(_), Some(_)) => {
            return Err(Error::Type(
                "maxRetransmits and maxPacketLifeTime cannot both be set".into(),
            ));
        }
        (Some(n), None) => Reliability::MaxRetransmits(as_u16("maxRetransmits", n)?),
        (None, Some(ms)) => Reliability::MaxPacketLifeTime(as_u16("maxPacketLifeTime", ms)?),
        (None, None) => Reliability::Reliable,
    };
    let negotiation = if member(value, "negotiated").as_bool() == Some(true) {
        let id =
            number("id").ok_or_else(|| Error::Type("a negotiated channel needs an id".into()))?;
        Negotiation::OutOfBand {
            id: as_u16("id", id)?,
        }
    } else {
        Negotiation::InBand
    };
    Ok(DataChannelInit {
        ordered: member(value, "ordered").as_bool().unwrap_or(true),
        reliability,
        protocol: member(value, "protocol").as_string().unwrap_or_default(),
        negotiation,
        priority: member(value, "priority")
            .as_string()
            .map(|p| Priority::from(p.as_str())),
    })
}

/// A WebRTC connection (`RTCPeerConnection`) whose listeners are removed
/// when it is closed with `free()`.
#[wasm_bindgen(js_name = PeerConnection)]
#[derive(Debug)]
pub struct JsPeerConnection {
    inner: PeerConnection,
}

#[wasm_bindgen(js_class = PeerConnection)]
impl JsPeerConnection {
    /// Creates a connection from an `RTCConfiguration`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "RTCConfiguration")] configuration: Option<
            JsValue,
        >,
    ) -> Result<JsPeerConnection, Error> {
        let configuration = Configuration::from_js(&configuration.unwrap_or_default());
        Ok(JsPeerConnection {
            inner: PeerConnection::new(&configuration)?,
        })
    }

    /// Creates an offer.
    #[wasm_bindgen(js_name = createOffer, unchecked_return_type = "RTCSessionDescriptionInit")]
    pub async fn create_offer(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RTCOfferOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, Error> {
        let options = offer_options(&options.unwrap_or_default());
        Ok(self.inner.create_offer(&options).await?.into())
    }

    /// Creates an answer to the remote offer.
    #[wasm_bindgen(js_name = createAnswer, unchecked_return_type = "RTCSessionDescriptionInit")]
    pub async fn create_answer(&self) -> Result<JsValue, Error> {
        Ok(self.inner.create_answer().await?.into())
    }

    /// Applies a local description; without one, creates and applies the
    /// offer or answer the signaling state calls for. Resolves with the
    /// applied description.
    #[wasm_bindgen(js_name = setLocalDescription, unchecked_return_type = "RTCSessionDescriptionInit")]
    pub async fn set_local_description(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RTCSessionDescriptionInit")]
        description: Option<JsValue>,
    ) -> Result<JsValue, Error> {
        let Some(description) = description else {
            return Ok(self.inner.set_local_description_implicit().await?.into());
        };
        let description = SessionDescription::from_js(&description)?;
        self.inner.set_local_description(&description).await?;
        Ok(description.into())
    }

    /// Applies the remote peer's description.
    #[wasm_bindgen(js_name = setRemoteDescription)]
    pub async fn set_remote_description(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RTCSessionDescriptionInit")] description: JsValue,
    ) -> Result<(), Error> {
        let description = SessionDescription::from_js(&description)?;
        self.inner.set_remote_description(&description).await
    }

    /// Adds a remote candidate; `null` or nothing marks the end of candidates.
    #[wasm_bindgen(js_name = addIceCandidate)]
    pub async fn add_ice_candidate(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RTCIceCandidateInit | null")]
        candidate: Option<JsValue>,
    ) -> Result<(), Error> {
        let Some(candidate) = candidate else {
            return self.inner.add_ice_candidate(None).await;
        };
        let candidate = IceCandidate::from_js(&candidate)?;
        self.inner.add_ice_candidate(Some(&candidate)).await
    }

    /// Asks for an ICE restart at the next negotiation.
    #[wasm_bindgen(js_name = restartIce)]
    pub fn restart_ice(&self) -> Result<(), Error> {
        self.inner.restart_ice()
    }

    /// Closes the connection.
    pub fn close(&self) {
        self.inner.close();
    }

    /// Creates a data channel and returns the browser's `RTCDataChannel`.
    #[wasm_bindgen(js_name = createDataChannel)]
    pub fn create_data_channel(
        &self,
        label: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "RTCDataChannelInit")] init: Option<JsValue>,
    ) -> Result<web_sys::RtcDataChannel, Error> {
        let init = data_channel_init(&init.unwrap_or_default())?;
        let channel = self.inner.create_data_channel(label, &init)?;
        Ok(channel.into_raw())
    }

    /// Resolves once connected; rejects if the connection fails or closes
    /// first, or gathers no candidate at all.
    pub async fn connected(&self) -> Result<(), Error> {
        self.inner.connected().await
    }

    /// The connection state.
    #[wasm_bindgen(getter, js_name = connectionState, unchecked_return_type = "RTCPeerConnectionState")]
    pub fn connection_state(&self) -> String {
        self.inner.connection_state().to_string()
    }

    /// The ICE connection state.
    #[wasm_bindgen(getter, js_name = iceConnectionState, unchecked_return_type = "RTCIceConnectionState")]
    pub fn ice_connection_state(&self) -> String {
        self.inner.ice_connection_state().to_string()
    }

    /// The ICE gathering state.
    #[wasm_bindgen(getter, js_name = iceGatheringState, unchecked_return_type = "RTCIceGatheringState")]
    pub fn ice_gathering_state(&self) -> String {
        self.inner.ice_gathering_state().to_string()
    }

    /// The signaling state.
    #[wasm_bindgen(getter, js_name = signalingState, unchecked_return_type = "RTCSignalingState")]
    pub fn signaling_state(&self) -> String {
        self.inner.signaling_state().to_string()
    }

    /// The local description, or `null`.
    #[wasm_bindgen(getter, js_name = localDescription, unchecked_return_type = "RTCSessionDescriptionInit | null")]
    pub fn local_description(&self) -> JsValue {
        self.inner
            .local_description()
            .map_or(JsValue::NULL, Into::into)
    }

    /// The remote description, or `null`.
    #[wasm_bindgen(getter, js_name = remoteDescription, unchecked_return_type = "RTCSessionDescriptionInit | null")]
    pub fn remote_description(&self) -> JsValue {
        self.inner
            .remote_description()
            .map_or(JsValue::NULL, Into::into)
    }

    /// The browser's `RTCPeerConnection`.
    #[wasm_bindgen(getter)]
    pub fn raw(&self) -> web_sys::RtcPeerConnection {
        self.inner.as_raw().clone()
    }

    /// Calls `callback(state)` on every connection state change.
    #[wasm_bindgen(js_name = onConnectionStateChange)]
    pub fn on_connection_state_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(state: RTCPeerConnectionState) => void")]
        callback: Function,
    ) -> Subscription {
        self.inner
            .on_connection_state_change(move |state| call(&callback, &state.as_str().into()))
            .into()
    }

    /// Calls `callback(state)` on every ICE connection state change.
    #[wasm_bindgen(js_name = onIceConnectionStateChange)]
    pub fn on_ice_connection_state_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(state: RTCIceConnectionState) => void")]
        callback: Function,
    ) -> Subscription {
        self.inner
            .on_ice_connection_state_change(move |state| call(&callback, &state.as_str().into()))
            .into()
    }

    /// Calls `callback(state)` on every signaling state change.
    #[wasm_bindgen(js_name = onSignalingStateChange)]
    pub fn on_signaling_state_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(state: RTCSignalingState) => void")]
        callback: Function,
    ) -> Subscription {
        self.inner
            .on_signaling_state_change(move |state| call(&callback, &state.as_str().into()))
            .into()
    }

    /// Calls `callback(candidate)` for every local candidate, then with
    /// `null` when gathering is complete.
    #[wasm_bindgen(js_name = onIceCandidate)]
    pub fn on_ice_candidate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(candidate: RTCIceCandidateInit | null) => void")]
        callback: Function,
    ) -> Subscription {
        self.inner
            .on_ice_candidate(move |candidate| {
                call(&callback, &candidate.map_or(JsValue::NULL, Into::into))
            })
            .into()
    }

    /// Calls `callback(channel)` for every data channel the remote peer opens.
    #[wasm_bindgen(js_name = onDataChannel)]
    pub fn on_data_channel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(channel: RTCDataChannel) => void")]
        callback: Function,
    ) -> Subscription {
        self.inner
            .on_data_channel(move |channel| call(&callback, &channel.into_raw()))
            .into()
    }

    /// Calls `callback()` whenever a new negotiation is needed.
    #[wasm_bindgen(js_name = onNegotiationNeeded)]
    pub fn on_negotiation_needed(
        &self,
        #[wasm_bindgen(unchecked_param_type = "() => void")] callback: Function,
    ) -> Subscription {
        self.inner
            .on_negotiation_needed(move |()| call(&callback, &JsValue::UNDEFINED))
            .into()
    }
}
