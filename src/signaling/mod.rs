//! Transports for [`Signal`]s: an in-page pair, a
//! `BroadcastChannel` (tabs and frames of one origin, no server), and a
//! WebSocket client for a signaling server.
//!
//! Each is a `Sink<Signal>` and a `Stream<Item = Result<Signal>>` that
//! carries signals as JSON ([`Signal::to_json`]);
//! a message that does not decode is an `Err` item and the stream goes on.

mod broadcast;
mod pair;
mod websocket;

pub use broadcast::BroadcastChannelTransport;
pub use pair::{PairSender, PairTransport, pair};
pub use websocket::WebSocketTransport;

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use futures::channel::mpsc;

use crate::error::Result;
use crate::negotiation::Signal;

/// Incoming JSON text, decoded as it is read.
#[derive(Debug)]
struct Incoming {
    receiver: mpsc::UnboundedReceiver<Result<String>>,
}

impl Incoming {
    fn new() -> (mpsc::UnboundedSender<Result<String>>, Self) {
        let (sender, receiver) = mpsc::unbounded();
        (sender, Incoming { receiver })
    }
}

impl Stream for Incoming {
    type Item = Result<Signal>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.receiver)
            .poll_next(cx)
            .map(|item| item.map(|text| text.and_then(|text| Signal::from_json(&text))))
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
