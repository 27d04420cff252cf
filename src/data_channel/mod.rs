//! [`DataChannel`]: the typed `RTCDataChannel`.
//!
//! The type's parts: [`init`] (options and state types), [`send`]
//! (backpressure and size limits), [`receive`] (the bounded queue of unread
//! messages and `on_message`), [`split`] (the `Sink` and the two halves).
//!
//! See [`RTCDataChannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel).

mod init;
mod receive;
mod send;
mod split;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::rc::Rc;
use std::task::Waker;

use futures::StreamExt;
use wasm_bindgen::prelude::*;
use web_sys::{Event, EventTarget, RtcDataChannel};

pub use init::{DataChannelInit, DataChannelState, Negotiation, Priority, Reliability};
pub use receive::DEFAULT_RECEIVE_LIMIT;
pub use split::{DataChannelSink, DataChannelStream};

use crate::error::{Error, Result};
use crate::event::{EventStream, Listener, Registry};
use crate::identity::Handles;
use crate::message::Message;
use crate::queue;
use crate::sys;
use receive::error_of;

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

#[wasm_bindgen(inline_js = r#"
export function lockBinaryType(channel) {
  Object.defineProperty(channel, "binaryType", {
    configurable: true,
    get() { return "arraybuffer"; },
    set(value) {
      if (value !== "arraybuffer") {
        throw new TypeError("webrtc-wasm reads binary messages as ArrayBuffer: binaryType stays 'arraybuffer' while the channel is wrapped (into_raw() gives the channel back)");
      }
    },
  });
}
export function unlockBinaryType(channel) {
  delete channel.binaryType;
}
"#)]
extern "C" {
    /// Makes `binaryType` of this channel read `"arraybuffer"` and refuse
    /// any other value with a `TypeError` (an own property that shadows the
    /// prototype's).
    #[wasm_bindgen(js_name = lockBinaryType)]
    fn lock_binary_type(channel: &RtcDataChannel);
    /// Removes that property again.
    #[wasm_bindgen(js_name = unlockBinaryType)]
    fn unlock_binary_type(channel: &RtcDataChannel);
}

type MessageCallback = Rc<RefCell<dyn FnMut(Result<Message>)>>;
type LowCallback = Rc<RefCell<dyn FnMut()>>;
/// Callbacks by key, called in turn by one of the channel's own listeners.
type CallbackList<C> = RefCell<Vec<(u64, Rc<RefCell<C>>)>>;

/// State shared by every handle of one browser channel and by the
/// listeners it always keeps (message, error, open, closing, close and
/// bufferedamountlow).
struct Shared {
    raw: sys::DataChannel,
    /// Messages received and not yet read through the stream.
    incoming: RefCell<VecDeque<Result<Message>>>,
    /// The bytes of the messages in `incoming`.
    unread_bytes: Cell<usize>,
    /// The most bytes `incoming` may hold.
    receive_limit: Cell<usize>,
    /// Whether `incoming` overflowed (the channel is closing).
    overflowed: Cell<bool>,
    /// Tasks waiting for a message (handles of a channel may be read from
    /// several tasks).
    receivers: RefCell<Vec<Waker>>,
    /// The `on_message` callbacks; while any is registered, messages go to
    /// them and not to the stream. The channel's own `message` listener
    /// calls them, so a callback costs no second browser listener.
    callbacks: CallbackList<dyn FnMut(Result<Message>)>,
    /// The `on_buffered_amount_low` callbacks (and streams).
    low_callbacks: CallbackList<dyn FnMut()>,
    /// The key of the next callback of either kind.
    next_callback: Cell<u64>,
    /// Tasks waiting for the send queue to drain to a level (or the
    /// channel to close).
    senders: RefCell<Vec<(Waker, u32)>>,
    closed: Cell<bool>,
    /// Whether the channel is open, kept by its events so that sending does
    /// not read `readyState` each time.
    open: Cell<bool>,
    /// The maximum message size, once the SCTP transport has stated it.
    max_message_size: Cell<Option<usize>>,
    high_watermark: Cell<u32>,
    low_watermark: Cell<u32>,
    /// The application's `bufferedAmountLowThreshold`.
    user_threshold: Cell<u32>,
    /// Whether the queue went above the application's threshold since its
    /// callbacks last ran.
    user_armed: Cell<bool>,
    /// The browser's `bufferedAmountLowThreshold`, as last set.
    threshold: Cell<u32>,
}

impl Shared {
    /// `bufferedamountlow`: wakes the senders and, when the queue came down
    /// to the application's threshold, runs its callbacks.
    fn on_low(&self) {
        let notify =
            self.user_armed.get() && self.raw.buffered_amount() <= self.user_threshold.get();
        if notify {
            self.user_armed.set(false);
        }
        self.wake_senders();
        self.arm_threshold();
        if notify {
            let callbacks: Vec<LowCallback> = self
                .low_callbacks
                .borrow()
                .iter()
                .map(|(_, callback)| callback.clone())
                .collect();
            for callback in callbacks {
                // Only a callback that is running is busy, and this listener
                // cannot be re-entered while it runs (wasm-bindgen refuses).
                if let Ok(mut callback) = callback.try_borrow_mut() {
                    callback();
                }
            }
        }
    }
}

thread_local! {
    /// The state of every wrapped channel, by browser object.
    static CHANNELS: Handles<Inner> = Handles::new();
}

struct Inner {
    raw: sys::DataChannel,
    /// The connection, for the negotiated maximum message size.
    connection: RefCell<Option<sys::PeerConnection>>,
    shared: Rc<Shared>,
    listeners: Registry,
    /// The listeners every channel keeps, so that no message is lost before
    /// the application reads.
    _always: RefCell<Vec<Listener>>,
    close_on_drop: Cell<bool>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        let raw: &RtcDataChannel = self.raw.unchecked_ref();
        if self.close_on_drop.get() {
            raw.close();
        }
        unlock_binary_type(raw);
        raw.set_buffered_amount_low_threshold(self.shared.user_threshold.get());
        self.listeners.unregister_all();
        CHANNELS.with(|handles| handles.remove(raw));
    }
}

/// A channel for messages between two peers.
///
/// A cheap handle: every handle of one browser `RTCDataChannel` — clones,
/// the handles each `datachannel` listener or stream gets, `From` on the
/// same raw object — shares one state (one message queue, one pair of
/// watermarks, one set of listeners). Dropping the last handle closes the
/// channel and removes every listener registered through it.
///
/// Receiving: the channel is a [`Stream`](futures::Stream) of
/// `Result<Message>` (errors are the channel's `error` events); it ends
/// when the channel closes. Messages that arrive before anything reads them
/// are kept, so none is lost between the `datachannel` event and the first
/// read, up to the [receive limit](Self::set_receive_limit) (16 MiB by
/// default): past it the reader gets [`Error::ReceiveBufferFull`] and the
/// channel closes. Binary messages are [`Message::Binary`]; `binaryType`
/// stays `"arraybuffer"` while the channel is wrapped.
///
/// Sending: [`send`](Self::send) waits while more than the high watermark
/// (default 1 MiB) is queued in the browser, until the queue drains to the
/// low watermark (default 256 KiB), driven by `bufferedamountlow` events.
/// [`try_send`](Self::try_send) returns [`Error::Full`] instead of waiting.
/// A message larger than the negotiated maximum is
/// [`Error::MessageTooLarge`] and the channel stays open. The channel is also
/// a [`Sink<Message>`](futures::Sink) with the same backpressure.
///
/// See [`RTCDataChannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel).
#[derive(Clone)]
pub struct DataChannel {
    inner: Rc<Inner>,
}

impl PartialEq for DataChannel {
    /// Handles are equal when they stand for the same browser channel.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for DataChannel {}

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

impl DataChannel {
    /// The handle of `raw`: the state every other handle of it shares, or
    /// a new one.
    pub(crate) fn from_raw(raw: RtcDataChannel, connection: Option<sys::PeerConnection>) -> Self {
        let inner = CHANNELS.with(|handles| {
            handles.find_or_insert(&raw, || Rc::new(Self::new_inner(&raw, connection.clone())))
        });
        if connection.is_some() && inner.connection.borrow().is_none() {
            *inner.connection.borrow_mut() = connection;
        }
        DataChannel { inner }
    }

    fn new_inner(raw: &RtcDataChannel, connection: Option<sys::PeerConnection>) -> Inner {
        raw.set_binary_type(web_sys::RtcDataChannelType::Arraybuffer);
        lock_binary_type(raw);
        let threshold = raw.buffered_amount_low_threshold();
        let sys_raw: sys::DataChannel = raw.clone().unchecked_into();
        let shared = Rc::new(Shared {
            raw: sys_raw.clone(),
            incoming: RefCell::default(),
            unread_bytes: Cell::new(0),
            receive_limit: Cell::new(DEFAULT_RECEIVE_LIMIT),
            overflowed: Cell::new(false),
            receivers: RefCell::default(),
            callbacks: RefCell::default(),
            low_callbacks: RefCell::default(),
            next_callback: Cell::new(0),
            senders: RefCell::default(),
            closed: Cell::new(false),
            open: Cell::new(false),
            max_message_size: Cell::new(None),
            high_watermark: Cell::new(DEFAULT_HIGH_WATERMARK),
            low_watermark: Cell::new(DEFAULT_LOW_WATERMARK),
            user_threshold: Cell::new(threshold),
            user_armed: Cell::new(false),
            threshold: Cell::new(threshold),
        });
        let target: &EventTarget = raw.unchecked_ref();
        let on = |event_type, handle: fn(&Rc<Shared>, &Event)| {
            let shared = shared.clone();
            Listener::new(target, event_type, move |event| handle(&shared, &event))
        };
        let always = [
            on("message", |shared, event| shared.on_message_event(event)),
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
            on("bufferedamountlow", |shared, _| shared.on_low()),
        ];
        match sys_raw.ready_state().as_str() {
            "open" => shared.open.set(true),
            "closed" => shared.closed.set(true),
            _ => {}
        }
        Inner {
            raw: sys_raw,
            connection: RefCell::new(connection),
            shared,
            listeners: Registry::default(),
            _always: RefCell::new(always.into()),
            close_on_drop: Cell::new(true),
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

    /// The [binary type](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/binaryType),
    /// always `"arraybuffer"` while the channel is wrapped: binary messages
    /// arrive as [`Message::Binary`]. Setting another value on the raw
    /// object throws a `TypeError`; [`into_raw`](Self::into_raw) gives the
    /// attribute back once the last handle is gone.
    pub fn binary_type(&self) -> String {
        crate::object::get_string(self.raw(), "binaryType").unwrap_or_default()
    }

    /// Waits until the channel is open.
    ///
    /// # Errors
    /// [`Error::Closed`] when the channel closes (or is dropped) first.
    pub async fn open(&self) -> Result<()> {
        let mut changes =
            futures::stream::select(self.state_event("open"), self.state_event("close"));
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
        let mut changes = self.state_event("close");
        while self.ready_state() != DataChannelState::Closed {
            if changes.next().await.is_none() {
                return;
            }
        }
    }

    fn state_event(&self, event_type: &'static str) -> EventStream<()> {
        self.inner
            .listeners
            .stream(self.target(), event_type, |_| ())
    }

    /// Closes the channel. Messages already received stay readable.
    /// Messages still in the browser's send queue
    /// ([`buffered_amount`](Self::buffered_amount) above 0) may be lost:
    /// Chromium drops them, Firefox sends them first. To have them sent,
    /// `flush().await` first (closing the [`Sink`](futures::Sink) or the
    /// byte stream of the feature `io` does).
    ///
    /// See [`RTCDataChannel.close()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/close).
    pub fn close(&self) {
        self.raw().close();
    }

    /// The browser's `RTCDataChannel`.
    pub fn as_raw(&self) -> &RtcDataChannel {
        self.raw()
    }

    /// Gives up the wrapper and returns the browser's `RTCDataChannel`, which
    /// stays open: dropping the remaining handles then only removes
    /// listeners and gives `binaryType` and `bufferedAmountLowThreshold`
    /// back.
    pub fn into_raw(self) -> RtcDataChannel {
        self.keep_open_on_drop();
        self.raw().clone()
    }

    /// Makes dropping the last handle remove listeners without closing the
    /// channel (the JavaScript API's semantics).
    pub(crate) fn keep_open_on_drop(&self) {
        self.inner.close_on_drop.set(false);
    }

    /// Removes every listener of a closed channel now rather than when the
    /// last handle goes (the JavaScript API's `close()`, whose handles live
    /// until garbage collection). Unread messages stay readable; waiting
    /// senders and readers are woken and see the channel closed.
    #[cfg(feature = "js")]
    pub(crate) fn release_listeners(&self) {
        let always = std::mem::take(&mut *self.inner._always.borrow_mut());
        drop(always);
        self.inner.listeners.unregister_all();
        let shared = &self.inner.shared;
        shared.open.set(false);
        shared.closed.set(true);
        shared.wake_senders();
        shared.wake_receivers();
    }

    /// Calls `callback` each time the send queue drains to
    /// [`buffered_amount_low_threshold`](Self::buffered_amount_low_threshold)
    /// after a send took it above (see
    /// [`set_buffered_amount_low_threshold`](Self::set_buffered_amount_low_threshold)),
    /// for as long as the guard lives.
    ///
    /// See [`bufferedamountlow`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedamountlow_event).
    pub fn on_buffered_amount_low(&self, callback: impl FnMut() + 'static) -> Listener {
        let shared = &self.inner.shared;
        if shared.low_callbacks.borrow().is_empty() {
            shared
                .user_armed
                .set(self.buffered_amount() > shared.user_threshold.get());
        }
        let callback: LowCallback = Rc::new(RefCell::new(callback));
        self.add_callback(
            "bufferedamountlow",
            |shared| &shared.low_callbacks,
            callback,
        )
    }

    /// Adds `callback` to the list `list` picks out of the shared state,
    /// for the channel's own `event_type` listener to call; the returned
    /// guard (or closing the channel) removes it.
    fn add_callback<C: ?Sized + 'static>(
        &self,
        event_type: &'static str,
        list: fn(&Shared) -> &CallbackList<C>,
        callback: Rc<RefCell<C>>,
    ) -> Listener {
        let shared = &self.inner.shared;
        let key = shared.next_callback.get();
        shared.next_callback.set(key + 1);
        list(shared).borrow_mut().push((key, callback));
        let weak = Rc::downgrade(shared);
        self.inner
            .listeners
            .slot(self.target(), event_type, move || {
                if let Some(shared) = weak.upgrade() {
                    // Dropped outside the borrow: the callback may own handles.
                    let removed = {
                        let mut callbacks = list(&shared).borrow_mut();
                        let at = callbacks.iter().position(|(k, _)| *k == key);
                        at.map(|at| callbacks.remove(at))
                    };
                    drop(removed);
                }
            })
    }

    /// The stream form of [`on_buffered_amount_low`](Self::on_buffered_amount_low):
    /// one item per drain to the application's threshold; it ends when the
    /// channel is dropped.
    pub fn buffered_amount_low_events(&self) -> EventStream<()> {
        let (sender, receiver) = queue::counted(queue::DEFAULT_EVENT_QUEUE_LIMIT);
        let listener = self.on_buffered_amount_low(move || {
            // A full queue ends the stream with its error.
            let _refused = sender.push(());
        });
        EventStream::from_parts(receiver, listener)
    }
}

impl From<RtcDataChannel> for DataChannel {
    /// The handle of an existing channel: the same state as every other
    /// handle of it; dropping the last handle closes it. A channel first
    /// wrapped here, without its connection, reports the 64 KiB fallback as
    /// [`DataChannel::max_message_size`]; channels from
    /// [`PeerConnection`](crate::PeerConnection) know the negotiated size.
    fn from(raw: RtcDataChannel) -> Self {
        DataChannel::from_raw(raw, None)
    }
}

impl DataChannel {
    fn event_registry(&self) -> &Registry {
        &self.inner.listeners
    }

    fn event_target(&self) -> &EventTarget {
        self.target()
    }

    event_methods! {
        /// Each [`open`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/open_event).
        "open" => on_open, open_events, (), |_this| |_: &Event| ();

        /// Each [`error`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/error_event),
        /// with the `RTCError` details.
        "error" => on_error, errors, Error, |_this| error_of;

        /// Each [`closing`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/closing_event).
        "closing" => on_closing, closing_events, (), |_this| |_: &Event| ();

        /// Each [`close`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/close_event).
        "close" => on_close, close_events, (), |_this| |_: &Event| ();
    }
}
