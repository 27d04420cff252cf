//! Two transports connected to each other in one page.

use super::{Inbox, Incoming, transport_impls};
use crate::error::Result;
use crate::negotiation::Signal;

/// One end of an in-page pair, from [`pair`]: what one end sends, the other
/// receives (as JSON, like a real channel).
#[derive(Debug)]
pub struct PairTransport {
    outgoing: Inbox,
    incoming: Incoming,
}

/// Two transports connected to each other, for tests and demos with both
/// peers in one page.
pub fn pair() -> (PairTransport, PairTransport) {
    let (to_b, from_a) = Incoming::new();
    let (to_a, from_b) = Incoming::new();
    (
        PairTransport {
            outgoing: to_b,
            incoming: from_b,
        },
        PairTransport {
            outgoing: to_a,
            incoming: from_a,
        },
    )
}

/// A cloneable sending handle of a [`PairTransport`], for relays and tests.
#[derive(Debug, Clone)]
pub struct PairSender {
    outgoing: Inbox,
}

impl PairSender {
    /// Sends a signal to the other end.
    ///
    /// # Errors
    /// As [`send_raw`](Self::send_raw).
    pub fn send(&self, signal: &Signal) -> Result<()> {
        self.send_raw(signal.to_json())
    }

    /// Sends raw text to the other end, as a misbehaving peer might.
    ///
    /// # Errors
    /// [`Error::Closed`](crate::Error::Closed) when the other end is gone;
    /// [`Error::ReceiveBufferFull`](crate::Error::ReceiveBufferFull) when the other end holds
    /// [`MAX_UNREAD_SIGNAL_BYTES`](super::MAX_UNREAD_SIGNAL_BYTES) unread
    /// (its reader then gets that error too, and the pair is closed).
    pub fn send_raw(&self, text: impl Into<String>) -> Result<()> {
        self.outgoing
            .push(Ok(text.into()))
            .map_err(|refused| refused.into_error())
    }
}

impl PairTransport {
    /// A handle that sends to the other end.
    pub fn sender(&self) -> PairSender {
        PairSender {
            outgoing: self.outgoing.clone(),
        }
    }

    /// Sends raw text to the other end, as a misbehaving peer might.
    ///
    /// # Errors
    /// As [`PairSender::send_raw`].
    pub fn send_raw(&self, text: impl Into<String>) -> Result<()> {
        self.sender().send_raw(text)
    }
}

transport_impls!(PairTransport, |this, json| this.send_raw(json), |this| this
    .outgoing
    .close());
