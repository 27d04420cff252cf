//! [`FileReader`]: an accepted file's content as [`AsyncRead`] and
//! [`AsyncBufRead`] (feature `io`).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures::Stream;
use futures::io::{AsyncBufRead, AsyncRead};

use super::{FileInfo, FileReceiver, Progress};
use crate::error::Error;

/// An accepted file's content as a byte stream, made by
/// [`FileReceiver::into_reader`]: for code written against
/// [`AsyncRead`]/[`AsyncBufRead`] (`read_to_end`, `copy`, `lines`, a
/// decompressor).
///
/// A read returns `Ok(0)` only once the whole content has arrived and its
/// size and content hash matched (the sender is then told). Every other end is an
/// [`io::Error`] whose inner error is the crate's [`Error`]
/// (`error.get_ref()` and then `downcast_ref::<Error>()`), of kind
/// - [`InvalidData`](io::ErrorKind::InvalidData) for [`Error::Integrity`]
///   (the size or the hash did not match; the sender is told),
/// - [`ConnectionAborted`](io::ErrorKind::ConnectionAborted) for
///   [`Error::Aborted`] (the sender cancelled),
/// - [`UnexpectedEof`](io::ErrorKind::UnexpectedEof) for [`Error::Closed`]
///   (the channel or the connection closed before the end),
/// - [`Other`](io::ErrorKind::Other) for anything else.
///
/// Dropping the reader before the end cancels the transfer, as dropping
/// the [`FileReceiver`] does.
#[derive(Debug)]
pub struct FileReader {
    receiver: FileReceiver,
    /// The unread rest of the last chunk.
    chunk: Vec<u8>,
    from: usize,
}

impl FileReceiver {
    /// The content as [`AsyncRead`] + [`AsyncBufRead`] rather than a
    /// stream of chunks. Chunks are handed out as they came, without a
    /// copy through [`AsyncBufRead`].
    #[cfg_attr(docsrs, doc(cfg(feature = "io")))]
    pub fn into_reader(self) -> FileReader {
        FileReader {
            receiver: self,
            chunk: Vec::new(),
            from: 0,
        }
    }
}

impl FileReader {
    /// What the sender says of the file.
    pub fn info(&self) -> &FileInfo {
        self.receiver.info()
    }

    /// How far the content has come. Counts the bytes that have arrived,
    /// including those of a chunk not yet read to its end.
    pub fn progress(&self) -> Progress {
        self.receiver.progress()
    }
}

fn io_error(error: Error) -> io::Error {
    let kind = match error {
        Error::Integrity(_) => io::ErrorKind::InvalidData,
        Error::Aborted(_) => io::ErrorKind::ConnectionAborted,
        Error::Closed => io::ErrorKind::UnexpectedEof,
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, error)
}

impl AsyncBufRead for FileReader {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let this = self.get_mut();
        while this.from >= this.chunk.len() {
            match ready!(Pin::new(&mut this.receiver).poll_next(cx)) {
                None => return Poll::Ready(Ok(&[])),
                Some(Err(error)) => return Poll::Ready(Err(io_error(error))),
                Some(Ok(chunk)) => {
                    this.chunk = chunk;
                    this.from = 0;
                }
            }
        }
        Poll::Ready(Ok(&this.chunk[this.from..]))
    }

    fn consume(mut self: Pin<&mut Self>, amount: usize) {
        self.from = (self.from + amount).min(self.chunk.len());
    }
}

impl AsyncRead for FileReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        if buf.is_empty() {
            return Poll::Ready(Ok(0));
        }
        let available = ready!(self.as_mut().poll_fill_buf(cx))?;
        let n = buf.len().min(available.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Poll::Ready(Ok(n))
    }
}
