//! [`StatsReport`]: a whole typed report, its lookups and the selected
//! candidate pair.

use std::collections::HashMap;

use serde::{Deserialize, Serialize, Serializer};
use wasm_bindgen::JsValue;

use super::*;
use crate::session::{CandidateProtocol, CandidateType};

/// A typed `RTCStatsReport`: the stats objects in the browser's order, with
/// lookups by id and type.
///
/// Serializes to a JSON array of the objects (the shape of
/// `Array.from(report.values())`); deserializes from that or from an object
/// keyed by id.
///
/// See [`RTCStatsReport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCStatsReport).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatsReport {
    stats: Vec<Stats>,
    by_id: HashMap<String, usize>,
}

/// The selected candidate pair with its two candidates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SelectedCandidatePair<'a> {
    /// The pair.
    pub pair: &'a CandidatePairStats,
    /// Its local candidate.
    pub local: &'a IceCandidateStats,
    /// Its remote candidate.
    pub remote: &'a IceCandidateStats,
}

impl SelectedCandidatePair<'_> {
    /// The current round-trip time in seconds, if measured.
    pub fn round_trip_time(&self) -> Option<f64> {
        self.pair.current_round_trip_time
    }

    /// Whether either side is a TURN relay candidate.
    pub fn is_relayed(&self) -> bool {
        [self.local, self.remote]
            .iter()
            .any(|c| c.candidate_type == Some(CandidateType::Relay))
    }

    /// How the local side reaches its TURN server (`udp`, `tcp`, `tls`);
    /// `None` when it is not a relay candidate or the browser does not say.
    pub fn relay_protocol(&self) -> Option<&str> {
        (self.local.candidate_type == Some(CandidateType::Relay))
            .then_some(self.local.relay_protocol.as_deref())
            .flatten()
    }

    /// The transport protocol between the two candidates, if reported.
    pub fn protocol(&self) -> Option<&CandidateProtocol> {
        self.local.protocol.as_ref()
    }
}

macro_rules! typed_lookup {
    ($( $(#[$doc:meta])* $method:ident -> $ty:ty = $variant:ident; )*) => {
        $(
            $(#[$doc])*
            pub fn $method(&self) -> impl Iterator<Item = &$ty> {
                self.stats.iter().filter_map(|s| match s {
                    Stats::$variant(s) => Some(s),
                    _ => None,
                })
            }
        )*
    };
}

impl StatsReport {
    /// A report of these stats objects.
    pub fn new(stats: Vec<Stats>) -> Self {
        let by_id = stats
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id().to_owned(), i))
            .collect();
        StatsReport { stats, by_id }
    }

    /// Decodes a browser `RTCStatsReport` (any iterable of stats objects or
    /// `[id, stats]` entries).
    ///
    /// # Errors
    /// [`Error::Decode`](crate::Error::Decode) when `report` is not an
    /// iterable object, when reading it throws, when `JSON.stringify` cannot
    /// write one of its objects (a `BigInt` member, a cycle, nesting too
    /// deep for the browser), when its JSON text is over
    /// [`MAX_REPORT_JSON`] code units, or when an object nests deeper than
    /// 128 levels.
    pub fn from_js(report: &JsValue) -> Result<Self> {
        // One call into JavaScript for the whole report, not one per member.
        let json = json::report_json(report)?;
        let objects = json::objects(&json)?;
        Ok(Self::new(
            objects.into_iter().map(Stats::from_pairs).collect(),
        ))
    }

    /// Every stats object, in the browser's order.
    pub fn iter(&self) -> impl Iterator<Item = &Stats> {
        self.stats.iter()
    }

    /// How many stats objects there are.
    pub fn len(&self) -> usize {
        self.stats.len()
    }

    /// Whether the report is empty.
    pub fn is_empty(&self) -> bool {
        self.stats.is_empty()
    }

    /// The object with this id.
    pub fn get(&self, id: &str) -> Option<&Stats> {
        self.by_id.get(id).map(|&i| &self.stats[i])
    }

    /// The objects with this `type` string.
    pub fn of_type<'a>(&'a self, type_name: &'a str) -> impl Iterator<Item = &'a Stats> {
        self.stats
            .iter()
            .filter(move |s| s.type_name() == type_name)
    }

    /// The latest timestamp in the report (0 when empty).
    pub fn timestamp(&self) -> f64 {
        self.stats.iter().map(Stats::timestamp).fold(0.0, f64::max)
    }

    typed_lookup! {
        /// The `codec` objects.
        codecs -> CodecStats = Codec;
        /// The `inbound-rtp` objects.
        inbound_rtp -> InboundRtpStats = InboundRtp;
        /// The `outbound-rtp` objects.
        outbound_rtp -> OutboundRtpStats = OutboundRtp;
        /// The `remote-inbound-rtp` objects.
        remote_inbound_rtp -> RemoteInboundRtpStats = RemoteInboundRtp;
        /// The `remote-outbound-rtp` objects.
        remote_outbound_rtp -> RemoteOutboundRtpStats = RemoteOutboundRtp;
        /// The audio `media-source` objects.
        audio_sources -> AudioSourceStats = AudioSource;
        /// The video `media-source` objects.
        video_sources -> VideoSourceStats = VideoSource;
        /// The `media-playout` objects.
        media_playouts -> MediaPlayoutStats = MediaPlayout;
        /// The `data-channel` objects.
        data_channels -> DataChannelStats = DataChannel;
        /// The `transport` objects.
        transports -> TransportStats = Transport;
        /// The `candidate-pair` objects.
        candidate_pairs -> CandidatePairStats = CandidatePair;
        /// The `local-candidate` objects.
        local_candidates -> IceCandidateStats = LocalCandidate;
        /// The `remote-candidate` objects.
        remote_candidates -> IceCandidateStats = RemoteCandidate;
        /// The `certificate` objects.
        certificates -> CertificateStats = Certificate;
        /// The objects of other types.
        others -> OtherStats = Other;
    }

    /// The `peer-connection` object.
    pub fn peer_connection(&self) -> Option<&PeerConnectionStats> {
        self.stats.iter().find_map(|s| match s {
            Stats::PeerConnection(s) => Some(s),
            _ => None,
        })
    }

    /// The `inbound-rtp` objects of one kind.
    pub fn inbound_rtp_of(&self, kind: MediaKind) -> impl Iterator<Item = &InboundRtpStats> {
        self.inbound_rtp()
            .filter(move |s| s.kind.as_ref() == Some(&kind))
    }

    /// The `outbound-rtp` objects of one kind.
    pub fn outbound_rtp_of(&self, kind: MediaKind) -> impl Iterator<Item = &OutboundRtpStats> {
        self.outbound_rtp()
            .filter(move |s| s.kind.as_ref() == Some(&kind))
    }

    /// Follows a reference member (`transportId`, `codecId`,
    /// `localCandidateId`, ...).
    pub fn resolve(&self, id: Option<&String>) -> Option<&Stats> {
        self.get(id?)
    }

    /// The codec object a reference points at.
    pub fn codec(&self, codec_id: Option<&String>) -> Option<&CodecStats> {
        match self.resolve(codec_id)? {
            Stats::Codec(codec) => Some(codec),
            _ => None,
        }
    }

    /// The transport object a reference points at.
    pub fn transport(&self, transport_id: Option<&String>) -> Option<&TransportStats> {
        match self.resolve(transport_id)? {
            Stats::Transport(transport) => Some(transport),
            _ => None,
        }
    }

    /// The candidate (local or remote) a reference points at.
    pub fn candidate(&self, candidate_id: Option<&String>) -> Option<&IceCandidateStats> {
        match self.resolve(candidate_id)? {
            Stats::LocalCandidate(c) | Stats::RemoteCandidate(c) => Some(c),
            _ => None,
        }
    }

    /// The candidate pair in use, with its candidates: the transport's
    /// `selectedCandidatePairId` where reported (Chromium, current Firefox),
    /// else the pair Firefox flags `selected`, else a nominated pair that
    /// succeeded.
    pub fn selected_candidate_pair(&self) -> Option<SelectedCandidatePair<'_>> {
        let by_transport = self.transports().find_map(|t| {
            match self.resolve(t.selected_candidate_pair_id.as_ref())? {
                Stats::CandidatePair(pair) => Some(pair),
                _ => None,
            }
        });
        let pair = by_transport
            .or_else(|| self.candidate_pairs().find(|p| p.selected == Some(true)))
            .or_else(|| {
                // A connection that moved to another pair can have two
                // nominated pairs: the one in use carried the latest packet.
                self.candidate_pairs()
                    .filter(|p| {
                        p.nominated == Some(true) && p.state == Some(CandidatePairState::Succeeded)
                    })
                    .max_by(|a, b| last_activity(a).total_cmp(&last_activity(b)))
            })?;
        Some(SelectedCandidatePair {
            pair,
            local: self.candidate(pair.local_candidate_id.as_ref())?,
            remote: self.candidate(pair.remote_candidate_id.as_ref())?,
        })
    }
}

/// When a pair last sent or received a packet (`-inf` when it never did or
/// the browser does not say).
fn last_activity(pair: &CandidatePairStats) -> f64 {
    [
        pair.last_packet_received_timestamp,
        pair.last_packet_sent_timestamp,
    ]
    .into_iter()
    .flatten()
    .fold(f64::NEG_INFINITY, f64::max)
}

/// Decodes the raw report a `getStats()` future gives.
pub(crate) async fn decode_report(
    report: impl std::future::Future<Output = Result<web_sys::RtcStatsReport>>,
) -> Result<StatsReport> {
    StatsReport::from_js(report.await?.as_ref())
}

impl Serialize for StatsReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.stats.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for StatsReport {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            List(Vec<Stats>),
            ById(std::collections::BTreeMap<String, Stats>),
        }
        Ok(match Shape::deserialize(deserializer)? {
            Shape::List(stats) => StatsReport::new(stats),
            Shape::ById(stats) => StatsReport::new(stats.into_values().collect()),
        })
    }
}

impl<'a> IntoIterator for &'a StatsReport {
    type Item = &'a Stats;
    type IntoIter = std::slice::Iter<'a, Stats>;

    fn into_iter(self) -> Self::IntoIter {
        self.stats.iter()
    }
}
