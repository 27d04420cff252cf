//! [`DataChannel`]: the typed `RTCDataChannel`.
//!
//! See [`RTCDataChannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel).

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use futures::StreamExt;
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventTarget, RtcDataChannel};

use crate::error::{Error, Result};
use crate::event::{EventStream, Registry};
use crate::session::set;
use crate::sys;

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
}

impl Default for DataChannelInit {
    fn default() -> Self {
        DataChannelInit {
            ordered: true,
            reliability: Reliability::Reliable,
            protocol: String::new(),
            negotiation: Negotiation::InBand,
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
        object.into()
    }
}

struct Inner {
    raw: sys::DataChannel,
    listeners: Registry,
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
            .finish()
    }
}

impl DataChannel {
    pub(crate) fn from_raw(raw: RtcDataChannel) -> Self {
        raw.set_binary_type(web_sys::RtcDataChannelType::Arraybuffer);
        DataChannel {
            inner: Rc::new(Inner {
                raw: raw.unchecked_into(),
                listeners: Registry::default(),
                close_on_drop: Cell::new(true),
            }),
        }
    }

    fn raw(&self) -> &RtcDataChannel {
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

    /// The channel's [state](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/readyState).
    pub fn ready_state(&self) -> DataChannelState {
        DataChannelState::from(self.inner.raw.ready_state().as_str())
    }

    /// Bytes queued for sending
    /// ([`bufferedAmount`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedAmount)).
    pub fn buffered_amount(&self) -> u32 {
        self.raw().buffered_amount()
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
            self.inner.listeners.stream(
                self.inner.raw.unchecked_ref::<EventTarget>(),
                event_type,
                |_| (),
            )
        }))
    }

    /// Closes the channel.
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
    /// listeners.
    pub fn into_raw(self) -> RtcDataChannel {
        self.inner.close_on_drop.set(false);
        self.raw().clone()
    }
}
