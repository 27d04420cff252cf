//! The channel as a `Sink`, and its sending and receiving halves.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::{Sink, Stream};

use super::DataChannel;
use crate::error::{Error, Result};
use crate::message::Message;

impl DataChannel {
    /// Splits the channel into a sending and a receiving half, for use in
    /// different tasks. Dropping both closes the channel.
    pub fn split(self) -> (DataChannelSink, DataChannelStream) {
        (
            DataChannelSink {
                channel: self.clone(),
            },
            DataChannelStream { channel: self },
        )
    }
}

impl Sink<Message> for DataChannel {
    type Error = Error;

    /// Ready while the send queue is below the high watermark; otherwise
    /// waits until it drains to the low watermark. The message is not known
    /// yet, so the queue can pass the high watermark by one message.
    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        if self.still_waiting(cx) {
            return Poll::Pending;
        }
        if self.buffered_amount() < self.inner.shared.high_watermark.get() {
            if self.inner.shared.closed.get() {
                return Poll::Ready(Err(Error::Closed));
            }
            return Poll::Ready(Ok(()));
        }
        let low = self.inner.shared.low_watermark.get();
        let ready = self.poll_drained(cx, low);
        if ready.is_ready() {
            self.restore_threshold();
        }
        ready
    }

    fn start_send(self: Pin<&mut Self>, message: Message) -> Result<()> {
        self.check_sendable(&message)?;
        self.send_now(&message)
    }

    /// Ready at once: sent messages are in the browser's queue. Use
    /// [`DataChannel::flush`] to wait until they are on the wire.
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<()>> {
        if self.inner.shared.closed.get() {
            return Poll::Ready(Err(Error::Closed));
        }
        Poll::Ready(Ok(()))
    }

    /// Waits until the queue is empty, then closes the channel.
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let drained = self.poll_flushed(cx);
        if drained.is_ready() {
            self.close();
        }
        drained.map(|result| match result {
            Err(Error::Closed) => Ok(()),
            other => other,
        })
    }
}

/// The sending half of a [`DataChannel`], from [`DataChannel::split`].
#[derive(Debug, Clone)]
pub struct DataChannelSink {
    channel: DataChannel,
}

impl DataChannelSink {
    /// The channel this half belongs to.
    pub fn channel(&self) -> &DataChannel {
        &self.channel
    }
}

impl Sink<Message> for DataChannelSink {
    type Error = Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Pin::new(&mut self.channel).poll_ready(cx)
    }

    fn start_send(mut self: Pin<&mut Self>, message: Message) -> Result<()> {
        Pin::new(&mut self.channel).start_send(message)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Pin::new(&mut self.channel).poll_flush(cx)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Pin::new(&mut self.channel).poll_close(cx)
    }
}

/// The receiving half of a [`DataChannel`], from [`DataChannel::split`]; ends
/// when the channel closes.
#[derive(Debug)]
pub struct DataChannelStream {
    channel: DataChannel,
}

impl DataChannelStream {
    /// The channel this half belongs to.
    pub fn channel(&self) -> &DataChannel {
        &self.channel
    }
}

impl Stream for DataChannelStream {
    type Item = Result<Message>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.channel).poll_next(cx)
    }
}
