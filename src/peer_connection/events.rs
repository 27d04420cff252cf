//! The events of a connection: their payload types and the callback and
//! stream forms of each.

use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

use super::{
    IceConnectionState, IceGatheringState, PeerConnection, PeerConnectionState, SignalingState,
    connection_state,
};
use crate::data_channel::DataChannel;
use crate::event::Registry;
use crate::media::{RtpReceiver, RtpTransceiver};
use crate::session::IceCandidate;
use crate::sys;

/// A failure to gather a candidate from a STUN or TURN server.
///
/// See [`RTCPeerConnectionIceErrorEvent`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IceCandidateError {
    /// The local [address](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent/address)
    /// used to reach the server; `None` when it is not exposed.
    pub address: Option<String>,
    /// The local [port](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent/port).
    pub port: Option<u16>,
    /// The server's [URL](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent/url).
    pub url: String,
    /// The STUN [error code](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent/errorCode)
    /// (e.g. 401 for wrong TURN credentials), or 701 when the server could not
    /// be reached.
    pub error_code: u16,
    /// The STUN reason phrase ([`errorText`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent/errorText)).
    pub error_text: String,
}

impl IceCandidateError {
    fn from_event(event: &Event) -> Self {
        let event: &sys::IceCandidateErrorEvent = event.unchecked_ref();
        IceCandidateError {
            address: event.address(),
            port: event.port(),
            url: event.url().unwrap_or_default(),
            error_code: event.error_code().unwrap_or_default(),
            error_text: event.error_text().unwrap_or_default(),
        }
    }
}

/// A remote track arrived.
///
/// See [`RTCTrackEvent`](https://developer.mozilla.org/en-US/docs/Web/API/RTCTrackEvent).
#[derive(Debug, Clone)]
pub struct TrackEvent {
    /// The [receiver](https://developer.mozilla.org/en-US/docs/Web/API/RTCTrackEvent/receiver)
    /// of the track.
    pub receiver: RtpReceiver,
    /// The [track](https://developer.mozilla.org/en-US/docs/Web/API/RTCTrackEvent/track).
    pub track: web_sys::MediaStreamTrack,
    /// The [streams](https://developer.mozilla.org/en-US/docs/Web/API/RTCTrackEvent/streams)
    /// the remote side put the track in.
    pub streams: Vec<web_sys::MediaStream>,
    /// The [transceiver](https://developer.mozilla.org/en-US/docs/Web/API/RTCTrackEvent/transceiver).
    pub transceiver: RtpTransceiver,
}

impl TrackEvent {
    fn from_event(event: &Event) -> Self {
        let event: &web_sys::RtcTrackEvent = event.unchecked_ref();
        TrackEvent {
            receiver: RtpReceiver::from(event.receiver()),
            track: event.track(),
            streams: event.streams().iter().map(JsCast::unchecked_into).collect(),
            transceiver: RtpTransceiver::from(event.transceiver()),
        }
    }
}

fn candidate_of(event: &Event) -> Option<IceCandidate> {
    let event: &sys::IceCandidateEvent = event.unchecked_ref();
    event.candidate().map(|c| IceCandidate::from_sys(&c))
}

fn data_channel_of(event: &Event) -> DataChannel {
    let connection = event.target().map(JsCast::unchecked_into);
    let event: &web_sys::RtcDataChannelEvent = event.unchecked_ref();
    DataChannel::from_raw(event.channel(), connection)
}

impl PeerConnection {
    fn event_registry(&self) -> &Registry {
        &self.inner.listeners
    }

    fn event_target(&self) -> &EventTarget {
        self.target()
    }

    event_methods! {
            /// The new connection state, on each
            /// [`connectionstatechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/connectionstatechange_event).
            "connectionstatechange" => on_connection_state_change, connection_state_changes, PeerConnectionState, |pc| pc.state_reader(connection_state);

            /// The new ICE connection state, on each
            /// [`iceconnectionstatechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceconnectionstatechange_event).
            "iceconnectionstatechange" => on_ice_connection_state_change, ice_connection_state_changes, IceConnectionState, |pc| pc.state_reader(|raw| IceConnectionState::from(raw.ice_connection_state().as_str()));

            /// The new gathering state, on each
            /// [`icegatheringstatechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/icegatheringstatechange_event).
            "icegatheringstatechange" => on_ice_gathering_state_change, ice_gathering_state_changes, IceGatheringState, |pc| pc.state_reader(|raw| IceGatheringState::from(raw.ice_gathering_state().as_str()));

            /// The new signaling state, on each
            /// [`signalingstatechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/signalingstatechange_event).
            "signalingstatechange" => on_signaling_state_change, signaling_state_changes, SignalingState, |pc| pc.state_reader(|raw| SignalingState::from(raw.signaling_state().as_str()));

            /// Each local candidate to send to the remote peer, on
            /// [`icecandidate`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/icecandidate_event);
            /// `None` once gathering is complete (send it too: it is the
            /// end-of-candidates signal).
            "icecandidate" => on_ice_candidate, ice_candidates, Option<IceCandidate>, |_pc| candidate_of;

            /// Each failure to gather from a STUN or TURN server, on
            /// [`icecandidateerror`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/icecandidateerror_event).
            "icecandidateerror" => on_ice_candidate_error, ice_candidate_errors, IceCandidateError, |_pc| IceCandidateError::from_event;

            /// Each [`negotiationneeded`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/negotiationneeded_event):
            /// a change needs a new offer/answer exchange.
            "negotiationneeded" => on_negotiation_needed, negotiation_needed, (), |_pc| |_: &Event| ();

            /// Each data channel the remote peer opened, on
            /// [`datachannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/datachannel_event).
            /// Every listener and stream gets a handle of the same channel (one
            /// message queue, one set of watermarks); dropping the last handle
            /// closes the channel, so keep one to use it. A stream holds at most
            /// [`DEFAULT_EVENT_QUEUE_LIMIT`](crate::DEFAULT_EVENT_QUEUE_LIMIT)
            /// unread channels; past that, the channel that does not fit is
            /// closed and the stream ends with
            /// [`Error::ReceiveBufferFull`](crate::Error::ReceiveBufferFull) in
            /// [`EventStream::error`](crate::EventStream::error).
            "datachannel" => on_data_channel, data_channels, DataChannel, |_pc| data_channel_of;

            /// Each remote track, on
            /// [`track`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/track_event).
            "track" => on_track, tracks, TrackEvent, |_pc| TrackEvent::from_event;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ice_candidate_errors_serialize_in_camel_case() {
        let error = IceCandidateError {
            address: Some("127.0.0.1".into()),
            port: Some(50000),
            url: "turn:127.0.0.1:3478?transport=udp".into(),
            error_code: 401,
            error_text: "Unauthorized".into(),
        };
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({
                "address": "127.0.0.1",
                "port": 50000,
                "url": "turn:127.0.0.1:3478?transport=udp",
                "errorCode": 401,
                "errorText": "Unauthorized"
            })
        );
    }
}
