//! Signals over a WebSocket.

use super::{Incoming, opened, receive_frame, transport_impls};
use crate::error::{Error, Result};
use crate::event::Listener;

/// Signals over a [`WebSocket`](https://developer.mozilla.org/en-US/docs/Web/API/WebSocket)
/// to a signaling server that relays each text message to the other peer.
/// The stream ends when the socket closes. Dropping it closes the socket.
#[derive(Debug)]
pub struct WebSocketTransport {
    socket: web_sys::WebSocket,
    incoming: Incoming,
    _listeners: [Listener; 2],
}

impl WebSocketTransport {
    /// Connects to `url` (`ws:` or `wss:`) and waits until the socket is
    /// open.
    ///
    /// # Errors
    /// [`Error::Syntax`] for a bad URL; [`Error::Closed`] when the
    /// connection fails.
    pub async fn connect(url: &str) -> Result<Self> {
        let socket = web_sys::WebSocket::new(url)?;
        opened(&socket).await?;
        let target: &web_sys::EventTarget = socket.as_ref();
        let (sender, incoming) = Incoming::new();
        let on_message = {
            let sender = sender.clone();
            let socket = socket.clone();
            Listener::new(target, "message", move |event| {
                let data =
                    wasm_bindgen::JsCast::unchecked_ref::<web_sys::MessageEvent>(&event).data();
                if !receive_frame(&sender, data) {
                    // Overflow: the reader gets the error; the socket goes.
                    let _closing = socket.close();
                }
            })
        };
        let on_close = Listener::new(target, "close", move |_| sender.close());
        Ok(WebSocketTransport {
            socket,
            incoming,
            _listeners: [on_message, on_close],
        })
    }
}

impl WebSocketTransport {
    /// The browser's `WebSocket` (to watch its events; closing it ends the
    /// transport).
    pub fn as_raw(&self) -> &web_sys::WebSocket {
        &self.socket
    }
}

impl Drop for WebSocketTransport {
    fn drop(&mut self) {
        let _ = self.socket.close();
    }
}

transport_impls!(
    WebSocketTransport,
    |this, json| this.socket.send_with_str(&json).map_err(Error::from_js),
    |this| {
        let _ = this.socket.close();
    }
);
