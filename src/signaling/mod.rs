//! Transports for [`Signal`]s: an in-page pair, a
//! `BroadcastChannel` (tabs and frames of one origin, no server), and a
//! WebSocket client for a signaling server.
//!
//! Each is a `Sink<Signal>` and a `Stream<Item = Result<Signal>>` that
//! carries signals as JSON ([`Signal::to_json`]);
//! a message that does not decode is an `Err` item and the stream goes on.
//!
//! A transport keeps at most [`MAX_UNREAD_SIGNAL_BYTES`] of unread signals.
//! A remote that sends faster than the transport is read does not grow
//! memory without bound: the reader gets every signal before the overflow,
//! then [`Error::ReceiveBufferFull`], and
//! the transport is closed. A frame over [`MAX_SIGNAL_SIZE`] is refused
//! (an [`Error::Decode`] item) before its text is
//! copied into wasm.

mod broadcast;
#[cfg(feature = "js")]
pub(crate) mod callback;
pub mod janus;
mod pair;
mod websocket;

pub use broadcast::BroadcastChannelTransport;
pub use pair::{PairSender, PairTransport, pair};
pub use websocket::WebSocketTransport;

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Error, Result};
use crate::negotiation::{MAX_SIGNAL_SIZE, Signal};
use crate::queue::{self, QueueReceiver, QueueSender};

/// The most bytes of unread signals a transport keeps (8 MiB).
pub const MAX_UNREAD_SIGNAL_BYTES: usize = 8 * 1024 * 1024;

type Inbox = QueueSender<Result<String>>;

/// Incoming JSON text, decoded as it is read.
#[derive(Debug)]
struct Incoming {
    receiver: QueueReceiver<Result<String>>,
}

impl Incoming {
    fn new() -> (Inbox, Self) {
        let (sender, receiver) =
            queue::weighed(MAX_UNREAD_SIGNAL_BYTES, |item: &Result<String>| {
                item.as_ref().map_or(1, String::len)
            });
        (sender, Incoming { receiver })
    }
}

/// One received frame as an inbox item: text up to [`MAX_SIGNAL_SIZE`]
/// (checked before the text is copied out of JavaScript), anything else
/// an error item.
fn frame_item(data: JsValue) -> Result<String> {
    match data.dyn_into::<js_sys::JsString>() {
        // A string's UTF-8 form has at least as many bytes as it has
        // UTF-16 units.
        Ok(text) if text.length() as usize > MAX_SIGNAL_SIZE => Err(Error::Decode(format!(
            "a signal of {} characters is over the {MAX_SIGNAL_SIZE}-byte limit",
            text.length()
        ))),
        Ok(text) => Ok(String::from(text)),
        Err(_) => Err(Error::Decode("a signal must be a text message".into())),
    }
}

/// Waits until `socket` is open. It is closed when it fails to open, and
/// when this future is dropped first.
///
/// # Errors
/// [`Error::Closed`] when the socket reports an error or closes first.
async fn opened(socket: &web_sys::WebSocket) -> Result<()> {
    struct Pending<'a>(Option<&'a web_sys::WebSocket>);
    impl Drop for Pending<'_> {
        fn drop(&mut self) {
            if let Some(socket) = self.0.take() {
                // Abandoned: nobody is left to tell of a failure to close.
                let _closing = socket.close();
            }
        }
    }
    let mut pending = Pending(Some(socket));
    let target: &web_sys::EventTarget = socket.as_ref();
    let registry = crate::event::Registry::default();
    let mut outcome = futures::stream::select(
        registry.stream(target, "open", |_| true),
        futures::stream::select(
            registry.stream(target, "error", |_| false),
            registry.stream(target, "close", |_| false),
        ),
    );
    if futures::StreamExt::next(&mut outcome).await != Some(true) {
        return Err(Error::Closed);
    }
    pending.0 = None;
    Ok(())
}

/// Takes one received frame into `inbox`. Returns `false` when the inbox
/// overflowed or its reader is gone: the caller then closes its transport.
fn receive_frame(inbox: &Inbox, data: JsValue) -> bool {
    inbox.push(frame_item(data)).is_ok()
}

impl Stream for Incoming {
    type Item = Result<Signal>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.receiver).poll_next(cx).map(|item| {
            item.map(|text| text.and_then(|text| text.and_then(|text| Signal::from_json(&text))))
        })
    }
}

/// Implements `Sink<Signal>` (always ready, sending synchronously through
/// `$send`) and `Stream` (through the `incoming` field) for a transport.
macro_rules! transport_impls {
    ($name:ident, |$this:ident, $json:ident| $send:expr, |$closing:ident| $close:expr) => {
        impl futures::Sink<$crate::negotiation::Signal> for $name {
            type Error = $crate::error::Error;

            fn poll_ready(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<$crate::error::Result<()>> {
                std::task::Poll::Ready(Ok(()))
            }

            fn start_send(
                self: std::pin::Pin<&mut Self>,
                signal: $crate::negotiation::Signal,
            ) -> $crate::error::Result<()> {
                let $this = &*self;
                let $json = signal.to_json();
                $send
            }

            fn poll_flush(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<$crate::error::Result<()>> {
                std::task::Poll::Ready(Ok(()))
            }

            fn poll_close(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<$crate::error::Result<()>> {
                let $closing = &*self;
                $close;
                std::task::Poll::Ready(Ok(()))
            }
        }

        impl futures::Stream for $name {
            type Item = $crate::error::Result<$crate::negotiation::Signal>;

            fn poll_next(
                mut self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Self::Item>> {
                std::pin::Pin::new(&mut self.incoming).poll_next(cx)
            }
        }
    };
}

use transport_impls;
