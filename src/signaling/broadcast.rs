//! Signals over a `BroadcastChannel`.

use super::{Incoming, transport_impls};
use crate::error::{Error, Result};
use crate::event::Listener;

/// Signals over a [`BroadcastChannel`](https://developer.mozilla.org/en-US/docs/Web/API/BroadcastChannel):
/// peers in different tabs, windows or frames of one origin, with no
/// server. Use one channel name per pair of peers. Dropping it closes the
/// channel.
#[derive(Debug)]
pub struct BroadcastChannelTransport {
    channel: web_sys::BroadcastChannel,
    incoming: Incoming,
    _listener: Listener,
}

impl BroadcastChannelTransport {
    /// Joins the channel `name`.
    ///
    /// # Errors
    /// Browser errors, typed (e.g. in an opaque origin).
    pub fn new(name: &str) -> Result<Self> {
        let channel = web_sys::BroadcastChannel::new(name)?;
        let (sender, incoming) = Incoming::new();
        let listener = Listener::new(channel.as_ref(), "message", move |event| {
            let data = wasm_bindgen::JsCast::unchecked_ref::<web_sys::MessageEvent>(&event).data();
            let text = data
                .as_string()
                .ok_or_else(|| Error::Decode("a signal must be JSON text".into()));
            let _ = sender.unbounded_send(text);
        });
        Ok(BroadcastChannelTransport {
            channel,
            incoming,
            _listener: listener,
        })
    }
}

impl Drop for BroadcastChannelTransport {
    fn drop(&mut self) {
        self.channel.close();
    }
}

transport_impls!(
    BroadcastChannelTransport,
    |this, json| Ok(this.channel.post_message(&json.into())?),
    |this| this.channel.close()
);
