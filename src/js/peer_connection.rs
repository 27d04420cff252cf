//! `WasmPeerConnection`: the connection behind the package's `PeerConnection`.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use super::{JsDataChannel, JsStream, Subscription, Subscriptions, call, promise, rejected};
use crate::{DataChannel, Error, IceCandidate, PeerConnection};

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

    /// Closes the connection and removes every callback registered on it.
    /// Idempotent.
    pub fn close(&self) {
        self.inner.close();
        self.subscriptions.clear();
    }

    /// Wraps a channel the package's TypeScript layer created on this
    /// connection (with options it checked): the library's backpressure,
    /// size limit and receive queue from now on.
    #[wasm_bindgen(js_name = adoptDataChannel)]
    pub fn adopt_data_channel(&self, raw: web_sys::RtcDataChannel) -> JsDataChannel {
        JsDataChannel::new(DataChannel::from_raw(
            raw,
            Some(self.inner.as_raw().clone().unchecked_into()),
        ))
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
            call(&callback, &JsDataChannel::new(channel).into());
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
            JsDataChannel::new(channel).into()
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
