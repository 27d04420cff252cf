//! Signals over a `BroadcastChannel`.

use super::{Incoming, receive_frame, transport_impls};
use crate::error::Result;
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
        let listener = {
            let channel = channel.clone();
            Listener::new(channel.clone().as_ref(), "message", move |event| {
                let data =
                    wasm_bindgen::JsCast::unchecked_ref::<web_sys::MessageEvent>(&event).data();
                if !receive_frame(&sender, data) {
                    channel.close();
                }
            })
        };
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
