//! The states of a connection, its ICE agent and its signaling.

string_enum! {
    /// The aggregate state of a connection's transports.
    ///
    /// See [`RTCPeerConnection.connectionState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/connectionState).
    pub enum PeerConnectionState {
        /// `new`: no transport has started connecting.
        New = "new",
        /// `connecting`: ICE or DTLS is being established.
        Connecting = "connecting",
        /// `connected`: every transport is connected.
        Connected = "connected",
        /// `disconnected`: a transport lost connectivity; it may come back.
        Disconnected = "disconnected",
        /// `failed`: a transport failed; only an ICE restart can recover.
        Failed = "failed",
        /// `closed`: the connection was closed.
        Closed = "closed",
    }
}

string_enum! {
    /// The state of the ICE agent.
    ///
    /// See [`RTCPeerConnection.iceConnectionState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceConnectionState).
    pub enum IceConnectionState {
        /// `new`: gathering or waiting for remote candidates.
        New = "new",
        /// `checking`: checking candidate pairs.
        Checking = "checking",
        /// `connected`: a usable pair was found; checks may go on.
        Connected = "connected",
        /// `completed`: checks are done and a pair was found for every component.
        Completed = "completed",
        /// `disconnected`: connectivity was lost; it may come back.
        Disconnected = "disconnected",
        /// `failed`: no pair works.
        Failed = "failed",
        /// `closed`: the ICE agent was shut down.
        Closed = "closed",
    }
}

string_enum! {
    /// The state of ICE candidate gathering.
    ///
    /// See [`RTCPeerConnection.iceGatheringState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceGatheringState).
    pub enum IceGatheringState {
        /// `new`: nothing gathered yet.
        New = "new",
        /// `gathering`: gathering candidates.
        Gathering = "gathering",
        /// `complete`: gathering is done.
        Complete = "complete",
    }
}

string_enum! {
    /// Where the connection is in the offer/answer exchange.
    ///
    /// See [`RTCPeerConnection.signalingState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/signalingState).
    pub enum SignalingState {
        /// `stable`: no exchange in progress.
        Stable = "stable",
        /// `have-local-offer`: a local offer was applied.
        HaveLocalOffer = "have-local-offer",
        /// `have-remote-offer`: a remote offer was applied.
        HaveRemoteOffer = "have-remote-offer",
        /// `have-local-pranswer`: a local provisional answer was applied.
        HaveLocalPranswer = "have-local-pranswer",
        /// `have-remote-pranswer`: a remote provisional answer was applied.
        HaveRemotePranswer = "have-remote-pranswer",
        /// `closed`: the connection was closed.
        Closed = "closed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::SctpTransportState;

    fn spec_strings<T>(known: &[T], as_str: impl Fn(&T) -> &str) -> Vec<String> {
        known.iter().map(|v| as_str(v).to_owned()).collect()
    }

    #[test]
    fn state_enums_use_the_spec_strings() {
        assert_eq!(
            spec_strings(PeerConnectionState::KNOWN, PeerConnectionState::as_str),
            [
                "new",
                "connecting",
                "connected",
                "disconnected",
                "failed",
                "closed"
            ]
        );
        assert_eq!(
            spec_strings(IceConnectionState::KNOWN, IceConnectionState::as_str),
            [
                "new",
                "checking",
                "connected",
                "completed",
                "disconnected",
                "failed",
                "closed"
            ]
        );
        assert_eq!(
            spec_strings(IceGatheringState::KNOWN, IceGatheringState::as_str),
            ["new", "gathering", "complete"]
        );
        assert_eq!(
            spec_strings(SignalingState::KNOWN, SignalingState::as_str),
            [
                "stable",
                "have-local-offer",
                "have-remote-offer",
                "have-local-pranswer",
                "have-remote-pranswer",
                "closed"
            ]
        );
        assert_eq!(
            spec_strings(SctpTransportState::KNOWN, SctpTransportState::as_str),
            ["connecting", "connected", "closed"]
        );
    }

    #[test]
    fn state_enums_round_trip_through_strings_and_serde() {
        for state in SignalingState::KNOWN {
            assert_eq!(&SignalingState::from(state.as_str()), state);
            assert_eq!(state.to_string(), state.as_str());
            let json = serde_json::to_string(state).unwrap();
            assert_eq!(json, format!("\"{}\"", state.as_str()));
            assert_eq!(
                &serde_json::from_str::<SignalingState>(&json).unwrap(),
                state
            );
        }
        for state in PeerConnectionState::KNOWN {
            assert_eq!(
                &state.as_str().parse::<PeerConnectionState>().unwrap(),
                state
            );
        }
        let future = IceConnectionState::from("some-future-state");
        assert_eq!(
            future,
            IceConnectionState::Unknown("some-future-state".into())
        );
        assert_eq!(future.as_str(), "some-future-state");
        assert_eq!(
            serde_json::to_string(&future).unwrap(),
            "\"some-future-state\""
        );
    }
}
