//! [`StatsReport`]: a whole typed report, its lookups and the selected
//! candidate pair.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize, Serializer};
use wasm_bindgen::JsValue;

use super::*;
use crate::session::{CandidateProtocol, CandidateType};

/// A typed `RTCStatsReport`: the stats objects in the browser's order, with
/// lookups by id and type.
///
/// A report read from the browser keeps its JSON text and decodes each
/// object on first access: asking for the selected candidate pair or the
/// `inbound-rtp` objects decodes those and leaves the rest as text. Lookups
/// by id and by type use an index made when the report is read.
///
/// Serializes to a JSON array of the objects (the shape of
/// `Array.from(report.values())`); deserializes from that or from an object
/// keyed by id.
///
/// See [`RTCStatsReport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCStatsReport).
#[derive(Clone, Default)]
pub struct StatsReport {
    /// The report's text (one line per object, see `json`), shared by
    /// clones; `None` for a report made from decoded objects.
    json: Option<Arc<[u8]>>,
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
}

/// One object of a report: what the index knows, and the object once
/// decoded.
#[derive(Clone)]
struct Entry {
    id: String,
    type_name: String,
    timestamp: f64,
    /// Where its text is in the report's JSON.
    span: Range<usize>,
    stats: OnceLock<Stats>,
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
    ($( $(#[$doc:meta])* $method:ident -> $ty:ty = $variant:ident, $type_name:expr; )*) => {
        $(
            $(#[$doc])*
            pub fn $method(&self) -> impl Iterator<Item = &$ty> {
                self.of_type($type_name).filter_map(|s| match s {
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
        let entries = stats
            .into_iter()
            .map(|s| Entry {
                id: s.id().to_owned(),
                type_name: s.type_name().to_owned(),
                timestamp: s.timestamp(),
                span: 0..0,
                stats: OnceLock::from(s),
            })
            .collect();
        StatsReport {
            json: None,
            entries,
            by_id,
        }
    }

    /// Decodes a browser `RTCStatsReport` (any iterable of stats objects or
    /// `[id, stats]` entries).
    ///
    /// # Errors
    /// [`Error::Decode`](crate::Error::Decode) when `report` is not an
    /// iterable object, when reading it throws, when `JSON.stringify` cannot
    /// write one of its objects (a `BigInt` member, a cycle, nesting too
    /// deep for the browser), or when its JSON text is over
    /// [`MAX_REPORT_JSON`] code units. An object nested deeper than 128
    /// levels is not an error: it is kept as [`Stats::Other`] holding its
    /// JSON text (member `json`) and the parse error (member `error`).
    pub fn from_js(report: &JsValue) -> Result<Self> {
        // One call into JavaScript for the whole report, not one per member.
        Self::from_json(json::report_json(report)?)
    }

    /// A report of the lines `json::report_json` gives, indexed, its
    /// objects decoded on first access.
    fn from_json(json: Vec<u8>) -> Result<Self> {
        let heads = json::index(&json)?;
        let mut by_id = HashMap::with_capacity(heads.len());
        let mut entries = Vec::with_capacity(heads.len());
        for (i, head) in heads.into_iter().enumerate() {
            // As for decoded objects, a repeated id finds the last.
            by_id.insert(head.id.clone(), i);
            entries.push(Entry {
                id: head.id,
                type_name: head.type_name,
                timestamp: head.timestamp,
                span: head.span,
                stats: OnceLock::new(),
            });
        }
        Ok(StatsReport {
            json: Some(json.into()),
            entries,
            by_id,
        })
    }

    /// The entry's object, decoded on first access.
    fn decoded<'a>(&'a self, entry: &'a Entry) -> &'a Stats {
        entry.stats.get_or_init(|| {
            let text = self
                .json
                .as_deref()
                .and_then(|json| json.get(entry.span.clone()))
                .unwrap_or_default();
            json::object(text).map_or_else(
                // Text from `JSON.stringify` parses, unless it nests deeper
                // than serde_json reads (128 levels): such an object is kept
                // whole, as its text, with what the index knows.
                |error| {
                    let mut members = Members::new();
                    members.insert(
                        "json".into(),
                        StatsValue::String(String::from_utf8_lossy(text).into_owned()),
                    );
                    members.insert("error".into(), StatsValue::String(error.to_string()));
                    Stats::Other(OtherStats {
                        type_name: entry.type_name.clone(),
                        id: entry.id.clone(),
                        timestamp: entry.timestamp,
                        members,
                    })
                },
                Stats::from_pairs,
            )
        })
    }

    /// Every stats object, in the browser's order.
    pub fn iter(&self) -> StatsIter<'_> {
        StatsIter {
            report: self,
            entries: self.entries.iter(),
        }
    }

    /// How many stats objects there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the report is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The object with this id.
    pub fn get(&self, id: &str) -> Option<&Stats> {
        self.by_id.get(id).map(|&i| self.decoded(&self.entries[i]))
    }

    /// The objects with this `type` string (only those are decoded).
    pub fn of_type<'a>(&'a self, type_name: &'a str) -> impl Iterator<Item = &'a Stats> {
        self.entries
            .iter()
            .filter(move |e| e.type_name == type_name)
            .map(|e| self.decoded(e))
    }

    /// The latest timestamp in the report (0 when empty).
    pub fn timestamp(&self) -> f64 {
        self.entries.iter().map(|e| e.timestamp).fold(0.0, f64::max)
    }

    typed_lookup! {
        /// The `codec` objects.
        codecs -> CodecStats = Codec, CodecStats::TYPE;
        /// The `inbound-rtp` objects.
        inbound_rtp -> InboundRtpStats = InboundRtp, InboundRtpStats::TYPE;
        /// The `outbound-rtp` objects.
        outbound_rtp -> OutboundRtpStats = OutboundRtp, OutboundRtpStats::TYPE;
        /// The `remote-inbound-rtp` objects.
        remote_inbound_rtp -> RemoteInboundRtpStats = RemoteInboundRtp, RemoteInboundRtpStats::TYPE;
        /// The `remote-outbound-rtp` objects.
        remote_outbound_rtp -> RemoteOutboundRtpStats = RemoteOutboundRtp, RemoteOutboundRtpStats::TYPE;
        /// The audio `media-source` objects.
        audio_sources -> AudioSourceStats = AudioSource, "media-source";
        /// The video `media-source` objects.
        video_sources -> VideoSourceStats = VideoSource, "media-source";
        /// The `media-playout` objects.
        media_playouts -> MediaPlayoutStats = MediaPlayout, MediaPlayoutStats::TYPE;
        /// The `data-channel` objects.
        data_channels -> DataChannelStats = DataChannel, DataChannelStats::TYPE;
        /// The `transport` objects.
        transports -> TransportStats = Transport, TransportStats::TYPE;
        /// The `candidate-pair` objects.
        candidate_pairs -> CandidatePairStats = CandidatePair, CandidatePairStats::TYPE;
        /// The `local-candidate` objects.
        local_candidates -> IceCandidateStats = LocalCandidate, "local-candidate";
        /// The `remote-candidate` objects.
        remote_candidates -> IceCandidateStats = RemoteCandidate, "remote-candidate";
        /// The `certificate` objects.
        certificates -> CertificateStats = Certificate, CertificateStats::TYPE;
    }

    /// The objects of other types.
    pub fn others(&self) -> impl Iterator<Item = &OtherStats> {
        self.iter().filter_map(|s| match s {
            Stats::Other(s) => Some(s),
            _ => None,
        })
    }

    /// The `peer-connection` object.
    pub fn peer_connection(&self) -> Option<&PeerConnectionStats> {
        self.of_type(PeerConnectionStats::TYPE)
            .find_map(|s| match s {
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
        serializer.collect_seq(self.iter())
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

impl PartialEq for StatsReport {
    /// Reports are equal when they hold equal objects in the same order.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for StatsReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatsReport")
            .field("stats", &self.iter().collect::<Vec<_>>())
            .finish()
    }
}

/// The objects of a [`StatsReport`] in the browser's order, each decoded
/// as it is reached.
#[derive(Clone)]
pub struct StatsIter<'a> {
    report: &'a StatsReport,
    entries: std::slice::Iter<'a, Entry>,
}

impl std::fmt::Debug for StatsIter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatsIter")
            .field("remaining", &self.entries.len())
            .finish()
    }
}

impl<'a> Iterator for StatsIter<'a> {
    type Item = &'a Stats;

    fn next(&mut self) -> Option<&'a Stats> {
        let entry = self.entries.next()?;
        Some(self.report.decoded(entry))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for StatsIter<'_> {}

impl<'a> DoubleEndedIterator for StatsIter<'a> {
    fn next_back(&mut self) -> Option<&'a Stats> {
        let entry = self.entries.next_back()?;
        Some(self.report.decoded(entry))
    }
}

impl<'a> IntoIterator for &'a StatsReport {
    type Item = &'a Stats;
    type IntoIter = StatsIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines `json::report_json` gives for these objects.
    fn lines(objects: &[serde_json::Value]) -> Vec<u8> {
        let mut text = String::new();
        for object in objects {
            let head = serde_json::json!([object["type"], object["id"], object["timestamp"]]);
            text += &format!("{head}\t{object}\n");
        }
        text.into_bytes()
    }

    fn decoded(report: &StatsReport) -> usize {
        report
            .entries
            .iter()
            .filter(|e| e.stats.get().is_some())
            .count()
    }

    #[test]
    fn a_report_decodes_only_the_objects_asked_for() {
        for text in [
            include_str!("../../tests/fixtures/stats-chromium.json"),
            include_str!("../../tests/fixtures/stats-firefox.json"),
        ] {
            let fixture: serde_json::Value = serde_json::from_str(text).unwrap();
            let objects: Vec<serde_json::Value> = match &fixture["sender"] {
                serde_json::Value::Array(objects) => objects.clone(),
                serde_json::Value::Object(by_id) => by_id.values().cloned().collect(),
                other => panic!("a fixture's sender is a list or a map: {other}"),
            };
            let eager: Vec<Stats> = serde_json::from_value(objects.clone().into()).unwrap();
            let report = StatsReport::from_json(lines(&objects)).unwrap();
            assert!(report.len() > 10, "{}", report.len());
            assert_eq!(decoded(&report), 0);
            // The index answers without decoding.
            let latest = eager.iter().map(Stats::timestamp).fold(0.0, f64::max);
            assert_eq!(report.timestamp(), latest);
            assert_eq!(report.of_type("no-such-type").count(), 0);
            assert_eq!(decoded(&report), 0);

            let selected = report.selected_candidate_pair().expect("a selected pair");
            assert!(selected.pair.bytes_sent.unwrap() > 0);
            let after_pair = decoded(&report);
            // The transports, the pair and its two candidates (Firefox may
            // name the pair by a flag on it, found among the pairs).
            let transports = report
                .entries
                .iter()
                .filter(|e| e.type_name == "transport")
                .count();
            let pairs = report
                .entries
                .iter()
                .filter(|e| e.type_name == "candidate-pair")
                .count();
            assert!(
                (3..=3 + transports + pairs).contains(&after_pair),
                "{after_pair} decoded"
            );
            assert!(
                after_pair * 2 < report.len(),
                "{after_pair} of {}",
                report.len()
            );

            assert!(report.outbound_rtp().count() > 0);
            // Every object decodes as the eager decode does, in order.
            assert_eq!(report.iter().cloned().collect::<Vec<_>>(), eager);
            assert_eq!(decoded(&report), report.len());
            assert_eq!(report, StatsReport::new(eager.clone()));
            for stats in &eager {
                assert_eq!(report.get(stats.id()), Some(stats));
            }
            // Serde output is the objects, as before.
            assert_eq!(
                serde_json::to_value(&report).unwrap(),
                serde_json::to_value(&eager).unwrap()
            );
        }
    }

    #[test]
    fn an_object_with_odd_members_is_indexed_as_it_decodes() {
        let objects = serde_json::json!([
            {"id": 7, "type": "codec", "timestamp": "soon"},
            {"id": "b", "type": ["x"], "timestamp": 5},
            {"type": "inbound-rtp", "id": "c\t\n", "kind": "video", "timestamp": 3}
        ]);
        let objects = objects.as_array().unwrap();
        let report = StatsReport::from_json(lines(objects)).unwrap();
        let eager: Vec<Stats> = serde_json::from_value(objects.clone().into()).unwrap();
        assert_eq!(report.timestamp(), 5.0);
        assert_eq!(report.codecs().count(), 1);
        assert_eq!(report.inbound_rtp().count(), 1);
        assert_eq!(
            report.get("c\t\n").map(Stats::type_name),
            Some("inbound-rtp")
        );
        assert_eq!(report.get("b").map(Stats::type_name), Some(""));
        assert_eq!(report.get(""), eager.first());
        assert_eq!(report.iter().cloned().collect::<Vec<_>>(), eager);
    }

    #[test]
    fn an_object_too_deep_to_parse_is_kept_as_its_text() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let text = format!("[\"codec\",\"x\",4]\t{{\"id\":\"x\",\"deep\":{deep}}}\n");
        let report = StatsReport::from_json(text.into_bytes()).unwrap();
        let Some(Stats::Other(other)) = report.get("x") else {
            panic!("kept as another type: {report:?}");
        };
        assert_eq!((other.type_name.as_str(), other.timestamp), ("codec", 4.0));
        let kept = &other.members["json"];
        assert!(
            matches!(kept, StatsValue::String(json) if json.contains(&deep)),
            "{kept:?}"
        );
    }

    #[test]
    fn malformed_lines_are_a_decode_error() {
        let malformed: [&[u8]; 4] = [
            b"{}\n",
            b"[\"codec\",\"x\"\t{}\n",
            b"[\"codec\"\t{}\n",
            b"not json\t{}\n",
        ];
        for text in malformed {
            assert!(
                matches!(
                    StatsReport::from_json(text.to_vec()),
                    Err(crate::Error::Decode(_))
                ),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
        assert!(StatsReport::from_json(Vec::new()).unwrap().is_empty());
    }
}
