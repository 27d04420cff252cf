//! The npm-facing JavaScript API (feature `js`), built by `wasm-pack build`.
//!
//! The same capabilities as the Rust API, the JavaScript way: classes with
//! promise-returning methods, the DOM's own dictionary types for options and
//! descriptions, and subscriptions that remove their listener when
//! unsubscribed.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::{Rc, Weak};

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::object::get;
use crate::{
    DataChannelInit, Error, IceCandidate, Listener, Negotiation, OfferOptions, PeerConnection,
    Priority, Reliability, SessionDescription,
};

/// Routes Rust panics to `console.error` with their message. Idempotent:
/// every class of the JavaScript API calls it when constructed, so the npm
/// package needs no start function of its own, and a Rust application
/// that enables the `js` feature keeps its own `#[wasm_bindgen(start)]`.
#[wasm_bindgen(js_name = installPanicHook)]
pub fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

/// How many event listeners the library holds on browser objects right now
/// (for leak checks).
#[wasm_bindgen(js_name = liveListenerCount)]
pub fn live_listener_count() -> usize {
    crate::live_listener_count()
}

/// The callbacks registered through one `PeerConnection`, by id.
type Subscriptions = Rc<RefCell<Vec<(u32, Listener)>>>;

/// A registered callback. `unsubscribe()` removes it; so does closing or
/// freeing its connection. Losing this object does not: like
/// `addEventListener`, the callback runs until removed.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Subscription {
    subscriptions: Weak<RefCell<Vec<(u32, Listener)>>>,
    id: u32,
}

#[wasm_bindgen]
impl Subscription {
    /// Removes the callback. Calling it again does nothing.
    pub fn unsubscribe(&self) {
        if let Some(subscriptions) = self.subscriptions.upgrade() {
            let removed: Vec<_> = {
                let mut list = subscriptions.borrow_mut();
                let (removed, kept) = list.drain(..).partition(|(id, _)| *id == self.id);
                *list = kept;
                removed
            };
            drop(removed);
        }
    }

    /// Whether the callback is still registered.
    #[wasm_bindgen(getter)]
    pub fn active(&self) -> bool {
        self.subscriptions.upgrade().is_some_and(|subscriptions| {
            subscriptions
                .borrow()
                .iter()
                .any(|(id, listener)| *id == self.id && listener.is_active())
        })
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

fn offer_options(value: &JsValue) -> OfferOptions {
    OfferOptions {
        ice_restart: get(value, "iceRestart").as_bool().unwrap_or(false),
        voice_activity_detection: get(value, "voiceActivityDetection").as_bool(),
        offer_to_receive_audio: get(value, "offerToReceiveAudio").as_bool(),
        offer_to_receive_video: get(value, "offerToReceiveVideo").as_bool(),
    }
}

fn data_channel_init(value: &JsValue) -> Result<DataChannelInit, Error> {
    let number = |key| get(value, key).as_f64();
    let as_u16 = |key: &str, n: f64| {
        crate::object::integer::<u16>(n)
            .ok_or_else(|| Error::Type(format!("{key} must be an integer in 0..=65535")))
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
    let negotiation = if get(value, "negotiated").as_bool() == Some(true) {
        let id =
            number("id").ok_or_else(|| Error::Type("a negotiated channel needs an id".into()))?;
        Negotiation::OutOfBand {
            id: as_u16("id", id)?,
        }
    } else {
        Negotiation::InBand
    };
    Ok(DataChannelInit {
        ordered: get(value, "ordered").as_bool().unwrap_or(true),
        reliability,
        protocol: get(value, "protocol").as_string().unwrap_or_default(),
        negotiation,
        priority: get(value, "priority")
            .as_string()
            .map(|p| Priority::from(p.as_str())),
    })
}

/// A WebRTC connection (`RTCPeerConnection`).
///
/// Like an `RTCPeerConnection`, it stays open until `close()`. Callbacks
/// registered with the `on*` methods run until unsubscribed, until the
/// connection is closed, or until this object is freed (`free()`, or garbage
/// collection once nothing references it): keep a reference to it for as long
/// as you want its callbacks.
#[wasm_bindgen(js_name = PeerConnection)]
#[derive(Debug)]
pub struct JsPeerConnection {
    inner: PeerConnection,
    subscriptions: Subscriptions,
    next_id: Cell<u32>,
}

/// What a promise resolves with.
trait Resolve {
    fn into_js(self) -> JsValue;
}

impl Resolve for () {
    fn into_js(self) -> JsValue {
        JsValue::UNDEFINED
    }
}

impl Resolve for SessionDescription {
    fn into_js(self) -> JsValue {
        self.into()
    }
}

/// A promise of a `'static` future's result.
fn promise<T: Resolve>(future: impl Future<Output = Result<T, Error>> + 'static) -> Promise {
    future_to_promise(async move { Ok(future.await?.into_js()) })
}

fn rejected(error: Error) -> Promise {
    Promise::reject(&error.into())
}

impl JsPeerConnection {
    fn subscribe(&self, listener: Listener) -> Subscription {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        self.subscriptions.borrow_mut().push((id, listener));
        Subscription {
            subscriptions: Rc::downgrade(&self.subscriptions),
            id,
        }
    }
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
        install_panic_hook();
        let inner = PeerConnection::from_js_configuration(&configuration.unwrap_or_default())?;
        inner.keep_open_on_drop();
        Ok(JsPeerConnection {
            inner,
            subscriptions: Subscriptions::default(),
            next_id: Cell::new(0),
        })
    }

    /// Creates an offer.
    #[wasm_bindgen(js_name = createOffer, unchecked_return_type = "Promise<RTCSessionDescriptionInit>")]
    pub fn create_offer(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RTCOfferOptions")] options: Option<JsValue>,
    ) -> Promise {
        let options = offer_options(&options.unwrap_or_default());
        promise(self.inner.create_offer(&options))
    }

    /// Creates an answer to the remote offer.
    #[wasm_bindgen(js_name = createAnswer, unchecked_return_type = "Promise<RTCSessionDescriptionInit>")]
    pub fn create_answer(&self) -> Promise {
        promise(self.inner.create_answer())
    }

    /// Applies a local description; without one (or without its `type`),
    /// creates and applies the offer or answer the signaling state calls
    /// for. Resolves with the applied local description.
    #[wasm_bindgen(js_name = setLocalDescription, unchecked_return_type = "Promise<RTCSessionDescriptionInit>")]
    pub fn set_local_description(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RTCSessionDescriptionInit")]
        description: Option<JsValue>,
    ) -> Promise {
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
            connection
                .upgrade()
                .and_then(|pc| pc.local_description())
                .ok_or(Error::Closed)
        })
    }

    /// Applies the remote peer's description.
    #[wasm_bindgen(js_name = setRemoteDescription, unchecked_return_type = "Promise<void>")]
    pub fn set_remote_description(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RTCSessionDescriptionInit")] description: JsValue,
    ) -> Promise {
        match SessionDescription::from_js(&description) {
            Ok(description) => promise(self.inner.set_remote_description(&description)),
            Err(error) => rejected(error),
        }
    }

    /// Adds a remote candidate; `null` or nothing marks the end of candidates.
    #[wasm_bindgen(js_name = addIceCandidate, unchecked_return_type = "Promise<void>")]
    pub fn add_ice_candidate(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RTCIceCandidateInit | null")]
        candidate: Option<JsValue>,
    ) -> Promise {
        let Some(candidate) = candidate else {
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
    pub fn close(&self) {
        self.inner.close();
        self.subscriptions.borrow_mut().clear();
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
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn connected(&self) -> Promise {
        let connection = self.inner.clone();
        promise(async move { connection.connected().await })
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
        self.subscribe(
            self.inner
                .on_connection_state_change(move |state| call(&callback, &state.as_str().into())),
        )
    }

    /// Calls `callback(state)` on every ICE connection state change.
    #[wasm_bindgen(js_name = onIceConnectionStateChange)]
    pub fn on_ice_connection_state_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(state: RTCIceConnectionState) => void")]
        callback: Function,
    ) -> Subscription {
        self.subscribe(
            self.inner.on_ice_connection_state_change(move |state| {
                call(&callback, &state.as_str().into())
            }),
        )
    }

    /// Calls `callback(state)` on every signaling state change.
    #[wasm_bindgen(js_name = onSignalingStateChange)]
    pub fn on_signaling_state_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(state: RTCSignalingState) => void")]
        callback: Function,
    ) -> Subscription {
        self.subscribe(
            self.inner
                .on_signaling_state_change(move |state| call(&callback, &state.as_str().into())),
        )
    }

    /// Calls `callback(candidate)` for every local candidate, then with
    /// `null` when gathering is complete.
    #[wasm_bindgen(js_name = onIceCandidate)]
    pub fn on_ice_candidate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(candidate: RTCIceCandidateInit | null) => void")]
        callback: Function,
    ) -> Subscription {
        self.subscribe(self.inner.on_ice_candidate(move |candidate| {
            call(&callback, &candidate.map_or(JsValue::NULL, Into::into))
        }))
    }

    /// Calls `callback(channel)` for every data channel the remote peer opens.
    #[wasm_bindgen(js_name = onDataChannel)]
    pub fn on_data_channel(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(channel: RTCDataChannel) => void")]
        callback: Function,
    ) -> Subscription {
        self.subscribe(
            self.inner
                .on_data_channel(move |channel| call(&callback, &channel.into_raw())),
        )
    }

    /// Calls `callback()` whenever a new negotiation is needed.
    #[wasm_bindgen(js_name = onNegotiationNeeded)]
    pub fn on_negotiation_needed(
        &self,
        #[wasm_bindgen(unchecked_param_type = "() => void")] callback: Function,
    ) -> Subscription {
        self.subscribe(
            self.inner
                .on_negotiation_needed(move |()| call(&callback, &JsValue::UNDEFINED)),
        )
    }
}
