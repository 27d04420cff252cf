//! Receiving: the bounded queue of unread messages and `on_message`
//! callbacks.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures::Stream;
use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use web_sys::Event;

use super::{DataChannel, MessageCallback, Shared};
use crate::error::{Error, Result};
use crate::event::Listener;
use crate::message::Message;
use crate::sys;

/// The default limit on unread incoming bytes per channel (16 MiB): past
/// it the reader gets [`Error::ReceiveBufferFull`] and the channel closes.
pub const DEFAULT_RECEIVE_LIMIT: usize = 16 * 1024 * 1024;

/// The message a `message` event carries. `binaryType` stays
/// `"arraybuffer"` while the channel is wrapped, so binary data is an
/// `ArrayBuffer`.
fn message_of(event: &Event) -> Result<Message> {
    let data = event.unchecked_ref::<web_sys::MessageEvent>().data();
    if let Some(text) = data.as_string() {
        return Ok(Message::Text(text));
    }
    match data.dyn_into::<ArrayBuffer>() {
        Ok(buffer) => Ok(Message::Binary(Uint8Array::new(&buffer).to_vec())),
        Err(other) => Err(Error::Decode(format!(
            "a data-channel message that is neither text nor an ArrayBuffer: {}",
            crate::object::describe(&other)
        ))),
    }
}

pub(super) fn error_of(event: &Event) -> Error {
    let error = event.unchecked_ref::<sys::ErrorEvent>().error();
    if error.is_undefined() || error.is_null() {
        Error::Operation {
            message: "the data channel reported an error".into(),
            detail: None,
        }
    } else {
        Error::from_js(error)
    }
}

impl Shared {
    /// Handles a `message` event.
    pub(super) fn on_message_event(&self, event: &Event) {
        self.deliver(&|| message_of(event));
    }

    /// Hands the message (or error) that `item` gives to the callbacks, or
    /// else to the stream. Each callback gets its own.
    pub(super) fn deliver(&self, item: &dyn Fn() -> Result<Message>) {
        // Call the callbacks outside the borrow: one may register or remove
        // callbacks, or drop the channel.
        let (first, more): (Option<MessageCallback>, Vec<MessageCallback>) = {
            let callbacks = self.callbacks.borrow();
            match callbacks.split_first() {
                // No allocation for the usual single callback.
                Some(((_, first), more)) => (
                    Some(first.clone()),
                    more.iter().map(|(_, c)| c.clone()).collect(),
                ),
                None => (None, Vec::new()),
            }
        };
        let Some(first) = first else {
            return self.push_incoming(item());
        };
        for callback in std::iter::once(&first).chain(&more) {
            match callback.try_borrow_mut() {
                Ok(mut callback) => callback(item()),
                // Only a callback that is running already is busy, and the
                // channel's listener cannot be re-entered while it runs
                // (wasm-bindgen refuses), so this is a guard, not a path:
                // rather than panic, the message waits in the stream.
                Err(_) => self.push_incoming(item()),
            }
        }
    }

    /// Queues an item for the stream, within the receive limit. The item
    /// that would pass the limit is replaced by
    /// [`Error::ReceiveBufferFull`], after which the channel is closed and
    /// nothing more is queued.
    fn push_incoming(&self, item: Result<Message>) {
        if self.overflowed.get() {
            return;
        }
        let weight = weight_of(&item);
        let unread = self.unread_bytes.get().saturating_add(weight);
        let limit = self.receive_limit.get();
        if unread > limit {
            self.overflowed.set(true);
            self.incoming
                .borrow_mut()
                .push_back(Err(Error::ReceiveBufferFull { limit }));
            self.raw.close();
        } else {
            self.unread_bytes.set(unread);
            self.incoming.borrow_mut().push_back(item);
        }
        self.wake_receivers();
    }

    /// The next unread item.
    pub(super) fn pop_incoming(&self) -> Option<Result<Message>> {
        let item = self.incoming.borrow_mut().pop_front()?;
        if !matches!(item, Err(Error::ReceiveBufferFull { .. })) {
            self.unread_bytes
                .set(self.unread_bytes.get().saturating_sub(weight_of(&item)));
        }
        Some(item)
    }

    pub(super) fn wake_receivers(&self) {
        let mut receivers = self.receivers.borrow_mut();
        if receivers.len() <= 1 {
            // The usual single reader: `pop` keeps the vector's buffer, so
            // the reader's next registration does not allocate (this runs
            // for every message a waiting stream receives).
            let waker = receivers.pop();
            drop(receivers);
            if let Some(waker) = waker {
                waker.wake();
            }
            return;
        }
        // Wake outside the borrow: a waker may poll a reader at once.
        let all = std::mem::take(&mut *receivers);
        drop(receivers);
        for waker in all {
            waker.wake();
        }
    }
}

/// What an unread item counts against the receive limit: its bytes, and
/// at least 1 so that empty messages cannot flood for free.
fn weight_of(item: &Result<Message>) -> usize {
    match item {
        Ok(message) => message.len().max(1),
        Err(_) => 1,
    }
}

impl DataChannel {
    /// The most unread incoming bytes this channel keeps (default
    /// [`DEFAULT_RECEIVE_LIMIT`], 16 MiB).
    pub fn receive_limit(&self) -> usize {
        self.inner.shared.receive_limit.get()
    }

    /// Sets the most unread incoming bytes this channel keeps for its
    /// stream. WebRTC has no receive-side flow control, so a remote that
    /// sends faster than the application reads would otherwise grow memory
    /// without bound. When a message would take the unread bytes past the
    /// limit, the reader gets every message before it, then
    /// [`Error::ReceiveBufferFull`], and the channel is closed (the remote
    /// sees it close). Messages taken by [`on_message`](Self::on_message)
    /// callbacks are not kept, so they do not count.
    ///
    /// # Errors
    /// [`Error::Range`] for a limit of 0.
    pub fn set_receive_limit(&self, bytes: usize) -> Result<()> {
        if bytes == 0 {
            return Err(Error::Range("the receive limit must be above 0".into()));
        }
        self.inner.shared.receive_limit.set(bytes);
        Ok(())
    }

    /// How many bytes of received messages wait to be read.
    pub fn unread_bytes(&self) -> usize {
        self.inner.shared.unread_bytes.get()
    }

    /// Calls `callback` for every message (and every `error` event) instead
    /// of delivering it to the stream, for as long as the guard lives.
    /// Messages that arrived before and were not read yet are handed to the
    /// callback first, during this call.
    ///
    /// The callback runs inside the browser's event dispatch, without a task
    /// wake-up or poll, so it is the cheapest way to take many small
    /// messages. It adds no browser listener: the channel's own `message`
    /// listener calls every registered callback in turn (each gets its own
    /// copy of the message). Dropping the guard, even from inside the
    /// callback, removes it.
    ///
    /// See the [`message` event](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/message_event).
    pub fn on_message(&self, mut callback: impl FnMut(Result<Message>) + 'static) -> Listener {
        let shared = &self.inner.shared;
        while let Some(item) = shared.pop_incoming() {
            callback(item);
        }
        self.on_message_from_now(callback)
    }

    /// [`on_message`](Self::on_message) without the hand-over of unread
    /// messages: the JavaScript API registers first and hands them over
    /// with [`deliver_unread`](Self::deliver_unread), so that a callback
    /// can remove itself on the first one.
    #[cfg(feature = "js")]
    pub(crate) fn on_message_later(
        &self,
        callback: impl FnMut(Result<Message>) + 'static,
    ) -> Listener {
        self.on_message_from_now(callback)
    }

    fn on_message_from_now(&self, callback: impl FnMut(Result<Message>) + 'static) -> Listener {
        let callback: MessageCallback = Rc::new(RefCell::new(callback));
        self.add_callback("message", |shared| &shared.callbacks, callback)
    }

    /// Hands the unread messages to the `message` callbacks, one at a time,
    /// for as long as there is a callback to take them: a callback that
    /// removes itself on the first leaves the rest unread.
    #[cfg(feature = "js")]
    pub(crate) fn deliver_unread(&self) {
        let shared = &self.inner.shared;
        while !shared.callbacks.borrow().is_empty() {
            let Some(item) = shared.pop_incoming() else {
                return;
            };
            // Each callback gets its own copy, as with live messages.
            shared.deliver(&|| item.clone());
        }
    }
}

impl Stream for DataChannel {
    type Item = Result<Message>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let shared = &self.inner.shared;
        if let Some(item) = shared.pop_incoming() {
            return Poll::Ready(Some(item));
        }
        if shared.closed.get() {
            return Poll::Ready(None);
        }
        let mut receivers = shared.receivers.borrow_mut();
        if !receivers.iter().any(|w| w.will_wake(cx.waker())) {
            receivers.push(cx.waker().clone());
        }
        Poll::Pending
    }
}
