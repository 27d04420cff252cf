//! [`DataChannelIo`]: a reliable, ordered data channel as a byte stream
//! (feature `io`).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures::io::{AsyncRead, AsyncWrite};
use futures::{Sink, Stream};

use crate::data_channel::{DataChannel, Reliability};
use crate::error::{Error, Result};
use crate::message::Message;

/// The largest chunk one write sends as one message: 64 KiB, which every
/// WebRTC implementation accepts, or less when the peer's limit is lower.
const MAX_CHUNK: usize = 64 * 1024;

/// A data channel as [`AsyncRead`] + [`AsyncWrite`].
///
/// Writes are cut into binary messages no larger than the channel's maximum
/// message size (and 64 KiB), with the channel's backpressure: a write waits
/// while the send queue is above the high watermark. Reads return the bytes
/// of incoming messages in order (text messages as their UTF-8 bytes) and
/// end (`Ok(0)`) when the channel closes. Flushing waits until the browser
/// has sent everything; closing flushes, then closes the channel.
///
/// Made by [`DataChannel::into_io`].
#[derive(Debug)]
pub struct DataChannelIo {
    channel: DataChannel,
    /// The unread rest of the last message received.
    pending: Vec<u8>,
    pending_from: usize,
}

impl DataChannel {
    /// Turns the channel into a byte stream.
    ///
    /// # Errors
    /// [`Error::InvalidAccess`] unless the channel is reliable and ordered:
    /// a byte stream cannot lose or reorder data.
    pub fn into_io(self) -> Result<DataChannelIo> {
        if !self.ordered() || self.reliability() != Reliability::Reliable {
            return Err(Error::InvalidAccess(
                "AsyncRead/AsyncWrite need a reliable, ordered data channel".into(),
            ));
        }
        Ok(DataChannelIo {
            channel: self,
            pending: Vec::new(),
            pending_from: 0,
        })
    }
}

impl DataChannelIo {
    /// The channel underneath.
    pub fn channel(&self) -> &DataChannel {
        &self.channel
    }

    /// Gives the channel back; unread bytes of a partly read message are
    /// dropped.
    pub fn into_inner(self) -> DataChannel {
        self.channel
    }
}

fn io_error(error: Error) -> io::Error {
    match error {
        Error::Closed => io::Error::new(io::ErrorKind::BrokenPipe, error),
        other => io::Error::other(other),
    }
}

impl AsyncRead for DataChannelIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        if buf.is_empty() {
            return Poll::Ready(Ok(0));
        }
        while self.pending_from >= self.pending.len() {
            match ready!(Pin::new(&mut self.channel).poll_next(cx)) {
                None => return Poll::Ready(Ok(0)),
                Some(Err(error)) => return Poll::Ready(Err(io_error(error))),
                Some(Ok(message)) => {
                    self.pending = message.into_bytes();
                    self.pending_from = 0;
                }
            }
        }
        let from = self.pending_from;
        let n = buf.len().min(self.pending.len() - from);
        buf[..n].copy_from_slice(&self.pending[from..from + n]);
        self.pending_from += n;
        Poll::Ready(Ok(n))
    }
}

impl AsyncWrite for DataChannelIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if buf.is_empty() {
            return Poll::Ready(Ok(0));
        }
        ready!(Pin::new(&mut self.channel).poll_ready(cx)).map_err(io_error)?;
        let chunk = buf
            .len()
            .min(MAX_CHUNK)
            .min(self.channel.max_message_size());
        Pin::new(&mut self.channel)
            .start_send(Message::Binary(buf[..chunk].to_vec()))
            .map_err(io_error)?;
        Poll::Ready(Ok(chunk))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.channel.poll_flushed(cx).map_err(io_error)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.channel).poll_close(cx).map_err(io_error)
    }
}
