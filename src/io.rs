//! [`DataChannelIo`]: a reliable, ordered data channel as a byte stream
//! (feature `io`).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures::io::AsyncWrite;
#[cfg(doc)]
use futures::io::{AsyncBufRead, AsyncRead};
use futures::{Sink, Stream};

use crate::data_channel::{DataChannel, Reliability};
use crate::error::{Error, Result};
use crate::message::Message;

/// The largest chunk one write sends as one message: 64 KiB, which every
/// WebRTC implementation accepts, or less when the peer's limit is lower.
const MAX_CHUNK: usize = 64 * 1024;

/// A data channel as [`AsyncRead`] + [`AsyncBufRead`] + [`AsyncWrite`].
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
    unread: Unread,
}

/// The unread rest of the last chunk of a stream of byte chunks: what an
/// [`AsyncBufRead`] over such a stream hands out.
#[derive(Debug, Default)]
pub(crate) struct Unread {
    chunk: Vec<u8>,
    from: usize,
}

/// The next chunk of a stream of byte chunks; `None` at its end.
type NextChunk<'a> = &'a mut dyn FnMut(&mut Context<'_>) -> Poll<Option<io::Result<Vec<u8>>>>;

impl Unread {
    /// The unread bytes, taking chunks from `next` while none are left;
    /// empty at the end of the stream.
    pub(crate) fn poll_fill(
        &mut self,
        cx: &mut Context<'_>,
        next: NextChunk<'_>,
    ) -> Poll<io::Result<&[u8]>> {
        while self.from >= self.chunk.len() {
            match ready!(next(cx)) {
                None => return Poll::Ready(Ok(&[])),
                Some(Err(error)) => return Poll::Ready(Err(error)),
                Some(Ok(chunk)) => {
                    self.chunk = chunk;
                    self.from = 0;
                }
            }
        }
        Poll::Ready(Ok(&self.chunk[self.from..]))
    }

    /// Marks `amount` of the unread bytes read.
    pub(crate) fn consume(&mut self, amount: usize) {
        self.from = (self.from + amount).min(self.chunk.len());
    }

    /// Reads into `buf` what [`poll_fill`](Self::poll_fill) gives.
    pub(crate) fn poll_read(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut [u8],
        next: NextChunk<'_>,
    ) -> Poll<io::Result<usize>> {
        if buf.is_empty() {
            return Poll::Ready(Ok(0));
        }
        let available = ready!(self.poll_fill(cx, next))?;
        let n = buf.len().min(available.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Poll::Ready(Ok(n))
    }
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
            unread: Unread::default(),
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

impl DataChannelIo {
    /// The next message's bytes, for [`Unread`].
    fn next_chunk(
        channel: &mut DataChannel,
    ) -> impl FnMut(&mut Context<'_>) -> Poll<Option<io::Result<Vec<u8>>>> + '_ {
        move |cx| {
            Pin::new(&mut *channel)
                .poll_next(cx)
                .map(|item| item.map(|message| message.map(Message::into_bytes).map_err(io_error)))
        }
    }
}

/// [`AsyncBufRead`] and [`AsyncRead`] for `$type`, whose `unread` field
/// buffers the chunks that `Self::next_chunk(&mut self.$source)` gives.
macro_rules! read_chunks {
    ($type:ty, $source:ident) => {
        impl futures::io::AsyncBufRead for $type {
            fn poll_fill_buf(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<&[u8]>> {
                let this = self.get_mut();
                this.unread
                    .poll_fill(cx, &mut Self::next_chunk(&mut this.$source))
            }

            fn consume(mut self: std::pin::Pin<&mut Self>, amount: usize) {
                self.unread.consume(amount);
            }
        }

        impl futures::io::AsyncRead for $type {
            fn poll_read(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                buf: &mut [u8],
            ) -> std::task::Poll<std::io::Result<usize>> {
                let this = self.get_mut();
                this.unread
                    .poll_read(cx, buf, &mut Self::next_chunk(&mut this.$source))
            }
        }
    };
}
pub(crate) use read_chunks;

read_chunks!(DataChannelIo, channel);

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
