//! File transfer: a file, or any stream of bytes, to the peer over a data
//! channel of its own, with the channel's backpressure, a window the
//! receiver opens as it reads (so neither side ever holds the whole file),
//! progress on both sides, cancelling from either side, and a SHA-256
//! content hash checked at the end.
//!
//! # Wire format
//!
//! One reliable, ordered data channel per transfer, with the protocol
//! [`FILE_PROTOCOL`] (`"webrtc-wasm-file/1"`) and the label `file:` and the
//! file's name. Control messages are text messages holding one JSON object
//! with one member; the content goes in binary messages, in order:
//!
//! | from | message | meaning |
//! |---|---|---|
//! | sender | `{"file":{"name":"a.bin","size":1024,"type":"application/octet-stream","metadata":{...}}}` | the header, first (`size` and `metadata` may be left out) |
//! | receiver | `{"accept":{}}` or `{"reject":{"reason":"..."}}` | the answer to the header |
//! | sender | binary messages | the content, each at most the channel's maximum message size and [`MAX_CHUNK_SIZE`] |
//! | receiver | `{"ack":{"bytes":N}}` | the receiver's reader has taken N bytes; the sender keeps at most [`WINDOW`] bytes beyond the last ack in flight |
//! | sender | `{"end":{"size":N,"content_hash":"<64 hex digits>"}}` | all N bytes are sent; their content hash (below) |
//! | receiver | `{"done":{}}` | size and hash match: the transfer succeeded |
//! | either | `{"cancel":{"reason":"...","integrity":false}}` | the transfer stops (then the channel closes); `integrity` is `true` when the receiver found the size or hash wrong |
//!
//! A control message over [`MAX_CONTROL_SIZE`] bytes, or one that does not
//! parse, ends the transfer with [`Error::Decode`].
//!
//! # Content hash
//!
//! The content is cut into blocks of [`HASH_BLOCK_SIZE`] (4 MiB; the last
//! one may be shorter, and empty content has no block). The content hash is
//! the SHA-256 of the SHA-256 digests of the blocks, one after the other,
//! written as 64 lowercase hex digits; for empty content it is the SHA-256
//! of nothing. This is the scheme of Dropbox's content hash. Each block's
//! digest can be taken in one call, so a browser hashes with Web Crypto
//! (native and off the page's thread) where a plain SHA-256 of a large file
//! would have to run incrementally in the page.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::{FutureExt, Stream, StreamExt};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::{DataChannel, DataChannelInit, Message, PeerConnection};

#[cfg(feature = "io")]
mod reader;
#[cfg(feature = "io")]
#[cfg_attr(docsrs, doc(cfg(feature = "io")))]
pub use reader::FileReader;

/// The data-channel protocol of a file transfer.
pub const FILE_PROTOCOL: &str = "webrtc-wasm-file/2";

/// The block size of the content hash (see the module docs).
pub const HASH_BLOCK_SIZE: usize = 4 * 1024 * 1024;

/// The largest content message, whatever larger maximum the browsers
/// negotiated: big enough for full speed, small enough that a chat message
/// on another channel never waits long behind one.
pub const MAX_CHUNK_SIZE: usize = 256 * 1024;

/// The most content bytes the sender has in flight beyond what the
/// receiver's reader has taken. Below the default receive limit of a
/// channel (16 MiB), so a reader that pauses stops the sender instead of
/// overflowing.
pub const WINDOW: u64 = 8 * 1024 * 1024;

/// The receiver acknowledges every time its reader has taken this many
/// more bytes.
const ACK_EVERY: u64 = 1024 * 1024;

/// The largest control message (the header with its metadata).
pub const MAX_CONTROL_SIZE: usize = 64 * 1024;

/// How long a receiver waits for the header of a new transfer channel.
const HEADER_TIMEOUT_MS: u32 = 10_000;

/// At most this many incoming transfer channels wait for their header at
/// once.
const PENDING_HEADERS: usize = 16;

/// What the receiver learns of a file before accepting it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FileInfo {
    /// The file's name.
    pub name: String,
    /// Its size in bytes, when the sender knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Its MIME type (`""` when unknown).
    #[serde(rename = "type", default)]
    pub mime_type: String,
    /// Anything else the application sends along.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub metadata: serde_json::Value,
}

/// How far a transfer has come.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Content bytes sent (or received) so far.
    pub bytes: u64,
    /// The size, when known.
    pub total: Option<u64>,
    /// The average rate since the content started, bytes per second.
    pub bytes_per_second: f64,
}

/// A control message (see the module's wire format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Control {
    File(FileInfo),
    Accept {},
    Reject {
        reason: String,
    },
    Ack {
        bytes: u64,
    },
    End {
        size: u64,
        content_hash: String,
    },
    Done {},
    Cancel {
        reason: String,
        #[serde(default)]
        integrity: bool,
    },
}

impl Control {
    fn message(&self) -> Message {
        // Serializing these plain values cannot fail.
        Message::text(serde_json::to_string(self).unwrap_or_default())
    }
}

/// The next control message of `channel`.
async fn next_control(channel: &mut DataChannel) -> Result<Control> {
    match channel.next().await {
        Some(Ok(message)) => parse_control(message),
        Some(Err(error)) => Err(error),
        None => Err(Error::Closed),
    }
}

fn parse_control(message: Message) -> Result<Control> {
    let Message::Text(text) = message else {
        return Err(Error::Decode(
            "a binary message where a file-transfer control message belongs".into(),
        ));
    };
    if text.len() > MAX_CONTROL_SIZE {
        return Err(Error::Decode(format!(
            "a file-transfer control message of {} bytes (at most {MAX_CONTROL_SIZE})",
            text.len()
        )));
    }
    serde_json::from_str(&text)
        .map_err(|error| Error::Decode(format!("not a file-transfer control message: {error}")))
}

/// The error a `cancel` message stands for.
fn cancelled(reason: String, integrity: bool) -> Error {
    if integrity {
        Error::Integrity(reason)
    } else {
        Error::Aborted(reason)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The content hash (see the module docs), taken as the content passes.
#[derive(Default)]
struct ContentHasher {
    block: Sha256,
    in_block: usize,
    blocks: Sha256,
}

impl ContentHasher {
    fn update(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let n = bytes.len().min(HASH_BLOCK_SIZE - self.in_block);
            self.block.update(&bytes[..n]);
            self.in_block += n;
            bytes = &bytes[n..];
            if self.in_block == HASH_BLOCK_SIZE {
                self.blocks
                    .update(std::mem::take(&mut self.block).finalize());
                self.in_block = 0;
            }
        }
    }

    fn hex(mut self) -> String {
        if self.in_block > 0 {
            self.blocks.update(self.block.finalize());
        }
        hex(&self.blocks.finalize())
    }
}

/// Milliseconds now, for rates.
fn now() -> f64 {
    js_sys::Date::now()
}

fn rate(bytes: u64, since: f64) -> f64 {
    let seconds = (now() - since) / 1000.0;
    if seconds > 0.0 {
        bytes as f64 / seconds
    } else {
        0.0
    }
}

/// Sends `cancel` past the watermarks (the sender may be waiting for
/// room) and closes the channel. When the channel has closed already, the
/// close is what the other side sees.
fn cancel(channel: &DataChannel, reason: String, integrity: bool) {
    let message = Control::Cancel { reason, integrity }.message();
    // A channel that has closed already refuses the message: its close is
    // what the other side sees then.
    drop(channel.send_urgent(&message));
    channel.close();
}

/// Cancels the transfer (see [`cancel`]) when dropped armed, and closes
/// the channel either way: a transfer that stops early (an error, or its
/// future dropped) tells the other side.
struct CancelOnDrop {
    channel: DataChannel,
    reason: Option<(String, bool)>,
}

impl CancelOnDrop {
    fn new(channel: &DataChannel, reason: &str) -> Self {
        CancelOnDrop {
            channel: channel.clone(),
            reason: Some((reason.to_owned(), false)),
        }
    }

    /// Sends nothing on drop (the transfer ended as the protocol says).
    fn disarm(&mut self) {
        self.reason = None;
    }

    /// The reason sent on drop.
    fn set_reason(&mut self, reason: String, integrity: bool) {
        self.reason = Some((reason, integrity));
    }

    /// Does now what dropping would: cancels if armed, closes the channel.
    fn fire(&mut self) {
        match self.reason.take() {
            Some((reason, integrity)) => cancel(&self.channel, reason, integrity),
            None => self.channel.close(),
        }
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.fire();
    }
}

impl PeerConnection {
    /// Sends `content` to the peer as a file described by `info`, over a new
    /// data channel (see the [`transfer`](crate::transfer) module for the
    /// wire format). Resolves once the receiver has checked the size and the
    /// content hash; `progress` is called after each chunk.
    ///
    /// The content is read as it is sent (never all in memory) and cut into
    /// chunks of the channel's maximum message size (at most
    /// [`MAX_CHUNK_SIZE`]). Dropping the future cancels the transfer: the
    /// receiver gets [`Error::Aborted`].
    ///
    /// # Errors
    /// - [`Error::Aborted`] when the receiver rejects or cancels it;
    /// - [`Error::Integrity`] when the receiver finds the size or the hash
    ///   wrong, or when `content` is not as long as `info.size` says;
    /// - [`Error::Closed`] when the channel or connection closes first;
    /// - [`Error::Decode`] for a control message that does not parse;
    /// - an error of `content`, which also cancels the transfer;
    /// - the errors of [`create_data_channel`](Self::create_data_channel).
    pub async fn send_file<S>(
        &self,
        info: FileInfo,
        mut content: S,
        mut progress: impl FnMut(Progress),
    ) -> Result<()>
    where
        S: Stream<Item = Result<Vec<u8>>> + Unpin,
    {
        let init = DataChannelInit::default().protocol(FILE_PROTOCOL);
        let channel = self.create_data_channel(&format!("file:{}", info.name), &init)?;
        let mut guard = CancelOnDrop::new(&channel, "cancelled by the sender");
        let result = send_on(&channel, &info, &mut content, &mut progress).await;
        match &result {
            Ok(()) => guard.disarm(),
            Err(Error::Aborted(_) | Error::Closed) => guard.disarm(),
            Err(Error::Integrity(reason)) => guard.set_reason(reason.clone(), true),
            Err(error) => guard.set_reason(error.to_string(), false),
        }
        result
    }

    /// The transfers the peer starts, once their header has arrived (at
    /// most 16 wait for theirs at once). A channel that sends no header
    /// within 10 s, or one that does not parse, is answered with a `cancel`
    /// and closed, and not offered. The connection's other data channels are not affected, but
    /// note that [`data_channels`](Self::data_channels) and
    /// [`on_data_channel`](Self::on_data_channel) see the transfer channels
    /// too (their protocol is [`FILE_PROTOCOL`]).
    pub fn incoming_files(&self) -> impl Stream<Item = IncomingFile> + use<> {
        self.data_channels()
            .filter(|channel| futures::future::ready(channel.protocol() == FILE_PROTOCOL))
            .map(read_header)
            .buffer_unordered(PENDING_HEADERS)
            .filter_map(|incoming| futures::future::ready(incoming.ok()))
    }
}

async fn send_on<S>(
    channel: &DataChannel,
    info: &FileInfo,
    content: &mut S,
    progress: &mut impl FnMut(Progress),
) -> Result<()>
where
    S: Stream<Item = Result<Vec<u8>>> + Unpin,
{
    let mut controls = channel.clone();
    channel.open().await?;
    channel.send(Control::File(info.clone()).message()).await?;
    match next_control(&mut controls).await? {
        Control::Accept {} => {}
        Control::Reject { reason } => {
            return Err(Error::Aborted(format!(
                "the receiver refused the file: {reason}"
            )));
        }
        Control::Cancel { reason, integrity } => return Err(cancelled(reason, integrity)),
        other => return Err(unexpected(&other)),
    }
    let chunk = channel.max_message_size().clamp(1, MAX_CHUNK_SIZE);
    let started = now();
    let mut hasher = ContentHasher::default();
    let mut pending: Vec<u8> = Vec::new();
    let mut ended = false;
    let (mut sent, mut acked) = (0u64, 0u64);
    loop {
        while !ended && pending.len() < chunk {
            match content.next().await {
                Some(Ok(bytes)) => pending.extend_from_slice(&bytes),
                Some(Err(error)) => return Err(error),
                None => ended = true,
            }
        }
        if pending.is_empty() {
            break;
        }
        let piece: Vec<u8> = if pending.len() <= chunk {
            std::mem::take(&mut pending)
        } else {
            pending.drain(..chunk).collect()
        };
        // Wait for the receiver's reader while the window is full.
        while sent + piece.len() as u64 > acked + WINDOW {
            match next_control(&mut controls).await? {
                Control::Ack { bytes } => acked = acked.max(bytes),
                Control::Cancel { reason, integrity } => return Err(cancelled(reason, integrity)),
                other => return Err(unexpected(&other)),
            }
        }
        hasher.update(&piece);
        let size = piece.len() as u64;
        if let Err(error) = channel.send(Message::Binary(piece)).await {
            return Err(cancel_received(&mut controls).unwrap_or(error));
        }
        sent += size;
        progress(Progress {
            bytes: sent,
            total: info.size,
            bytes_per_second: rate(sent, started),
        });
    }
    if let Some(size) = info.size.filter(|&size| size != sent) {
        return Err(Error::Integrity(format!(
            "the content has {sent} bytes, not the {size} its header says"
        )));
    }
    let end = Control::End {
        size: sent,
        content_hash: hasher.hex(),
    };
    if let Err(error) = channel.send(end.message()).await {
        return Err(cancel_received(&mut controls).unwrap_or(error));
    }
    loop {
        match next_control(&mut controls).await? {
            Control::Ack { .. } => {}
            Control::Done {} => return Ok(()),
            Control::Cancel { reason, integrity } => return Err(cancelled(reason, integrity)),
            other => return Err(unexpected(&other)),
        }
    }
}

/// The `cancel` the other side sent before the channel closed, if any.
fn cancel_received(controls: &mut DataChannel) -> Option<Error> {
    while let Some(Some(Ok(message))) = controls.next().now_or_never() {
        if let Ok(Control::Cancel { reason, integrity }) = parse_control(message) {
            return Some(cancelled(reason, integrity));
        }
    }
    None
}

fn unexpected(control: &Control) -> Error {
    Error::Decode(format!("an unexpected file-transfer message: {control:?}"))
}

/// Reads the header of a new transfer channel; closes the channel when it
/// sends none in time or a bad one.
async fn read_header(mut channel: DataChannel) -> Result<IncomingFile> {
    let header = {
        let timeout = gloo_timers::future::TimeoutFuture::new(HEADER_TIMEOUT_MS).fuse();
        let header = next_control(&mut channel).fuse();
        futures::pin_mut!(timeout, header);
        futures::select_biased! {
            header = header => header,
            () = timeout => Err(Error::Decode("no file-transfer header in time".into())),
        }
    };
    match header {
        Ok(Control::File(info)) => Ok(IncomingFile {
            channel: Some(channel),
            info,
        }),
        Ok(other) => {
            let error = unexpected(&other);
            cancel(&channel, error.to_string(), false);
            Err(error)
        }
        Err(error) => {
            cancel(&channel, error.to_string(), false);
            Err(error)
        }
    }
}

/// A transfer the peer started, waiting for [`accept`](Self::accept) or
/// [`reject`](Self::reject). Dropping it rejects it.
#[derive(Debug)]
pub struct IncomingFile {
    channel: Option<DataChannel>,
    info: FileInfo,
}

impl IncomingFile {
    /// What the sender says of the file.
    pub fn info(&self) -> &FileInfo {
        &self.info
    }

    /// Accepts the file: its content follows as a [`FileReceiver`].
    ///
    /// # Errors
    /// [`Error::Closed`] when the transfer's channel has closed.
    pub async fn accept(mut self) -> Result<FileReceiver> {
        let channel = self.channel.take().ok_or(Error::Closed)?;
        let guard = CancelOnDrop::new(&channel, "cancelled by the receiver");
        channel.send(Control::Accept {}.message()).await?;
        Ok(FileReceiver {
            channel,
            guard,
            info: self.info.clone(),
            hasher: ContentHasher::default(),
            received: 0,
            acked: 0,
            started: now(),
            finished: false,
        })
    }

    /// Refuses the file: the sender gets [`Error::Aborted`] with `reason`.
    ///
    /// # Errors
    /// [`Error::Closed`] when the transfer's channel has closed.
    pub async fn reject(mut self, reason: &str) -> Result<()> {
        let channel = self.channel.take().ok_or(Error::Closed)?;
        let result = channel
            .send(
                Control::Reject {
                    reason: reason.to_owned(),
                }
                .message(),
            )
            .await;
        channel.close();
        result
    }
}

impl Drop for IncomingFile {
    fn drop(&mut self) {
        if let Some(channel) = self.channel.take() {
            cancel(&channel, "the receiver dropped the file".into(), false);
        }
    }
}

/// The content of an accepted file, as a stream of byte chunks. It ends
/// after the last chunk once the size and the content hash match (the sender is
/// then told so); otherwise its last item is an error. Dropping it before
/// the end cancels the transfer. With the feature `io`,
/// `into_reader` gives the content as `AsyncRead` (a `FileReader`).
pub struct FileReceiver {
    channel: DataChannel,
    guard: CancelOnDrop,
    info: FileInfo,
    hasher: ContentHasher,
    received: u64,
    acked: u64,
    started: f64,
    finished: bool,
}

impl std::fmt::Debug for FileReceiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileReceiver")
            .field("info", &self.info)
            .field("received", &self.received)
            .field("finished", &self.finished)
            .finish()
    }
}

impl FileReceiver {
    /// What the sender says of the file.
    pub fn info(&self) -> &FileInfo {
        &self.info
    }

    /// How far the content has come (bytes this stream has yielded).
    pub fn progress(&self) -> Progress {
        Progress {
            bytes: self.received,
            total: self.info.size,
            bytes_per_second: rate(self.received, self.started),
        }
    }

    /// Cancels the transfer: the sender gets [`Error::Aborted`].
    pub fn cancel(self) {}

    /// Ends the stream with `error`, telling the sender (`integrity` for a
    /// size or hash that does not match).
    fn fail(&mut self, error: Error) -> Poll<Option<Result<Vec<u8>>>> {
        self.finished = true;
        match &error {
            Error::Integrity(reason) => self.guard.set_reason(reason.clone(), true),
            Error::Aborted(_) | Error::Closed => self.guard.disarm(),
            other => self.guard.set_reason(other.to_string(), false),
        }
        self.guard.fire();
        Poll::Ready(Some(Err(error)))
    }

    /// Checks the end against what arrived; tells the sender it is done.
    fn end(&mut self, size: u64, content_hash: &str) -> Poll<Option<Result<Vec<u8>>>> {
        let hash = std::mem::take(&mut self.hasher).hex();
        if size != self.received || self.info.size.is_some_and(|declared| declared != size) {
            return self.fail(Error::Integrity(format!(
                "{} bytes arrived, the sender says {size}",
                self.received
            )));
        }
        if hash != content_hash {
            return self.fail(Error::Integrity(
                "the content does not match its content hash".into(),
            ));
        }
        if let Err(error) = self.channel.send_urgent(&Control::Done {}.message()) {
            return self.fail(error);
        }
        self.finished = true;
        self.guard.disarm();
        Poll::Ready(None)
    }
}

impl Stream for FileReceiver {
    type Item = Result<Vec<u8>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.finished {
            return Poll::Ready(None);
        }
        let item = match Pin::new(&mut self.channel).poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(item) => item,
        };
        match item {
            None => self.fail(Error::Closed),
            Some(Err(error)) => self.fail(error),
            Some(Ok(Message::Binary(bytes))) => {
                let total = self.received + bytes.len() as u64;
                if let Some(size) = self.info.size.filter(|&size| total > size) {
                    return self.fail(Error::Integrity(format!(
                        "more content than the {size} bytes the header says"
                    )));
                }
                self.hasher.update(&bytes);
                self.received = total;
                if self.received - self.acked >= ACK_EVERY {
                    let ack = Control::Ack {
                        bytes: self.received,
                    };
                    if let Err(error) = self.channel.send_urgent(&ack.message()) {
                        return self.fail(error);
                    }
                    self.acked = self.received;
                }
                Poll::Ready(Some(Ok(bytes)))
            }
            Some(Ok(text)) => match parse_control(text) {
                Ok(Control::End { size, content_hash }) => self.end(size, &content_hash),
                Ok(Control::Cancel { reason, integrity }) => {
                    self.fail(cancelled(reason, integrity))
                }
                Ok(other) => {
                    let error = unexpected(&other);
                    self.fail(error)
                }
                Err(error) => self.fail(error),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_messages_are_the_documented_json() {
        let cases = [
            (
                Control::File(FileInfo {
                    name: "a.bin".into(),
                    size: Some(1024),
                    mime_type: "application/octet-stream".into(),
                    metadata: serde_json::json!({ "k": 1 }),
                }),
                r#"{"file":{"name":"a.bin","size":1024,"type":"application/octet-stream","metadata":{"k":1}}}"#,
            ),
            (Control::Accept {}, r#"{"accept":{}}"#),
            (
                Control::Reject {
                    reason: "no".into(),
                },
                r#"{"reject":{"reason":"no"}}"#,
            ),
            (Control::Ack { bytes: 5 }, r#"{"ack":{"bytes":5}}"#),
            (
                Control::End {
                    size: 3,
                    content_hash: "ab".into(),
                },
                r#"{"end":{"size":3,"content_hash":"ab"}}"#,
            ),
            (Control::Done {}, r#"{"done":{}}"#),
            (
                Control::Cancel {
                    reason: "x".into(),
                    integrity: true,
                },
                r#"{"cancel":{"reason":"x","integrity":true}}"#,
            ),
        ];
        for (control, json) in cases {
            assert_eq!(serde_json::to_string(&control).unwrap(), json);
            assert_eq!(parse_control(Message::text(json)).unwrap(), control);
        }
        // A header with only a name; a cancel without `integrity`.
        assert_eq!(
            parse_control(Message::text(r#"{"file":{"name":"n"}}"#)).unwrap(),
            Control::File(FileInfo {
                name: "n".into(),
                ..FileInfo::default()
            })
        );
        assert_eq!(
            parse_control(Message::text(r#"{"cancel":{"reason":"r"}}"#)).unwrap(),
            Control::Cancel {
                reason: "r".into(),
                integrity: false
            }
        );
    }

    #[test]
    fn bad_control_messages_are_decode_errors() {
        for message in [
            Message::binary(vec![1, 2, 3]),
            Message::text("not json"),
            Message::text(r#"{"unknown":{}}"#),
            Message::text(format!(
                r#"{{"file":{{"name":"{}"}}}}"#,
                "x".repeat(MAX_CONTROL_SIZE)
            )),
        ] {
            assert!(matches!(parse_control(message), Err(Error::Decode(_))));
        }
    }

    #[test]
    fn the_content_hash_is_sha256_over_the_block_digests() {
        // Empty content: the SHA-256 of nothing.
        assert_eq!(
            ContentHasher::default().hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        // One block: the SHA-256 of that block's digest.
        let mut abc = ContentHasher::default();
        abc.update(b"abc");
        assert_eq!(abc.hex(), hex(&Sha256::digest(Sha256::digest(b"abc"))));
        // Sizes around the block boundaries, fed in uneven pieces, against
        // the definition written out with `chunks`.
        let bytes: Vec<u8> = (0..2 * HASH_BLOCK_SIZE + 5)
            .map(|i| (i * 31 % 251) as u8)
            .collect();
        for len in [
            HASH_BLOCK_SIZE - 1,
            HASH_BLOCK_SIZE,
            HASH_BLOCK_SIZE + 1,
            2 * HASH_BLOCK_SIZE + 5,
        ] {
            let content = &bytes[..len];
            let mut blocks = Sha256::new();
            for block in content.chunks(HASH_BLOCK_SIZE) {
                blocks.update(Sha256::digest(block));
            }
            let mut hasher = ContentHasher::default();
            for piece in content.chunks(1_000_003) {
                hasher.update(piece);
            }
            assert_eq!(hasher.hex(), hex(&blocks.finalize()), "{len} bytes");
        }
    }
}
