//! `use_remote_tracks`: the tracks the remote peer sends.

use futures::StreamExt;
use leptos::prelude::*;
use webrtc_wasm::TrackEvent;

use crate::connection::UsePeerConnection;
use crate::task::spawn;

/// Every remote track of the hook's connection, in arrival order, as its
/// [`track`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/track_event)
/// event (the track, its receiver, transceiver and streams). The events
/// hold browser handles, so the signal is a local one; the listener goes
/// when the component's owner is cleaned up.
pub fn use_remote_tracks(
    connection: &UsePeerConnection,
) -> ReadSignal<Vec<TrackEvent>, LocalStorage> {
    let (tracks, set_tracks) = signal_local(Vec::<TrackEvent>::new());
    if let Some(connection) = connection.connection() {
        let events = connection.tracks();
        drop(connection);
        spawn(events.for_each(move |event| {
            set_tracks.update(|tracks| tracks.push(event));
            std::future::ready(())
        }));
    }
    tracks
}
