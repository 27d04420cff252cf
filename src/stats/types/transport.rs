//! The transport stats: transports, candidate pairs, candidates and
//! certificates.

use super::*;

stats_type! {
    /// A transport (ICE + DTLS).
    ///
    /// See [`RTCTransportStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCTransportStats).
    pub struct TransportStats = "transport" {
        /// Packets sent.
        packets_sent: u64 = "packetsSent",
        /// Packets received.
        packets_received: u64 = "packetsReceived",
        /// Bytes sent.
        bytes_sent: u64 = "bytesSent",
        /// Bytes received.
        bytes_received: u64 = "bytesReceived",
        /// The ICE role.
        ice_role: IceRole = "iceRole",
        /// The local ICE username fragment.
        ice_local_username_fragment: String = "iceLocalUsernameFragment",
        /// The DTLS state.
        dtls_state: DtlsTransportState = "dtlsState",
        /// The ICE state.
        ice_state: IceConnectionState = "iceState",
        /// The selected candidate pair's stats id.
        selected_candidate_pair_id: String = "selectedCandidatePairId",
        /// The local certificate's stats id.
        local_certificate_id: String = "localCertificateId",
        /// The remote certificate's stats id.
        remote_certificate_id: String = "remoteCertificateId",
        /// The TLS version.
        tls_version: String = "tlsVersion",
        /// The DTLS cipher suite.
        dtls_cipher: String = "dtlsCipher",
        /// `client` or `server`.
        dtls_role: String = "dtlsRole",
        /// The SRTP protection profile.
        srtp_cipher: String = "srtpCipher",
        /// How often the selected pair changed.
        selected_candidate_pair_changes: u32 = "selectedCandidatePairChanges",
    }
}

stats_type! {
    /// A local/remote candidate pair.
    ///
    /// See [`RTCIceCandidatePairStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidatePairStats).
    pub struct CandidatePairStats = "candidate-pair" {
        /// The transport's stats id.
        transport_id: String = "transportId",
        /// The local candidate's stats id.
        local_candidate_id: String = "localCandidateId",
        /// The remote candidate's stats id.
        remote_candidate_id: String = "remoteCandidateId",
        /// The check state.
        state: CandidatePairState = "state",
        /// Whether the pair was nominated.
        nominated: bool = "nominated",
        /// Whether this is the selected pair (Firefox; not in the spec).
        selected: bool = "selected",
        /// Packets sent.
        packets_sent: u64 = "packetsSent",
        /// Packets received.
        packets_received: u64 = "packetsReceived",
        /// Bytes sent.
        bytes_sent: u64 = "bytesSent",
        /// Bytes received.
        bytes_received: u64 = "bytesReceived",
        /// When the last packet was sent.
        last_packet_sent_timestamp: f64 = "lastPacketSentTimestamp",
        /// When the last packet was received.
        last_packet_received_timestamp: f64 = "lastPacketReceivedTimestamp",
        /// Sum of STUN round-trip times, seconds.
        total_round_trip_time: f64 = "totalRoundTripTime",
        /// The last STUN round-trip time, seconds.
        current_round_trip_time: f64 = "currentRoundTripTime",
        /// The estimated outgoing bitrate, bits per second.
        available_outgoing_bitrate: f64 = "availableOutgoingBitrate",
        /// The estimated incoming bitrate, bits per second.
        available_incoming_bitrate: f64 = "availableIncomingBitrate",
        /// STUN requests received.
        requests_received: u64 = "requestsReceived",
        /// STUN requests sent.
        requests_sent: u64 = "requestsSent",
        /// STUN responses received.
        responses_received: u64 = "responsesReceived",
        /// STUN responses sent.
        responses_sent: u64 = "responsesSent",
        /// Consent-freshness requests sent.
        consent_requests_sent: u64 = "consentRequestsSent",
        /// Packets discarded on send (socket errors).
        packets_discarded_on_send: u64 = "packetsDiscardedOnSend",
        /// Bytes discarded on send.
        bytes_discarded_on_send: u64 = "bytesDiscardedOnSend",
    }
}

stats_type! {
    /// A local or remote ICE candidate.
    ///
    /// See [`RTCIceCandidateStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidateStats).
    /// Serialized on its own it says `local-candidate`; inside a
    /// [`Stats`](crate::stats::Stats) it keeps the type it was reported with.
    pub struct IceCandidateStats = "local-candidate" {
        /// The transport's stats id.
        transport_id: String = "transportId",
        /// The address (an IP or an mDNS name).
        address: String = "address",
        /// The port.
        port: u16 = "port",
        /// `udp` or `tcp`.
        protocol: CandidateProtocol = "protocol",
        /// `host`, `srflx`, `prflx` or `relay`.
        candidate_type: CandidateType = "candidateType",
        /// The candidate's priority.
        priority: u32 = "priority",
        /// The STUN or TURN server URL it came from.
        url: String = "url",
        /// The protocol to the TURN server, for relay candidates.
        relay_protocol: String = "relayProtocol",
        /// The foundation.
        foundation: String = "foundation",
        /// The related address.
        related_address: String = "relatedAddress",
        /// The related port.
        related_port: u16 = "relatedPort",
        /// The ICE username fragment.
        username_fragment: String = "usernameFragment",
        /// The TCP type.
        tcp_type: String = "tcpType",
    }
}

stats_type! {
    /// A DTLS certificate.
    ///
    /// See [`RTCCertificateStats`](https://developer.mozilla.org/en-US/docs/Web/API/RTCCertificateStats).
    pub struct CertificateStats = "certificate" {
        /// The fingerprint.
        fingerprint: String = "fingerprint",
        /// The fingerprint's hash function.
        fingerprint_algorithm: String = "fingerprintAlgorithm",
        /// The DER certificate in base64.
        base64_certificate: String = "base64Certificate",
        /// The issuer's stats id.
        issuer_certificate_id: String = "issuerCertificateId",
    }
}

/// A stats object of a type this crate does not model: the obsolete types
/// (`track`, `stream`, `sender`, `receiver`, `csrc`, `ice-server`,
/// `transceiver`) and any a browser adds. Every member is kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OtherStats {
    /// The `type` string.
    pub type_name: String,
    /// The object's id.
    pub id: String,
    /// When it was measured.
    pub timestamp: f64,
    /// Every other member.
    pub members: Members,
}

impl OtherStats {
    /// Decodes from the members of a stats object.
    pub fn from_members(members: Members) -> Self {
        let mut stats = Self::default();
        stats.take_all(members);
        stats
    }
}

impl TakeMembers for OtherStats {
    /// Takes `type`, `id` and `timestamp`; every other member is kept.
    fn set(&mut self, key: &str, value: StatsValue) -> Result<(), StatsValue> {
        match key {
            "type" => self.type_name = typed(value)?,
            "id" => self.id = typed(value)?,
            "timestamp" => self.timestamp = typed(value)?,
            _ => return Err(value),
        }
        Ok(())
    }

    fn keep(&mut self, key: String, value: StatsValue) {
        self.members.insert(key, value);
    }
}

impl Serialize for OtherStats {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in [("id", &self.id), ("type", &self.type_name)] {
            if !self.members.contains_key(key) {
                map.serialize_entry(key, value)?;
            }
        }
        if !self.members.contains_key("timestamp") {
            map.serialize_entry("timestamp", &self.timestamp)?;
        }
        for (key, value) in &self.members {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
