//! `use_peer_connection`: a connection that lives as long as the component.

use std::rc::Rc;

use futures::{Stream, StreamExt};
use webrtc_wasm::{
    Configuration, IceConnectionState, IceGatheringState, PeerConnection, PeerConnectionState,
    Result, SignalingState,
};
use yew::prelude::*;

use webrtc_wasm_hooks::Tasks;

/// A peer connection owned by the calling component, with its states. From
/// [`use_peer_connection`]; each state change renders the component again.
///
/// See [`RTCPeerConnection`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection).
#[derive(Debug, Clone, PartialEq)]
pub struct UsePeerConnection {
    connection: Rc<Result<PeerConnection>>,
    /// [`connectionState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/connectionState).
    pub connection_state: PeerConnectionState,
    /// [`iceConnectionState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceConnectionState).
    pub ice_connection_state: IceConnectionState,
    /// [`iceGatheringState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceGatheringState).
    pub ice_gathering_state: IceGatheringState,
    /// [`signalingState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/signalingState).
    pub signaling_state: SignalingState,
}

impl UsePeerConnection {
    /// The connection's handle.
    ///
    /// # Errors
    /// The error [`PeerConnection::new`] gave (an invalid configuration).
    pub fn connection(&self) -> Result<PeerConnection> {
        (*self.connection).clone()
    }
}

/// Creates a peer connection for the calling component, once, from the
/// configuration of its first render.
///
/// Its four states follow the browser's state-change events. When the
/// component is destroyed, the connection is closed and the listeners are
/// removed. An invalid configuration leaves the error in
/// [`UsePeerConnection::connection`] and the states at `New`/`Closed`.
#[hook]
pub fn use_peer_connection(configuration: &Configuration) -> UsePeerConnection {
    let connection = use_memo((), |()| PeerConnection::new(configuration));
    let pc = connection.as_ref().as_ref().ok();
    let state = use_state_eq(|| pc.map_or(PeerConnectionState::Closed, |pc| pc.connection_state()));
    let ice =
        use_state_eq(|| pc.map_or(IceConnectionState::Closed, |pc| pc.ice_connection_state()));
    let gathering =
        use_state_eq(|| pc.map_or(IceGatheringState::New, |pc| pc.ice_gathering_state()));
    let signaling = use_state_eq(|| pc.map_or(SignalingState::Closed, |pc| pc.signaling_state()));
    {
        let connection = connection.clone();
        let (state, ice, gathering, signaling) = (
            state.setter(),
            ice.setter(),
            gathering.setter(),
            signaling.setter(),
        );
        use_effect_with((), move |()| {
            let mut tasks = Tasks::default();
            let pc = (*connection).clone().ok();
            if let Some(pc) = &pc {
                follow(&mut tasks, pc.connection_state_changes(), state);
                follow(&mut tasks, pc.ice_connection_state_changes(), ice);
                follow(&mut tasks, pc.ice_gathering_state_changes(), gathering);
                follow(&mut tasks, pc.signaling_state_changes(), signaling);
            }
            move || {
                drop(tasks);
                if let Some(pc) = pc {
                    pc.close();
                }
            }
        });
    }
    UsePeerConnection {
        connection,
        connection_state: (*state).clone(),
        ice_connection_state: (*ice).clone(),
        ice_gathering_state: (*gathering).clone(),
        signaling_state: (*signaling).clone(),
    }
}

/// Sets `setter` to every value of `changes`.
fn follow<T: 'static>(
    tasks: &mut Tasks,
    changes: impl Stream<Item = T> + 'static,
    setter: UseStateSetter<T>,
) {
    tasks.spawn(changes.for_each(move |value| {
        setter.set(value);
        std::future::ready(())
    }));
}
