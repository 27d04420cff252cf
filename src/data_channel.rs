//! [`DataChannel`]: the typed `RTCDataChannel`.
//!
//! See [`RTCDataChannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::{Sink, Stream, StreamExt};
use js_sys::{ArrayBuffer, Object, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget, RtcDataChannel};

use crate::error::{Error, Result};
use crate::event::{EventStream, Listener, Registry};
use crate::message::Message;
use crate::object::set;
use crate::sys;

/// The default high watermark: sending waits while more than this many
/// bytes are queued. Far below Chrome's ~16 MiB send queue, past which
/// Chrome closes the channel.
pub const DEFAULT_HIGH_WATERMARK: u32 = 1024 * 1024;

/// The default low watermark: waiting senders resume once the queue has
/// drained to this many bytes.
pub const DEFAULT_LOW_WATERMARK: u32 = 256 * 1024;

/// The message size assumed when neither the SCTP transport nor the remote
/// description states one (RFC 8841 §6.1).
pub const FALLBACK_MAX_MESSAGE_SIZE: usize = 64 * 1024;

string_enum! {
    /// The state of a data channel.
    ///
    /// See [`RTCDataChannel.readyState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/readyState).
    pub enum DataChannelState {
        /// `connecting`: not open yet.
        Connecting = "connecting",
        /// `open`: messages can be sent.
        Open = "open",
        /// `closing`: closing; queued messages are still delivered.
        Closing = "closing",
        /// `closed`: closed, or it could not be opened.
        Closed = "closed",
    }
}

string_enum! {
    /// A sending priority, from the
    /// [WebRTC priority control](https://w3c.github.io/webrtc-priority/#rtc-priority-type) spec.
    pub enum Priority {
        /// `very-low`.
        VeryLow = "very-low",
        /// `low` (the default).
        Low = "low",
        /// `medium`.
        Medium = "medium",
        /// `high`.
        High = "high",
    }
}

/// How hard the browser tries to deliver each message.
///
/// The spec forbids a packet-lifetime limit and a retransmission limit at
/// once, so a channel has exactly one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Reliability {
    /// Every message is delivered (the default).
    #[default]
    Reliable,
    /// A message is retransmitted at most this many times
    /// ([`maxRetransmits`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/maxRetransmits)).
    MaxRetransmits(u16),
    /// A message is retransmitted for at most this many milliseconds
    /// ([`maxPacketLifeTime`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/maxPacketLifeTime)).
    MaxPacketLifeTime(u16),
}

/// How a channel is announced to the remote peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Negotiation {
    /// The browser announces the channel; the remote peer gets a
    /// `datachannel` event (the default).
    #[default]
    InBand,
    /// The application creates the channel on both sides with the same id;
    /// no `datachannel` event fires
    /// ([`negotiated`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/negotiated)).
    OutOfBand {
        /// The SCTP stream id both sides use (0..=65534).
        id: u16,
    },
}

/// Options for [`PeerConnection::create_data_channel`](crate::PeerConnection::create_data_channel).
///
/// See [`createDataChannel()` options](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createDataChannel#options).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DataChannelInit {
    /// Whether messages arrive in the order they were sent (default `true`).
    pub ordered: bool,
    /// Retransmission limit.
    pub reliability: Reliability,
    /// The sub-protocol name (default empty).
    pub protocol: String,
    /// In-band or out-of-band negotiation.
    pub negotiation: Negotiation,
    /// The sending [priority](https://w3c.github.io/webrtc-priority/#rtcdatachannel-attribute)
    /// relative to other channels and media, where the browser supports it
    /// (others ignore it); `None` keeps the default (`low`).
    pub priority: Option<Priority>,
}

impl Default for DataChannelInit {
    fn default() -> Self {
        DataChannelInit {
            ordered: true,
            reliability: Reliability::Reliable,
            protocol: String::new(),
            negotiation: Negotiation::InBand,
            priority: None,
        }
    }
}

impl DataChannelInit {
    /// Sets whether delivery is ordered.
    pub fn ordered(mut self, ordered: bool) -> Self {
        self.ordered = ordered;
        self
    }

    /// Sets the retransmission limit.
    pub fn reliability(mut self, reliability: Reliability) -> Self {
        self.reliability = reliability;
        self
    }

    /// Sets the sub-protocol name.
    pub fn protocol(mut self, protocol: impl Into<String>) -> Self {
        self.protocol = protocol.into();
        self
    }

    /// Sets in-band or out-of-band negotiation.
    pub fn negotiation(mut self, negotiation: Negotiation) -> Self {
        self.negotiation = negotiation;
        self
    }

    /// Sets the sending priority (where supported).
    pub fn priority(mut self, priority: Priority) -> Self {
        self.priority = Some(priority);
        self
    }

    pub(crate) fn to_js(&self) -> JsValue {
        let object = Object::new();
        set(&object, "ordered", &self.ordered.into());
        match self.reliability {
            Reliability::Reliable => {}
            Reliability::MaxRetransmits(n) => set(&object, "maxRetransmits", &n.into()),
            Reliability::MaxPacketLifeTime(ms) => set(&object, "maxPacketLifeTime", &ms.into()),
        }
        if !self.protocol.is_empty() {
            set(&object, "protocol", &self.protocol.as_str().into());
        }
        if let Negotiation::OutOfBand { id } = self.negotiation {
            set(&object, "negotiated", &true.into());
            set(&object, "id", &id.into());
        }
        if let Some(priority) = &self.priority {
            set(&object, "priority", &priority.as_str().into());
        }
        object.into()
    }
}

/// State shared between a channel's handles and the listeners it always
/// keeps (message, error, close and bufferedamountlow).
struct Shared {
    /// Messages received and not yet read through the stream.
    incoming: RefCell<VecDeque<Result<Message>>>,
    /// Tasks waiting for a message (clones of a channel may be read from
    /// several tasks).
    receivers: RefCell<Vec<Waker>>,
    /// The `on_message` callbacks; while any is registered, messages go to
    /// them and not to the stream. The channel's own `message` listener
    /// calls them, so a callback costs no second browser listener.
    callbacks: RefCell<Vec<(u64, MessageCallback)>>,
    /// The key of the next callback.
    next_callback: Cell<u64>,
    /// Tasks waiting for the send queue to drain (or the channel to close).
    senders: RefCell<Vec<Waker>>,
    closed: Cell<bool>,
    /// Whether the channel is open, kept by its events so that sending does
    /// not read `readyState` each time.
    open: Cell<bool>,
    /// The maximum message size, once the SCTP transport has stated it.
    max_message_size: Cell<Option<usize>>,
    high_watermark: Cell<u32>,
    low_watermark: Cell<u32>,
    /// Whether `bufferedAmountLowThreshold` is below the low watermark for
    /// a waiter that needs a deeper drain.
    threshold_lowered: Cell<bool>,
}

type MessageCallback = Rc<RefCell<dyn FnMut(Result<Message>)>>;

impl Shared {
    /// Hands the message (or error) that `item` reads from the event to the
    /// callbacks, or else to the stream. Each callback gets its own, read
    /// afresh, so nothing needs cloning.
    fn deliver(&self, item: &dyn Fn() -> Result<Message>) {
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

    fn push_incoming(&self, item: Result<Message>) {
        self.incoming.borrow_mut().push_back(item);
        self.wake_receivers();
    }

    fn wake_receivers(&self) {
        let receivers = std::mem::take(&mut *self.receivers.borrow_mut());
        for waker in receivers {
            waker.wake();
        }
    }

    fn wake_senders(&self) {
        let senders = std::mem::take(&mut *self.senders.borrow_mut());
        for waker in senders {
            waker.wake();
        }
    }
}

struct Inner {
    raw: sys::DataChannel,
    /// The connection, for the negotiated maximum message size.
    connection: Option<sys::PeerConnection>,
    shared: Rc<Shared>,
    listeners: Registry,
    /// The listeners every channel keeps, so that no message is lost before
    /// the application reads.
    _always: [Listener; 6],
    close_on_drop: Cell<bool>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if self.close_on_drop.get() {
            self.raw.unchecked_ref::<RtcDataChannel>().close();
        }
        self.listeners.unregister_all();
    }
}

/// A channel for messages between two peers.
///
/// A cheap handle: clones share one browser `RTCDataChannel`. Dropping the
/// last handle closes the channel and removes every listener registered
/// through it.
///
/// Receiving: the channel is a [`Stream`] of `Result<Message>` (errors are
/// the channel's `error` events); it ends when the channel closes. Messages
/// that arrive before anything reads them are kept, so none is lost between
/// the `datachannel` event and the first read. They are kept until read
/// (WebRTC has no receive-side flow control), so a channel that is only
/// written to should read and discard, or take messages with
/// [`on_message`](Self::on_message).
///
/// Sending: [`send`](Self::send) waits while more than the high watermark
/// (default 1 MiB) is queued in the browser, until the queue drains to the
/// low watermark (default 256 KiB), driven by `bufferedamountlow` events.
/// [`try_send`](Self::try_send) returns [`Error::Full`] instead of waiting.
/// A message larger than the negotiated maximum is
/// [`Error::MessageTooLarge`] and the channel stays open. The channel is also
/// a [`Sink<Message>`](Sink) with the same backpressure.
///
/// See [`RTCDataChannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel).
#[derive(Clone)]
pub struct DataChannel {
    inner: Rc<Inner>,
}

impl fmt::Debug for DataChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataChannel")
            .field("label", &self.label())
            .field("id", &self.id())
            .field("ready_state", &self.ready_state())
            .field("buffered_amount", &self.buffered_amount())
            .finish()
    }
}

fn message_of(event: &Event) -> Result<Message> {
    let data = event.unchecked_ref::<web_sys::MessageEvent>().data();
    if let Some(text) = data.as_string() {
        return Ok(Message::Text(text));
    }
    match data.dyn_into::<ArrayBuffer>() {
        Ok(buffer) => Ok(Message::Binary(Uint8Array::new(&buffer).to_vec())),
        Err(other) => Err(Error::Decode(format!(
            "a data-channel message that is neither text nor an ArrayBuffer: {other:?}"
        ))),
    }
}

fn error_of(event: &Event) -> Error {
    let error = event.unchecked_ref::<sys::ErrorEvent>().error();
    if error.is_undefined() || error.is_null() {
        Error::Other {
            name: "OperationError".into(),
            message: "the data channel reported an error".into(),
        }
    } else {
        Error::from_js(error)
    }
}

impl DataChannel {
    pub(crate) fn from_raw(raw: RtcDataChannel, connection: Option<sys::PeerConnection>) -> Self {
        raw.set_binary_type(web_sys::RtcDataChannelType::Arraybuffer);
        raw.set_buffered_amount_low_threshold(DEFAULT_LOW_WATERMARK);
        let shared = Rc::new(Shared {
            incoming: RefCell::default(),
            receivers: RefCell::default(),
            callbacks: RefCell::default(),
            next_callback: Cell::new(0),
            senders: RefCell::default(),
            closed: Cell::new(false),
            open: Cell::new(false),
            max_message_size: Cell::new(None),
            high_watermark: Cell::new(DEFAULT_HIGH_WATERMARK),
            low_watermark: Cell::new(DEFAULT_LOW_WATERMARK),
            threshold_lowered: Cell::new(false),
        });
        let target: &EventTarget = raw.unchecked_ref();
        let on = |event_type, handle: fn(&Shared, &Event)| {
            let shared = shared.clone();
            Listener::new(target, event_type, move |event| handle(&shared, &event))
        };
        let always = [
            on("message", |shared, event| {
                shared.deliver(&|| message_of(event))
            }),
            on("error", |shared, event| {
                shared.deliver(&|| Err(error_of(event)))
            }),
            on("open", |shared, _| shared.open.set(true)),
            on("closing", |shared, _| shared.open.set(false)),
            on("close", |shared, _| {
                shared.open.set(false);
                shared.closed.set(true);
                shared.wake_senders();
                shared.wake_receivers();
            }),
            on("bufferedamountlow", |shared, _| shared.wake_senders()),
        ];
        let raw: sys::DataChannel = raw.unchecked_into();
        match raw.ready_state().as_str() {
            "open" => shared.open.set(true),
            "closed" => shared.closed.set(true),
            _ => {}
        }
        DataChannel {
            inner: Rc::new(Inner {
                raw,
                connection,
                shared,
                listeners: Registry::default(),
                _always: always,
                close_on_drop: Cell::new(true),
            }),
        }
    }

    fn raw(&self) -> &RtcDataChannel {
        self.inner.raw.unchecked_ref()
    }

    fn target(&self) -> &EventTarget {
        self.inner.raw.unchecked_ref()
    }

    /// The channel's [label](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/label).
    pub fn label(&self) -> String {
        self.raw().label()
    }

    /// Whether delivery is [ordered](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/ordered).
    pub fn ordered(&self) -> bool {
        self.inner.raw.ordered()
    }

    /// The [retransmission limit](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/maxRetransmits),
    /// if any.
    pub fn max_retransmits(&self) -> Option<u16> {
        self.raw().max_retransmits()
    }

    /// The [packet lifetime limit](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/maxPacketLifeTime)
    /// in milliseconds, if any.
    pub fn max_packet_life_time(&self) -> Option<u16> {
        self.raw().max_packet_life_time()
    }

    /// The retransmission limit as a [`Reliability`].
    pub fn reliability(&self) -> Reliability {
        match (self.max_retransmits(), self.max_packet_life_time()) {
            (Some(n), _) => Reliability::MaxRetransmits(n),
            (None, Some(ms)) => Reliability::MaxPacketLifeTime(ms),
            (None, None) => Reliability::Reliable,
        }
    }

    /// The [sub-protocol](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/protocol).
    pub fn protocol(&self) -> String {
        self.inner.raw.protocol()
    }

    /// Whether the channel was [negotiated out of band](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/negotiated).
    pub fn negotiated(&self) -> bool {
        self.inner.raw.negotiated()
    }

    /// The SCTP stream [id](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/id);
    /// `None` until the DTLS role is known for in-band channels.
    pub fn id(&self) -> Option<u16> {
        self.raw().id()
    }

    /// The sending [priority](https://w3c.github.io/webrtc-priority/#rtcdatachannel-attribute);
    /// `None` in browsers without priority control (Firefox).
    pub fn priority(&self) -> Option<Priority> {
        self.inner
            .raw
            .priority()
            .map(|p| Priority::from(p.as_str()))
    }

    /// The channel's [state](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/readyState).
    pub fn ready_state(&self) -> DataChannelState {
        DataChannelState::from(self.inner.raw.ready_state().as_str())
    }

    /// Bytes queued in the browser for sending
    /// ([`bufferedAmount`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedAmount)).
    pub fn buffered_amount(&self) -> u32 {
        self.raw().buffered_amount()
    }

    /// The queue level at which `bufferedamountlow` fires
    /// ([`bufferedAmountLowThreshold`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedAmountLowThreshold)).
    /// The channel manages it: it is the low watermark, or lower while a
    /// sender or [`flush`](Self::flush) waits for a deeper drain.
    pub fn buffered_amount_low_threshold(&self) -> u32 {
        self.raw().buffered_amount_low_threshold()
    }

    /// The [binary type](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/binaryType),
    /// always `"arraybuffer"`: binary messages arrive as [`Message::Binary`].
    pub fn binary_type(&self) -> &'static str {
        "arraybuffer"
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
        self.raw().set_buffered_amount_low_threshold(low);
        shared.threshold_lowered.set(false);
        shared.wake_senders();
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
        let Some(connection) = &self.inner.connection else {
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

    /// Waits until the channel is open.
    ///
    /// # Errors
    /// [`Error::Closed`] when the channel closes (or is dropped) first.
    pub async fn open(&self) -> Result<()> {
        let mut changes = self.state_events(&["open", "close"]);
        loop {
            match self.ready_state() {
                DataChannelState::Open => return Ok(()),
                DataChannelState::Closing | DataChannelState::Closed => return Err(Error::Closed),
                _ => {}
            }
            if changes.next().await.is_none() {
                return Err(Error::Closed);
            }
        }
    }

    /// Waits until the channel is closed.
    pub async fn closed(&self) {
        let mut changes = self.state_events(&["close"]);
        while self.ready_state() != DataChannelState::Closed {
            if changes.next().await.is_none() {
                return;
            }
        }
    }

    fn state_events(&self, types: &[&'static str]) -> futures::stream::SelectAll<EventStream<()>> {
        futures::stream::select_all(types.iter().map(|event_type| {
            self.inner
                .listeners
                .stream(self.target(), event_type, |_| ())
        }))
    }

    /// Checks that `message` can be sent now, apart from queue room.
    fn check_sendable(&self, message: &Message) -> Result<()> {
        if !self.inner.shared.open.get() {
            self.state_error()?;
        }
        let max = self.max_message_size();
        if message.len() > max {
            return Err(Error::MessageTooLarge {
                size: message.len(),
                max,
            });
        }
        Ok(())
    }

    /// Whether `size` more bytes fit under the high watermark (an empty
    /// queue always takes one message).
    fn has_room(&self, size: usize) -> bool {
        let queued = self.buffered_amount() as usize;
        queued == 0
            || queued.saturating_add(size) <= self.inner.shared.high_watermark.get() as usize
    }

    /// Hands `message` to the browser.
    fn send_now(&self, message: &Message) -> Result<()> {
        let sent = match message {
            Message::Text(text) => self.inner.raw.send_text(text),
            Message::Binary(bytes) => self.inner.raw.send_bytes(bytes),
        };
        sent.map_err(|error| self.send_error(message, Error::from_js(error)))
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
        let max = self.read_max_message_size();
        if message.len() > max {
            self.inner.shared.max_message_size.set(Some(max));
            return Error::MessageTooLarge {
                size: message.len(),
                max,
            };
        }
        self.state_error().err().unwrap_or(error)
    }

    /// Whether the task behind `cx` already waits for the send queue to drain
    /// and nothing has woken it since. Such a task is polled again for
    /// another reason (a `join` woken by its other half, say); nothing it
    /// waits for has changed, so it stays pending without asking the browser,
    /// and it keeps waiting down to the low watermark instead of sending one
    /// message per spare poll.
    fn still_waiting(&self, cx: &Context<'_>) -> bool {
        let senders = self.inner.shared.senders.borrow();
        senders.iter().any(|waker| waker.will_wake(cx.waker()))
    }

    /// Waits until the queue holds at most `level` bytes (or the channel
    /// closes), lowering `bufferedAmountLowThreshold` to `level` if the low
    /// watermark is above it.
    fn poll_drained(&self, cx: &mut Context<'_>, level: u32) -> Poll<Result<()>> {
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
        // One threshold serves every waiter: the highest level any of them
        // needs (all are below the current queue, so the event will fire),
        // after which each re-polls and re-arms for its own level.
        let mine = level.min(shared.low_watermark.get());
        let mut senders = shared.senders.borrow_mut();
        let current = self.raw().buffered_amount_low_threshold();
        let threshold = if senders.is_empty() {
            mine
        } else {
            current.max(mine)
        };
        if current != threshold {
            self.raw().set_buffered_amount_low_threshold(threshold);
            shared
                .threshold_lowered
                .set(threshold != shared.low_watermark.get());
        }
        // Not registered yet: `still_waiting` returned early otherwise.
        senders.push(cx.waker().clone());
        Poll::Pending
    }

    /// Restores the threshold once nobody waits for a deeper drain (only
    /// when it was lowered: the common send does not touch it).
    fn restore_threshold(&self) {
        let shared = &self.inner.shared;
        if shared.threshold_lowered.get() && shared.senders.borrow().is_empty() {
            self.raw()
                .set_buffered_amount_low_threshold(shared.low_watermark.get());
            shared.threshold_lowered.set(false);
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
        let level = if size >= high {
            0
        } else {
            (high - size) as u32
        };
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
        self.check_sendable(&message)?;
        let size = message.len();
        poll_fn(|cx| self.poll_room(cx, size)).await?;
        self.restore_threshold();
        self.check_sendable(&message)?;
        self.send_now(&message)
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

    /// Closes the channel. Messages already queued are still delivered.
    ///
    /// See [`RTCDataChannel.close()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/close).
    pub fn close(&self) {
        self.raw().close();
    }

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
        let pending: Vec<_> = shared.incoming.borrow_mut().drain(..).collect();
        for item in pending {
            callback(item);
        }
        let key = shared.next_callback.get();
        shared.next_callback.set(key + 1);
        shared
            .callbacks
            .borrow_mut()
            .push((key, Rc::new(RefCell::new(callback))));
        let weak = Rc::downgrade(shared);
        self.inner
            .listeners
            .slot(self.target(), "message", move || {
                if let Some(shared) = weak.upgrade() {
                    // Dropped outside the borrow: the callback may own handles.
                    let removed = {
                        let mut callbacks = shared.callbacks.borrow_mut();
                        let at = callbacks.iter().position(|(k, _)| *k == key);
                        at.map(|at| callbacks.remove(at))
                    };
                    drop(removed);
                }
            })
    }

    /// The browser's `RTCDataChannel`.
    pub fn as_raw(&self) -> &RtcDataChannel {
        self.raw()
    }

    /// Gives up the wrapper and returns the browser's `RTCDataChannel`, which
    /// stays open: dropping the remaining handles then only removes
    /// listeners.
    pub fn into_raw(self) -> RtcDataChannel {
        self.inner.close_on_drop.set(false);
        self.raw().clone()
    }
}

impl From<RtcDataChannel> for DataChannel {
    /// Wraps an existing channel; dropping the last handle closes it. Without
    /// its connection, [`DataChannel::max_message_size`] is the 64 KiB
    /// fallback; channels from [`PeerConnection`](crate::PeerConnection) know
    /// the negotiated size.
    fn from(raw: RtcDataChannel) -> Self {
        DataChannel::from_raw(raw, None)
    }
}

/// Declares the callback and stream forms of one channel event.
macro_rules! channel_event {
    (
        $(#[$doc:meta])*
        $event:literal, $callback:ident, $stream:ident, $item:ty, $map:expr
    ) => {
        $(#[$doc])*
        ///
        /// The callback form: `callback` runs for every event until the
        /// returned guard is dropped.
        pub fn $callback(&self, mut callback: impl FnMut($item) + 'static) -> Listener {
            self.inner
                .listeners
                .listen(self.target(), $event, move |event| callback($map(&event)))
        }

        $(#[$doc])*
        ///
        /// The stream form: one item per event after the call; the stream ends
        /// when the channel is dropped.
        pub fn $stream(&self) -> EventStream<$item> {
            self.inner.listeners.stream(self.target(), $event, $map)
        }
    };
}

impl DataChannel {
    channel_event! {
        /// Each [`open`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/open_event).
        "open", on_open, open_events, (), |_: &Event| ()
    }

    channel_event! {
        /// Each [`bufferedamountlow`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedamountlow_event).
        "bufferedamountlow", on_buffered_amount_low, buffered_amount_low_events, (), |_: &Event| ()
    }

    channel_event! {
        /// Each [`error`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/error_event),
        /// with the `RTCError` details.
        "error", on_error, errors, Error, error_of
    }

    channel_event! {
        /// Each [`closing`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/closing_event).
        "closing", on_closing, closing_events, (), |_: &Event| ()
    }

    channel_event! {
        /// Each [`close`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/close_event).
        "close", on_close, close_events, (), |_: &Event| ()
    }
}

impl Stream for DataChannel {
    type Item = Result<Message>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let shared = &self.inner.shared;
        if let Some(item) = shared.incoming.borrow_mut().pop_front() {
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

/// The `a=max-message-size` of an SDP (RFC 8841 §6): 0 means no limit.
fn max_message_size_in_sdp(sdp: &str) -> Option<usize> {
    let value = sdp
        .lines()
        .find_map(|line| line.trim_end().strip_prefix("a=max-message-size:"))?;
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

    #[test]
    fn init_options_are_spec_strings() {
        assert_eq!(Priority::VeryLow.as_str(), "very-low");
        assert_eq!(Priority::from("high"), Priority::High);
        let init = DataChannelInit::default()
            .ordered(false)
            .reliability(Reliability::MaxRetransmits(0))
            .protocol("chat")
            .negotiation(Negotiation::OutOfBand { id: 7 })
            .priority(Priority::High);
        assert!(!init.ordered);
        assert_eq!(init.reliability, Reliability::MaxRetransmits(0));
        assert_eq!(init.negotiation, Negotiation::OutOfBand { id: 7 });
    }
}
