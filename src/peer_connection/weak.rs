//! [`WeakPeerConnection`]: a handle that does not keep a connection open.

use std::fmt;
use std::rc::Rc;

use super::{Inner, PeerConnection};

impl PeerConnection {
    /// A handle that does not keep the connection open, for tasks (such as
    /// candidate forwarding) that must not outlive the connection's owner.
    pub fn downgrade(&self) -> WeakPeerConnection {
        WeakPeerConnection {
            inner: Rc::downgrade(&self.inner),
        }
    }
}

/// A [`PeerConnection`] handle that does not keep the connection open.
///
/// Made by [`PeerConnection::downgrade`]; [`WeakPeerConnection::upgrade`]
/// gives a full handle back while any other full handle exists.
#[derive(Clone, Default)]
pub struct WeakPeerConnection {
    inner: std::rc::Weak<Inner>,
}

impl WeakPeerConnection {
    /// A full handle, or `None` once every full handle was dropped (and the
    /// connection therefore closed).
    pub fn upgrade(&self) -> Option<PeerConnection> {
        self.inner.upgrade().map(|inner| PeerConnection { inner })
    }
}

impl fmt::Debug for WeakPeerConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WeakPeerConnection")
            .field("alive", &(self.inner.strong_count() > 0))
            .finish()
    }
}
