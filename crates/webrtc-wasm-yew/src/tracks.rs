//! `use_remote_tracks`: the tracks the remote peer sends.

use webrtc_wasm::TrackEvent;
use yew::prelude::*;

use crate::connection::UsePeerConnection;
use webrtc_wasm_hooks::Tasks;

/// Every remote track of the hook's connection, in arrival order, as its
/// [`track`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/track_event)
/// event (the track, its receiver, transceiver and streams). Each new
/// track renders the component again; the listener goes when the
/// component is destroyed.
#[hook]
pub fn use_remote_tracks(connection: &UsePeerConnection) -> Vec<TrackEvent> {
    let tracks = use_reducer(RemoteTracks::default);
    {
        let connection = connection.connection().ok();
        let add = tracks.dispatcher();
        use_effect_with((), move |()| {
            let mut tasks = Tasks::default();
            if let Some(connection) = connection {
                tasks.spawn(futures::StreamExt::for_each(
                    connection.tracks(),
                    move |event| {
                        add.dispatch(event);
                        std::future::ready(())
                    },
                ));
            }
            move || drop(tasks)
        });
    }
    tracks.0.clone()
}

/// The reducer's state: the track events so far.
#[derive(Default)]
struct RemoteTracks(Vec<TrackEvent>);

impl Reducible for RemoteTracks {
    type Action = TrackEvent;

    fn reduce(self: std::rc::Rc<Self>, event: TrackEvent) -> std::rc::Rc<Self> {
        let mut tracks = self.0.clone();
        tracks.push(event);
        std::rc::Rc::new(RemoteTracks(tracks))
    }
}
