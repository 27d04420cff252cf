//! A transport made of a JavaScript `send` function and the signals the
//! application delivers: the JavaScript API's bring-your-own signaling.
//!
//! Signals cross as JavaScript objects of their JSON shape
//! ([`Signal::to_js`], [`Signal::from_js`]), so no JSON text is parsed or
//! written in wasm.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::{Sink, Stream};
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

use super::MAX_UNREAD_SIGNAL_BYTES;
use crate::error::{Error, Result};
use crate::negotiation::{MAX_SIGNAL_SIZE, Signal};
use crate::queue::{self, QueueReceiver, QueueSender};

type Item = Result<Signal>;

/// What a received signal counts against the inbox's limit: about its
/// size in bytes, at least 1.
fn weight_of(item: &Item) -> usize {
    match item {
        Ok(Signal::Description(description)) => description.sdp.len(),
        Ok(Signal::Candidate(Some(candidate))) => candidate.candidate.len(),
        _ => 1,
    }
}

/// Sends each signal by calling a JavaScript function with it; receives
/// what [`CallbackInbox::deliver`] is given.
#[derive(Debug)]
pub(crate) struct CallbackTransport {
    send: Function,
    incoming: QueueReceiver<Item>,
}

/// Where the application hands in the signals it received.
#[derive(Debug, Clone)]
pub(crate) struct CallbackInbox {
    inbox: QueueSender<Item>,
}

impl CallbackTransport {
    pub(crate) fn new(send: Function) -> (CallbackInbox, Self) {
        let (inbox, incoming) = queue::weighed(MAX_UNREAD_SIGNAL_BYTES, weight_of);
        (
            CallbackInbox { inbox },
            CallbackTransport { send, incoming },
        )
    }
}

/// A received signal: JSON text (at most [`MAX_SIGNAL_SIZE`] bytes, checked
/// before it is parsed) or the object itself.
fn decode(signal: &JsValue) -> Item {
    let Some(text) = signal.dyn_ref::<js_sys::JsString>() else {
        return Signal::from_js(signal);
    };
    // A string's UTF-8 form has at least as many bytes as it has UTF-16
    // units: an oversize signal is refused before it is copied.
    if text.length() as usize > MAX_SIGNAL_SIZE {
        return Err(Error::Decode(format!(
            "a signal of {} characters is over the {MAX_SIGNAL_SIZE}-byte limit",
            text.length()
        )));
    }
    let parsed = js_sys::JSON::parse(&String::from(text))
        .map_err(|_| Error::Decode("not a signal: not JSON".into()))?;
    Signal::from_js(&parsed)
}

impl CallbackInbox {
    /// Queues a received signal. One that does not decode reaches the
    /// driver as a bad signal.
    ///
    /// # Errors
    /// [`Error::ReceiveBufferFull`] when too many signals wait unread (the
    /// transport is then closed), [`Error::Closed`] when the driver is gone.
    pub(crate) fn deliver(&self, signal: &JsValue) -> Result<()> {
        self.inbox
            .push(decode(signal))
            .map_err(|refused| refused.into_error())
    }

    /// Ends the incoming signals.
    pub(crate) fn close(&self) {
        self.inbox.close();
    }
}

impl Sink<Signal> for CallbackTransport {
    type Error = Error;

    fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn start_send(self: Pin<&mut Self>, signal: Signal) -> Result<()> {
        self.send
            .call1(&JsValue::NULL, &signal.to_js())
            .map_err(Error::from_js)?;
        Ok(())
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<()>> {
        Poll::Ready(Ok(()))
    }
}

impl Stream for CallbackTransport {
    type Item = Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        Pin::new(&mut self.incoming)
            .poll_next(cx)
            .map(|item| item.map(|item| item.and_then(|signal| signal)))
    }
}
