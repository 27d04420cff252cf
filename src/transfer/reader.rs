//! [`FileReader`]: an accepted file's content as [`AsyncRead`](futures::io::AsyncRead) and
//! [`AsyncBufRead`](futures::io::AsyncBufRead) (feature `io`).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
#[cfg(doc)]
use futures::io::{AsyncBufRead, AsyncRead};

use super::{FileInfo, FileReceiver, Progress};
use crate::error::Error;
use crate::io::Unread;

/// An accepted file's content as a byte stream, made by
/// [`FileReceiver::into_reader`]: for code written against
/// [`AsyncRead`]/[`AsyncBufRead`] (`read_to_end`, `copy`, `lines`, a
/// decompressor).
///
/// The content ends with a read of `Ok(0)` only when all of it has
/// arrived and its size and content hash matched (the sender is then
/// told). Any other end is an [`io::Error`] (reads after it give `Ok(0)`)
/// whose inner error is the crate's [`Error`] (`error.get_ref()` and then
/// `downcast_ref::<Error>()`), of kind
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
    unread: Unread,
}

impl FileReceiver {
    /// The content as [`AsyncRead`] + [`AsyncBufRead`] rather than a
    /// stream of chunks. Chunks are handed out as they came, without a
    /// copy through [`AsyncBufRead`].
    #[cfg_attr(docsrs, doc(cfg(feature = "io")))]
    pub fn into_reader(self) -> FileReader {
        FileReader {
            receiver: self,
            unread: Unread::default(),
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

impl FileReader {
    /// The receiver's next chunk, for [`Unread`].
    fn next_chunk(
        receiver: &mut FileReceiver,
    ) -> impl FnMut(&mut Context<'_>) -> Poll<Option<io::Result<Vec<u8>>>> + '_ {
        move |cx| {
            Pin::new(&mut *receiver)
                .poll_next(cx)
                .map(|item| item.map(|chunk| chunk.map_err(io_error)))
        }
    }
}

crate::io::read_chunks!(FileReader, receiver);
