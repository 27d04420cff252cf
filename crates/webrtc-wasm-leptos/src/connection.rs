//! `use_peer_connection`: a connection that lives as long as the component.

use futures::{Stream, StreamExt};
use leptos::prelude::*;
use webrtc_wasm::{
    Configuration, IceConnectionState, IceGatheringState, PeerConnection, PeerConnectionState,
    Result, SignalingState,
};

use crate::task::spawn;

/// A peer connection owned by the calling component, with its states as
/// signals. From [`use_peer_connection`].
///
/// See [`RTCPeerConnection`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection).
#[derive(Debug, Clone, Copy)]
pub struct UsePeerConnection {
    connection: StoredValue<PeerConnection, LocalStorage>,
    /// [`connectionState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/connectionState).
    pub connection_state: ReadSignal<PeerConnectionState>,
    /// [`iceConnectionState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceConnectionState).
    pub ice_connection_state: ReadSignal<IceConnectionState>,
    /// [`iceGatheringState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceGatheringState).
    pub ice_gathering_state: ReadSignal<IceGatheringState>,
    /// [`signalingState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/signalingState).
    pub signaling_state: ReadSignal<SignalingState>,
}

impl UsePeerConnection {
    /// The connection's handle, or `None` once the component's owner has
    /// been cleaned up (the connection is closed then).
    pub fn connection(&self) -> Option<PeerConnection> {
        self.connection.try_get_value()
    }
}

/// Creates a peer connection for the calling component.
///
/// Its four states are signals that follow the browser's state-change
/// events. When the component's owner is cleaned up, the connection is
/// closed and the listeners behind the signals are removed.
///
/// # Errors
/// As [`PeerConnection::new`]: an invalid configuration (a bad ICE server
/// URL, say) is a typed error and nothing is created.
pub fn use_peer_connection(configuration: &Configuration) -> Result<UsePeerConnection> {
    Ok(use_peer_connection_from(PeerConnection::new(
        configuration,
    )?))
}

/// As [`use_peer_connection`], for a connection made elsewhere: the
/// component now owns it and closes it when it is cleaned up.
pub fn use_peer_connection_from(connection: PeerConnection) -> UsePeerConnection {
    let state = follow(
        connection.connection_state(),
        connection.connection_state_changes(),
    );
    let ice = follow(
        connection.ice_connection_state(),
        connection.ice_connection_state_changes(),
    );
    let gathering = follow(
        connection.ice_gathering_state(),
        connection.ice_gathering_state_changes(),
    );
    let signaling = follow(
        connection.signaling_state(),
        connection.signaling_state_changes(),
    );
    let connection = StoredValue::new_local(connection);
    // Closing here, not only through the last handle's drop: a clone the
    // application keeps elsewhere must not keep the connection open.
    on_cleanup(move || {
        connection.try_with_value(PeerConnection::close);
    });
    UsePeerConnection {
        connection,
        connection_state: state,
        ice_connection_state: ice,
        ice_gathering_state: gathering,
        signaling_state: signaling,
    }
}

/// A signal that starts at `now` and takes every value of `changes`.
pub(crate) fn follow<T: Send + Sync + 'static>(
    now: T,
    changes: impl Stream<Item = T> + 'static,
) -> ReadSignal<T> {
    let (read, write) = signal(now);
    spawn(changes.for_each(move |value| {
        write.set(value);
        std::future::ready(())
    }));
    read
}
