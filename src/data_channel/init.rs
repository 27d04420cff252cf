//! The options and state types of a data channel.

use js_sys::Object;
use wasm_bindgen::JsValue;

use crate::object::set;

string_enum! {
    /// The state of a data channel.
    ///
    /// See [`RTCDataChannel.readyState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/readyState).
    pub enum DataChannelState {
        /// `connecting`: not open yet.
        Connecting = "connecting",
        /// `open`: messages can be sent.
        Open = "open",
        /// `closing`: closing (what was still queued to send is sent by
        /// Firefox and dropped by Chromium).
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

#[cfg(test)]
mod tests {
    use super::*;

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
