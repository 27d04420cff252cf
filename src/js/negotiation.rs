//! `WasmNegotiation`: perfect negotiation for the JavaScript API, over a
//! transport the application supplies, a WebSocket or a BroadcastChannel.

use futures::StreamExt;
use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;

use super::{JsPeerConnection, JsStream};
use crate::object::set;
use crate::signaling::callback::{CallbackInbox, CallbackTransport};
use std::time::Duration;

use crate::negotiation::IceRestartPolicy;
use crate::{Error, NegotiationEvent, NegotiationOptions, PerfectNegotiation};

/// A running perfect-negotiation driver (see the Rust
/// [`PerfectNegotiation`]). It stops when `stop()` is called, the
/// connection closes, or the transport ends.
///
/// See [Perfect negotiation](https://developer.mozilla.org/en-US/docs/Web/API/WebRTC_API/Perfect_negotiation).
#[wasm_bindgen(js_name = WasmNegotiation)]
#[derive(Debug)]
pub struct JsNegotiation {
    driver: Option<PerfectNegotiation>,
    inbox: Option<CallbackInbox>,
}

/// An event as the object JavaScript gets: `{ type, ... }`.
fn event_to_js(event: NegotiationEvent) -> JsValue {
    let object = Object::new();
    let kind = |name: &str| set(&object, "type", &name.into());
    match event {
        NegotiationEvent::BadSignal(error) => {
            kind("badsignal");
            set(&object, "error", &error.into());
        }
        NegotiationEvent::Error(error) => {
            kind("error");
            set(&object, "error", &error.into());
        }
        NegotiationEvent::IgnoredOffer => kind("ignoredoffer"),
        NegotiationEvent::RolledBack => kind("rollback"),
        NegotiationEvent::IceRestart { attempt } => {
            kind("icerestart");
            set(&object, "attempt", &attempt.into());
        }
        NegotiationEvent::IceRestartGaveUp => kind("icerestartgaveup"),
    }
    object.into()
}

#[wasm_bindgen(js_class = WasmNegotiation)]
impl JsNegotiation {
    /// Starts negotiating `connection`: each signal to send is passed to
    /// `send`; received signals go to `deliver()`. The options, checked by
    /// the package's TypeScript layer: `polite`, whether ICE restarts are on
    /// (`restart`), and the restart policy's members in milliseconds and
    /// attempts (`None` for their defaults).
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        connection: &JsPeerConnection,
        send: Function,
        polite: bool,
        restart: bool,
        grace_ms: Option<u32>,
        max_attempts: Option<u32>,
        backoff_ms: Option<u32>,
        max_backoff_ms: Option<u32>,
        connect_timeout_ms: Option<u32>,
    ) -> Result<JsNegotiation, Error> {
        connection.check_open()?;
        let millis = |ms: u32| Duration::from_millis(u64::from(ms));
        let ice_restart = restart.then(|| {
            let mut policy = IceRestartPolicy::default();
            if let Some(grace) = grace_ms {
                policy.grace = millis(grace);
            }
            if let Some(n) = max_attempts {
                policy.max_attempts = n;
            }
            if let Some(backoff) = backoff_ms {
                policy.backoff = millis(backoff);
            }
            if let Some(max) = max_backoff_ms {
                policy.max_backoff = millis(max);
            }
            if let Some(timeout) = connect_timeout_ms {
                policy.connect_timeout = millis(timeout);
            }
            policy
        });
        let (inbox, transport) = CallbackTransport::new(send);
        Ok(JsNegotiation {
            driver: Some(PerfectNegotiation::start(
                connection.connection(),
                transport,
                NegotiationOptions {
                    polite,
                    ice_restart,
                },
            )),
            inbox: Some(inbox),
        })
    }

    /// Hands in a signal received from the remote peer (its JSON text or
    /// the object). One that does not decode is reported as a `badsignal`
    /// event.
    ///
    /// Throws `ReceiveBufferFullError` when too many signals wait unread
    /// (the driver then stops) and `ClosedError` once the driver has
    /// stopped.
    pub fn deliver(&self, signal: JsValue) -> Result<(), Error> {
        let Some(inbox) = &self.inbox else {
            return Err(Error::Closed);
        };
        if !self.running() {
            return Err(Error::Closed);
        }
        inbox.deliver(&signal)
    }

    /// The driver's events from now on: `{ type: "ignoredoffer" |
    /// "rollback" | "icerestart" (with `attempt`) | "icerestartgaveup" |
    /// "badsignal" (with `error`) | "error" (with `error`) }`.
    pub fn events(&self) -> JsStream {
        match self.driver.as_ref().filter(|driver| driver.is_running()) {
            Some(driver) => JsStream::new(driver.events().map(|e| Ok(event_to_js(e)))),
            // A stopped driver has no more events: the stream has ended.
            None => JsStream::new(futures::stream::empty()),
        }
    }

    /// Whether the driver still runs.
    #[wasm_bindgen(getter)]
    pub fn running(&self) -> bool {
        self.driver
            .as_ref()
            .is_some_and(PerfectNegotiation::is_running)
    }

    /// Stops the driver (the connection stays as it is). Idempotent.
    pub fn stop(&mut self) {
        if let Some(inbox) = self.inbox.take() {
            inbox.close();
        }
        self.driver.take();
    }
}
