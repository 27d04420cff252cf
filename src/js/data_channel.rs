//! `WasmDataChannel`: the channel behind the package's `DataChannel`.

use std::cell::Cell;

use futures::StreamExt;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use super::convert::{buffer_size, message_to_js, text_from_js};
use super::peer_connection::unknown_event;
use super::{JsStream, Subscription, Subscriptions, call, promise, rejected};
use crate::{DataChannel, Error, Listener};

/// A data channel (`RTCDataChannel`) for the JavaScript API: the Rust
/// [`DataChannel`]'s watermarks, size limit and bounded receive queue.
/// Like an `RTCDataChannel`, it stays open until `close()`.
///
/// See [`RTCDataChannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel).
#[wasm_bindgen(js_name = WasmDataChannel)]
#[derive(Debug)]
pub struct JsDataChannel {
    inner: DataChannel,
    subscriptions: Subscriptions,
    /// Whether `release()` was called: no more callbacks then.
    released: Cell<bool>,
}

impl JsDataChannel {
    pub(crate) fn new(inner: DataChannel) -> Self {
        inner.keep_open_on_drop();
        JsDataChannel {
            inner,
            subscriptions: Subscriptions::default(),
            released: Cell::new(false),
        }
    }

    /// The channel.
    pub fn channel(&self) -> &DataChannel {
        &self.inner
    }
}

/// A `u32` attribute from JavaScript: a `RangeError` unless a whole number
/// in range.
fn u32_from_js(value: f64, what: &str) -> Result<u32, Error> {
    crate::object::integer::<u32>(value)
        .ok_or_else(|| Error::Range(format!("{what} must be an integer in 0..=4294967295")))
}

#[wasm_bindgen(js_class = WasmDataChannel)]
impl JsDataChannel {
    /// The browser's `RTCDataChannel`.
    #[wasm_bindgen(getter)]
    pub fn raw(&self) -> web_sys::RtcDataChannel {
        self.inner.as_raw().clone()
    }

    /// The application's `bufferedAmountLowThreshold`.
    #[wasm_bindgen(getter, js_name = bufferedAmountLowThreshold)]
    pub fn buffered_amount_low_threshold(&self) -> u32 {
        self.inner.buffered_amount_low_threshold()
    }

    /// Sets `bufferedAmountLowThreshold`.
    #[wasm_bindgen(setter, js_name = bufferedAmountLowThreshold)]
    pub fn set_buffered_amount_low_threshold(&self, threshold: f64) -> Result<(), Error> {
        let threshold = u32_from_js(threshold, "bufferedAmountLowThreshold")?;
        self.inner.set_buffered_amount_low_threshold(threshold);
        Ok(())
    }

    /// The largest message the channel can send.
    #[wasm_bindgen(getter, js_name = maxMessageSize)]
    pub fn max_message_size(&self) -> f64 {
        self.inner.max_message_size() as f64
    }

    /// The high watermark: `send` waits while more is queued.
    #[wasm_bindgen(getter, js_name = highWatermark)]
    pub fn high_watermark(&self) -> u32 {
        self.inner.watermarks().0
    }

    /// The low watermark: waiting senders resume once the queue drains to it.
    #[wasm_bindgen(getter, js_name = lowWatermark)]
    pub fn low_watermark(&self) -> u32 {
        self.inner.watermarks().1
    }

    /// Sets both watermarks.
    #[wasm_bindgen(js_name = setWatermarks)]
    pub fn set_watermarks(&self, high: f64, low: f64) -> Result<(), Error> {
        self.inner.set_watermarks(
            u32_from_js(high, "the high watermark")?,
            u32_from_js(low, "the low watermark")?,
        )
    }

    /// The most unread bytes kept.
    #[wasm_bindgen(getter, js_name = receiveLimit)]
    pub fn receive_limit(&self) -> f64 {
        self.inner.receive_limit() as f64
    }

    /// Sets the most unread bytes kept.
    #[wasm_bindgen(setter, js_name = receiveLimit)]
    pub fn set_receive_limit(&self, bytes: f64) -> Result<(), Error> {
        let bytes = crate::object::integer::<usize>(bytes)
            .ok_or_else(|| Error::Range("the receive limit must be a whole number".into()))?;
        self.inner.set_receive_limit(bytes)
    }

    /// Bytes received and not read yet.
    #[wasm_bindgen(getter, js_name = unreadBytes)]
    pub fn unread_bytes(&self) -> f64 {
        self.inner.unread_bytes() as f64
    }

    /// Sends `data` if it fits under the high watermark: `true` when sent,
    /// `false` when the queue is full (nothing sent). Throws for every
    /// other failure (`MessageTooLargeError`, `InvalidStateError`,
    /// `ClosedError`, a `TypeError` for data of the wrong type).
    #[wasm_bindgen(js_name = trySend)]
    pub fn try_send(&self, data: JsValue) -> Result<bool, Error> {
        // Binary data goes to the browser as it is, without a copy.
        if let Some(size) = buffer_size(&data) {
            return self.inner.try_send_buffer(&data, size);
        }
        match self.inner.try_send(text_from_js(&data)?) {
            Ok(()) => Ok(true),
            Err(Error::Full) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// Resolves when `data` fits under the high watermark; sends nothing.
    pub fn room(&self, data: JsValue) -> Promise {
        let size = match buffer_size(&data) {
            Some(size) => size,
            None => match text_from_js(&data) {
                Ok(message) => message.len(),
                Err(error) => return rejected(error),
            },
        };
        let channel = self.inner.clone();
        promise(async move { channel.room_for(size).await })
    }

    /// Resolves when the browser has sent everything queued.
    pub fn flush(&self) -> Promise {
        let channel = self.inner.clone();
        promise(async move { channel.flush().await })
    }

    /// The received messages (strings and `Uint8Array`s), ending when the
    /// channel closes, or with `ReceiveBufferFullError` after a flood.
    pub fn messages(&self) -> JsStream {
        JsStream::new(self.inner.clone().map(|item| item.map(message_to_js)))
    }

    /// Calls `callback(value)` on each `message` or `bufferedamountlow`
    /// event until unsubscribed or closed. `message` callbacks take the
    /// messages instead of the message stream. (The channel's other events
    /// carry nothing the library adds; the package's TypeScript layer reads
    /// them from the `RTCDataChannel` itself.)
    pub fn on(&self, event_type: &str, callback: Function) -> Result<Subscription, Error> {
        if self.released.get() || self.inner.ready_state() == crate::DataChannelState::Closed {
            return Err(Error::InvalidState("the data channel is closed".into()));
        }
        let channel = &self.inner;
        let listener: Listener = match event_type {
            "bufferedamountlow" => channel.on_buffered_amount_low(move || {
                call(&callback, &JsValue::UNDEFINED);
            }),
            "message" => channel.on_message_later(move |item| {
                // The channel's `error` events reach its `error` callbacks.
                if let Ok(message) = item {
                    call(&callback, &message_to_js(message));
                }
            }),
            other => return Err(unknown_event(other)),
        };
        Ok(self.subscriptions.add(listener))
    }

    /// Closes the channel. Idempotent.
    pub fn close(&self) {
        self.inner.close();
    }

    /// Removes every listener of a closed channel, the library's own too:
    /// unread messages stay readable, nothing more arrives.
    pub fn release(&self) {
        self.released.set(true);
        self.subscriptions.clear();
        self.inner.release_listeners();
    }

    /// Hands the messages received before the first `message` callback to
    /// the callbacks (after `on("message")` returned, so that a callback
    /// can unsubscribe on the first).
    #[wasm_bindgen(js_name = deliverUnread)]
    pub fn deliver_unread(&self) {
        self.inner.deliver_unread();
    }
}
