//! Sending: size limits, and backpressure on the browser's send queue.
//!
//! One browser `bufferedAmountLowThreshold` serves every waiter: while
//! senders wait it is the highest level any of them (or the application's
//! own threshold, see [`DataChannel::set_buffered_amount_low_threshold`])
//! still waits for, so the next `bufferedamountlow` event is the first one
//! somebody needs; when nobody waits it is the application's threshold.

use std::future::poll_fn;
use std::task::{Context, Poll};

use super::{DataChannel, DataChannelState, FALLBACK_MAX_MESSAGE_SIZE, Shared};
use crate::error::{Error, Result};
use crate::message::Message;
use crate::session::sdp_attributes;

impl Shared {
    /// Sets the browser's threshold to the highest level anybody waits
    /// for: waiting senders, and the application's threshold while the
    /// queue is above it and it has `bufferedamountlow` callbacks.
    pub(super) fn arm_threshold(&self) {
        let user = self.user_threshold.get();
        let senders = self.senders.borrow();
        let threshold = if senders.is_empty() {
            user
        } else {
            let waiting = senders.iter().map(|(_, level)| *level).max().unwrap_or(0);
            // The application's level counts only while the queue is still
            // above it: a threshold above the queue would never fire.
            if self.user_armed.get() && user < self.raw.buffered_amount() {
                waiting.max(user)
            } else {
                waiting
            }
        };
        drop(senders);
        if self.threshold.get() != threshold {
            self.raw.set_buffered_amount_low_threshold(threshold);
            self.threshold.set(threshold);
        }
    }

    /// After a send: notes whether the queue is now above the application's
    /// threshold, so that its callbacks hear of the next drain (only read
    /// while such callbacks exist).
    fn note_sent(&self) {
        if !self.low_callbacks.borrow().is_empty()
            && self.raw.buffered_amount() > self.user_threshold.get()
        {
            self.user_armed.set(true);
        }
    }

    pub(super) fn wake_senders(&self) {
        let senders = std::mem::take(&mut *self.senders.borrow_mut());
        for (waker, _) in senders {
            waker.wake();
        }
    }
}

impl DataChannel {
    /// Bytes queued in the browser for sending
    /// ([`bufferedAmount`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedAmount)).
    pub fn buffered_amount(&self) -> u32 {
        self.raw().buffered_amount()
    }

    /// The application's
    /// [`bufferedAmountLowThreshold`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedAmountLowThreshold):
    /// [`on_buffered_amount_low`](Self::on_buffered_amount_low) callbacks
    /// run when the queue drains to it. Starts as the browser object's own
    /// value when it was wrapped (0 for a new channel).
    pub fn buffered_amount_low_threshold(&self) -> u32 {
        self.inner.shared.user_threshold.get()
    }

    /// Sets the application's threshold (see
    /// [`buffered_amount_low_threshold`](Self::buffered_amount_low_threshold)).
    ///
    /// Sending with backpressure shares the browser's one threshold: while
    /// a send waits, the browser's value is the level the library waits
    /// for, and it returns to this one afterwards. Callbacks registered
    /// with [`on_buffered_amount_low`](Self::on_buffered_amount_low) run
    /// once each time the queue, having been above this threshold after a
    /// send through this wrapper, drains to it or below; `bufferedamountlow`
    /// listeners added on the raw object also see the library's levels.
    pub fn set_buffered_amount_low_threshold(&self, threshold: u32) {
        let shared = &self.inner.shared;
        shared.user_threshold.set(threshold);
        shared
            .user_armed
            .set(self.buffered_amount() > threshold && !shared.low_callbacks.borrow().is_empty());
        shared.arm_threshold();
    }

    /// The high and low watermarks, in bytes.
    pub fn watermarks(&self) -> (u32, u32) {
        (
            self.inner.shared.high_watermark.get(),
            self.inner.shared.low_watermark.get(),
        )
    }

    /// Sets the send-queue watermarks: sending waits while more than `high`
    /// bytes are queued, until the queue drains to `low`.
    ///
    /// # Errors
    /// [`Error::Range`] unless `0 < high` and `low < high`.
    pub fn set_watermarks(&self, high: u32, low: u32) -> Result<()> {
        if high == 0 || low >= high {
            return Err(Error::Range(format!(
                "watermarks need 0 < high and low < high (got high {high}, low {low})"
            )));
        }
        let shared = &self.inner.shared;
        shared.high_watermark.set(high);
        shared.low_watermark.set(low);
        // Waiters re-arm for the new levels.
        shared.wake_senders();
        shared.arm_threshold();
        Ok(())
    }

    /// The largest message this channel can send, in bytes: the SCTP
    /// transport's [`maxMessageSize`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSctpTransport/maxMessageSize),
    /// else the remote description's `a=max-message-size`, else 64 KiB.
    /// `usize::MAX` when the peer sets no limit.
    pub fn max_message_size(&self) -> usize {
        if let Some(size) = self.inner.shared.max_message_size.get() {
            return size;
        }
        self.read_max_message_size()
    }

    /// Reads the maximum message size from the connection, remembering it
    /// once the SCTP transport states it.
    fn read_max_message_size(&self) -> usize {
        let connection = self.inner.connection.borrow();
        let Some(connection) = connection.as_ref() else {
            return FALLBACK_MAX_MESSAGE_SIZE;
        };
        if let Some(sctp) = connection.sctp() {
            let size = sctp.max_message_size();
            let stated = if size.is_infinite() && size > 0.0 {
                Some(usize::MAX)
            } else if size.is_finite() && size >= 1.0 {
                Some(if size >= usize::MAX as f64 {
                    usize::MAX
                } else {
                    size as usize
                })
            } else {
                None
            };
            if let Some(stated) = stated {
                self.inner.shared.max_message_size.set(Some(stated));
                return stated;
            }
        }
        connection
            .remote_description()
            .and_then(|description| description.sdp())
            .and_then(|sdp| max_message_size_in_sdp(&sdp))
            .unwrap_or(FALLBACK_MAX_MESSAGE_SIZE)
    }

    /// Checks that `message` can be sent now, apart from queue room.
    pub(super) fn check_sendable(&self, message: &Message) -> Result<()> {
        self.check_sendable_size(message.len())
    }

    /// [`check_sendable`](Self::check_sendable) for a message of `size`
    /// bytes.
    fn check_sendable_size(&self, size: usize) -> Result<()> {
        if !self.inner.shared.open.get() {
            self.state_error()?;
        }
        let max = self.max_message_size();
        if size > max {
            return Err(Error::MessageTooLarge { size, max });
        }
        Ok(())
    }

    /// [`try_send`](Self::try_send) for binary data held in JavaScript (an
    /// `ArrayBuffer` or a view of `size` bytes), handed to the browser
    /// without a copy through wasm: `Ok(false)` when the queue is full.
    #[cfg(feature = "js")]
    pub(crate) fn try_send_buffer(
        &self,
        data: &wasm_bindgen::JsValue,
        size: usize,
    ) -> Result<bool> {
        self.check_sendable_size(size)?;
        if !self.has_room(size) {
            return Ok(false);
        }
        self.inner
            .raw
            .send_buffer(data)
            .map_err(|error| self.send_error_size(size, Error::from_js(error)))?;
        self.inner.shared.note_sent();
        Ok(true)
    }

    /// Whether `size` more bytes fit under the high watermark (an empty
    /// queue always takes one message).
    fn has_room(&self, size: usize) -> bool {
        let queued = self.buffered_amount() as usize;
        queued == 0
            || queued.saturating_add(size) <= self.inner.shared.high_watermark.get() as usize
    }

    /// Hands `message` to the browser.
    pub(super) fn send_now(&self, message: &Message) -> Result<()> {
        let sent = match message {
            Message::Text(text) => self.inner.raw.send_text(text),
            Message::Binary(bytes) => self.inner.raw.send_bytes(bytes),
        };
        sent.map_err(|error| self.send_error(message, Error::from_js(error)))?;
        self.inner.shared.note_sent();
        Ok(())
    }

    /// Sends a small control message past the high watermark (the
    /// browser's own queue limit still applies): for the last word of a
    /// protocol on a channel whose queue may be full, as a file transfer's
    /// `cancel`.
    pub(crate) fn send_urgent(&self, message: &Message) -> Result<()> {
        self.check_sendable(message)?;
        self.send_now(message)
    }

    /// The error for a state that does not allow sending; `Ok` when open.
    fn state_error(&self) -> Result<()> {
        match self.ready_state() {
            DataChannelState::Open => Ok(()),
            DataChannelState::Connecting => Err(Error::InvalidState(
                "the data channel is not open yet".into(),
            )),
            _ => Err(Error::Closed),
        }
    }

    /// Explains a failed `send()`: the remembered state or size limit may be
    /// stale (a renegotiation can lower the limit), so both are read afresh.
    fn send_error(&self, message: &Message, error: Error) -> Error {
        self.send_error_size(message.len(), error)
    }

    /// [`send_error`](Self::send_error) for a message of `size` bytes.
    fn send_error_size(&self, size: usize, error: Error) -> Error {
        let max = self.read_max_message_size();
        if size > max {
            self.inner.shared.max_message_size.set(Some(max));
            return Error::MessageTooLarge { size, max };
        }
        self.state_error().err().unwrap_or(error)
    }

    /// Whether the task behind `cx` already waits for the send queue to drain
    /// and nothing has woken it since. Such a task is polled again for
    /// another reason (a `join` woken by its other half, say); nothing it
    /// waits for has changed, so it stays pending without asking the browser,
    /// and it keeps waiting down to the low watermark instead of sending one
    /// message per spare poll.
    pub(super) fn still_waiting(&self, cx: &Context<'_>) -> bool {
        let senders = self.inner.shared.senders.borrow();
        senders.iter().any(|(waker, _)| waker.will_wake(cx.waker()))
    }

    /// Waits until the queue holds at most `level` bytes (or the channel
    /// closes).
    pub(super) fn poll_drained(&self, cx: &mut Context<'_>, level: u32) -> Poll<Result<()>> {
        let shared = &self.inner.shared;
        if shared.closed.get() {
            return Poll::Ready(Err(Error::Closed));
        }
        if self.still_waiting(cx) {
            return Poll::Pending;
        }
        if self.buffered_amount() <= level {
            return Poll::Ready(Ok(()));
        }
        // A channel closed without a `close` event would never fire
        // `bufferedamountlow`.
        if self.ready_state() == DataChannelState::Closed {
            return Poll::Ready(Err(Error::Closed));
        }
        let level = level.min(shared.low_watermark.get());
        // Not registered yet: `still_waiting` returned early otherwise.
        shared
            .senders
            .borrow_mut()
            .push((cx.waker().clone(), level));
        shared.arm_threshold();
        Poll::Pending
    }

    /// Puts the application's threshold back once nobody waits (a write
    /// only when it differs: the common send does not touch it).
    pub(super) fn restore_threshold(&self) {
        let shared = &self.inner.shared;
        if shared.senders.borrow().is_empty() {
            shared.arm_threshold();
        }
    }

    /// Waits for room for `size` bytes: until the queue is at most the high
    /// watermark minus `size`, resuming at the low watermark.
    fn poll_room(&self, cx: &mut Context<'_>, size: usize) -> Poll<Result<()>> {
        if self.still_waiting(cx) {
            return Poll::Pending;
        }
        if self.has_room(size) {
            if self.inner.shared.closed.get() {
                return Poll::Ready(Err(Error::Closed));
            }
            return Poll::Ready(Ok(()));
        }
        let high = self.inner.shared.high_watermark.get() as usize;
        // Room for `size` means a queue of at most `high - size` bytes
        // (`has_room` also takes any message into an empty queue).
        let level = u32::try_from(high.saturating_sub(size)).unwrap_or(u32::MAX);
        self.poll_drained(cx, level)
    }

    /// Sends a message, waiting while the browser's send queue is above the
    /// high watermark.
    ///
    /// See [`RTCDataChannel.send()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/send).
    ///
    /// # Errors
    /// [`Error::MessageTooLarge`] for a message over
    /// [`max_message_size`](Self::max_message_size) (the channel stays open);
    /// [`Error::InvalidState`] before the channel is open; [`Error::Closed`]
    /// when it is closing or closed, or closes while waiting.
    pub async fn send(&self, message: Message) -> Result<()> {
        self.room_for(message.len()).await?;
        self.check_sendable(&message)?;
        self.send_now(&message)
    }

    /// Waits until a message of `size` bytes fits under the high
    /// watermark, sending nothing: dropping the future loses nothing.
    pub(crate) async fn room_for(&self, size: usize) -> Result<()> {
        self.check_sendable_size(size)?;
        poll_fn(|cx| self.poll_room(cx, size)).await?;
        self.restore_threshold();
        Ok(())
    }

    /// Sends a message if the send queue has room, without waiting.
    ///
    /// # Errors
    /// [`Error::Full`] when the queue is above the high watermark (the
    /// message is not sent); otherwise as [`send`](Self::send).
    pub fn try_send(&self, message: Message) -> Result<()> {
        self.check_sendable(&message)?;
        if !self.has_room(message.len()) {
            return Err(Error::Full);
        }
        self.send_now(&message)
    }

    /// Waits until the browser has sent everything queued
    /// (`bufferedAmount` is 0).
    ///
    /// # Errors
    /// [`Error::Closed`] when the channel closes first.
    pub async fn flush(&self) -> Result<()> {
        poll_fn(|cx| self.poll_flushed(cx)).await
    }

    /// Polls until the send queue is empty.
    pub(crate) fn poll_flushed(&self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let drained = self.poll_drained(cx, 0);
        if drained.is_ready() {
            self.restore_threshold();
        }
        drained
    }
}

/// The `a=max-message-size` of an SDP (RFC 8841 §6): 0 means no limit.
fn max_message_size_in_sdp(sdp: &str) -> Option<usize> {
    let value = sdp_attributes(sdp, "max-message-size").next()?;
    match value.trim().parse::<u64>().ok()? {
        0 => Some(usize::MAX),
        n => Some(usize::try_from(n).unwrap_or(usize::MAX)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_message_size_is_read_from_sdp() {
        let sdp = "v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n";
        assert_eq!(max_message_size_in_sdp(sdp), Some(262144));
        assert_eq!(
            max_message_size_in_sdp("a=max-message-size:0\r\n"),
            Some(usize::MAX)
        );
        assert_eq!(max_message_size_in_sdp("v=0\r\n"), None);
        assert_eq!(max_message_size_in_sdp("a=max-message-size:lots\r\n"), None);
    }
}
