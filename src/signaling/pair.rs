//! Two transports connected to each other in one page.

use futures::channel::mpsc;

use super::{Incoming, transport_impls};
use crate::error::{Error, Result};
use crate::negotiation::Signal;

/// One end of an in-page pair, from [`pair`]: what one end sends, the other
/// receives (as JSON, like a real channel).
#[derive(Debug)]
pub struct PairTransport {
    outgoing: mpsc::UnboundedSender<Result<String>>,
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
    outgoing: mpsc::UnboundedSender<Result<String>>,
}

impl PairSender {
    /// Sends a signal to the other end.
    ///
    /// # Errors
    /// [`Error::Closed`] when the other end is gone.
    pub fn send(&self, signal: &Signal) -> Result<()> {
        self.send_raw(signal.to_json())
    }

    /// Sends raw text to the other end, as a misbehaving peer might.
    ///
    /// # Errors
    /// [`Error::Closed`] when the other end is gone.
    pub fn send_raw(&self, text: impl Into<String>) -> Result<()> {
        self.outgoing
            .unbounded_send(Ok(text.into()))
            .map_err(|_| Error::Closed)
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
    /// [`Error::Closed`] when the other end is gone.
    pub fn send_raw(&self, text: impl Into<String>) -> Result<()> {
        self.sender().send_raw(text)
    }
}

transport_impls!(PairTransport, |this, json| this.send_raw(json), |this| this
    .outgoing
    .close_channel());
