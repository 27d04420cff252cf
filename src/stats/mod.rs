//! Typed `getStats()`: every stats type of the
//! [webrtc-stats](https://w3c.github.io/webrtc-stats/) spec, lookups, the
//! selected candidate pair, rates between two reports, and a periodic stats
//! stream.
//!
//! Nothing a browser reports is lost: members the crate does not model (or
//! whose type is not the spec's) stay in each object's `other`, and objects
//! of unmodelled types are [`Stats::Other`].
//!
//! See [`RTCStatsReport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCStatsReport).

mod json;
mod rates;
mod report;
mod types;
#[cfg(test)]
pub(crate) mod typescript;
mod value;

use std::borrow::Cow;

use serde::{Deserialize, Serialize, Serializer};
use wasm_bindgen::JsValue;

pub use json::MAX_REPORT_JSON;
pub use rates::StatsDelta;
pub(crate) use report::decode_report;
pub use report::{SelectedCandidatePair, StatsIter, StatsReport};
pub use types::*;
use value::TakeMembers;
pub use value::{FromStatsValue, MAX_DEPTH, MAX_VALUES, Members, StatsValue};

use crate::error::Result;
use crate::media::MediaKind;
use value::members_of;

/// One stats object, by type.
///
/// See [`RTCStatsType`](https://w3c.github.io/webrtc-stats/#rtcstatstype-str*).
// A report holds a few dozen objects: boxing the large variants would cost
// an allocation each for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Stats {
    /// `codec`.
    Codec(CodecStats),
    /// `inbound-rtp`.
    InboundRtp(InboundRtpStats),
    /// `outbound-rtp`.
    OutboundRtp(OutboundRtpStats),
    /// `remote-inbound-rtp`.
    RemoteInboundRtp(RemoteInboundRtpStats),
    /// `remote-outbound-rtp`.
    RemoteOutboundRtp(RemoteOutboundRtpStats),
    /// `media-source` of kind `audio`.
    AudioSource(AudioSourceStats),
    /// `media-source` of kind `video`.
    VideoSource(VideoSourceStats),
    /// `media-playout`.
    MediaPlayout(MediaPlayoutStats),
    /// `peer-connection`.
    PeerConnection(PeerConnectionStats),
    /// `data-channel`.
    DataChannel(DataChannelStats),
    /// `transport`.
    Transport(TransportStats),
    /// `candidate-pair`.
    CandidatePair(CandidatePairStats),
    /// `local-candidate`.
    LocalCandidate(IceCandidateStats),
    /// `remote-candidate`.
    RemoteCandidate(IceCandidateStats),
    /// `certificate`.
    Certificate(CertificateStats),
    /// Any other type, obsolete or new, with every member kept.
    Other(OtherStats),
}

macro_rules! each_variant {
    ($self:ident, $s:ident => $body:expr, $other:ident => $other_body:expr) => {
        match $self {
            Stats::Codec($s) => $body,
            Stats::InboundRtp($s) => $body,
            Stats::OutboundRtp($s) => $body,
            Stats::RemoteInboundRtp($s) => $body,
            Stats::RemoteOutboundRtp($s) => $body,
            Stats::AudioSource($s) => $body,
            Stats::VideoSource($s) => $body,
            Stats::MediaPlayout($s) => $body,
            Stats::PeerConnection($s) => $body,
            Stats::DataChannel($s) => $body,
            Stats::Transport($s) => $body,
            Stats::CandidatePair($s) => $body,
            Stats::LocalCandidate($s) => $body,
            Stats::RemoteCandidate($s) => $body,
            Stats::Certificate($s) => $body,
            Stats::Other($other) => $other_body,
        }
    };
}

impl Stats {
    /// Decodes one stats object from its members; never fails.
    pub fn from_members(members: Members) -> Self {
        let type_name = members.get("type").and_then(StatsValue::as_str);
        let kind = members.get("kind").and_then(StatsValue::as_str);
        let mut stats = Self::of_type(type_name.unwrap_or_default(), kind);
        stats.take_all(members);
        stats
    }

    /// Like [`Stats::from_members`], from `(key, value)` pairs with unique
    /// keys (a JSON object's members, keys borrowed where they can be).
    pub(crate) fn from_pairs(pairs: Vec<(Cow<'_, str>, StatsValue)>) -> Self {
        let member = |name: &str| {
            let (_, value) = pairs.iter().find(|(key, _)| key == name)?;
            value.as_str()
        };
        let mut stats = Self::of_type(member("type").unwrap_or_default(), member("kind"));
        stats.take_all(pairs);
        stats
    }

    /// An object with no members yet, of the variant for `type_name` (and
    /// `kind`, for `media-source`).
    fn of_type(type_name: &str, kind: Option<&str>) -> Self {
        match type_name {
            "codec" => Stats::Codec(Default::default()),
            "inbound-rtp" => Stats::InboundRtp(Default::default()),
            "outbound-rtp" => Stats::OutboundRtp(Default::default()),
            "remote-inbound-rtp" => Stats::RemoteInboundRtp(Default::default()),
            "remote-outbound-rtp" => Stats::RemoteOutboundRtp(Default::default()),
            "media-source" => match kind {
                Some("audio") => Stats::AudioSource(Default::default()),
                Some("video") => Stats::VideoSource(Default::default()),
                _ => Stats::Other(Default::default()),
            },
            "media-playout" => Stats::MediaPlayout(Default::default()),
            "peer-connection" => Stats::PeerConnection(Default::default()),
            "data-channel" => Stats::DataChannel(Default::default()),
            "transport" => Stats::Transport(Default::default()),
            "candidate-pair" => Stats::CandidatePair(Default::default()),
            "local-candidate" => Stats::LocalCandidate(Default::default()),
            "remote-candidate" => Stats::RemoteCandidate(Default::default()),
            "certificate" => Stats::Certificate(Default::default()),
            _ => Stats::Other(Default::default()),
        }
    }

    /// Decodes one stats object from JavaScript (anything that is not an
    /// object decodes as an empty [`Stats::Other`]).
    ///
    /// # Errors
    /// [`Error::Decode`](crate::Error::Decode) for an object that contains
    /// itself, nests deeper than [`MAX_DEPTH`] levels, holds more than
    /// [`MAX_VALUES`] values, or throws while it is read.
    pub fn from_js(value: &JsValue) -> Result<Self> {
        Ok(Self::from_members(members_of(value)?))
    }

    /// The object's id.
    pub fn id(&self) -> &str {
        each_variant!(self, s => &s.id, o => &o.id)
    }

    /// When it was measured, in milliseconds since the epoch.
    pub fn timestamp(&self) -> f64 {
        each_variant!(self, s => s.timestamp, o => o.timestamp)
    }

    /// The spec's `type` string.
    pub fn type_name(&self) -> &str {
        match self {
            Stats::Codec(_) => CodecStats::TYPE,
            Stats::InboundRtp(_) => InboundRtpStats::TYPE,
            Stats::OutboundRtp(_) => OutboundRtpStats::TYPE,
            Stats::RemoteInboundRtp(_) => RemoteInboundRtpStats::TYPE,
            Stats::RemoteOutboundRtp(_) => RemoteOutboundRtpStats::TYPE,
            Stats::AudioSource(_) | Stats::VideoSource(_) => "media-source",
            Stats::MediaPlayout(_) => MediaPlayoutStats::TYPE,
            Stats::PeerConnection(_) => PeerConnectionStats::TYPE,
            Stats::DataChannel(_) => DataChannelStats::TYPE,
            Stats::Transport(_) => TransportStats::TYPE,
            Stats::CandidatePair(_) => CandidatePairStats::TYPE,
            Stats::LocalCandidate(_) => "local-candidate",
            Stats::RemoteCandidate(_) => "remote-candidate",
            Stats::Certificate(_) => CertificateStats::TYPE,
            Stats::Other(other) => &other.type_name,
        }
    }
}

impl TakeMembers for Stats {
    fn set(&mut self, key: &str, value: StatsValue) -> std::result::Result<(), StatsValue> {
        each_variant!(self, s => s.set(key, value), o => o.set(key, value))
    }

    fn keep(&mut self, key: String, value: StatsValue) {
        each_variant!(self, s => s.keep(key, value), o => o.keep(key, value))
    }
}

impl Serialize for Stats {
    /// The browser's JSON shape.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let type_name = self.type_name().to_owned();
        each_variant!(self, s => s.serialize_as(&type_name, serializer), o => o.serialize(serializer))
    }
}

impl<'de> Deserialize<'de> for Stats {
    /// From the browser's JSON shape; never fails for a JSON object.
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        Ok(Stats::from_members(Members::deserialize(deserializer)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_channel::DataChannelState;
    use crate::media::DtlsTransportState;
    use crate::session::CandidateType;

    struct Fixture {
        sender: StatsReport,
        receiver: StatsReport,
        raw: serde_json::Value,
    }

    fn fixture(text: &str) -> Fixture {
        let raw: serde_json::Value = serde_json::from_str(text).unwrap();
        Fixture {
            sender: serde_json::from_value(raw["sender"].clone()).unwrap(),
            receiver: serde_json::from_value(raw["receiver"].clone()).unwrap(),
            raw,
        }
    }

    fn chromium() -> Fixture {
        fixture(include_str!("../../tests/fixtures/stats-chromium.json"))
    }

    fn firefox() -> Fixture {
        fixture(include_str!("../../tests/fixtures/stats-firefox.json"))
    }

    /// Numbers compared as f64, so `1` and `1.0` are equal.
    fn normalize(value: &serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
            Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
            Value::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), normalize(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    #[test]
    fn every_fixture_object_round_trips_without_loss() {
        for fixture in [chromium(), firefox()] {
            for side in ["sender", "receiver"] {
                for original in fixture.raw[side].as_array().unwrap() {
                    let decoded: Stats = serde_json::from_value(original.clone()).unwrap();
                    let encoded = serde_json::to_value(&decoded).unwrap();
                    assert_eq!(
                        normalize(&encoded),
                        normalize(original),
                        "{}",
                        original["type"]
                    );
                }
            }
        }
    }

    #[test]
    fn known_types_decode_into_their_structs() {
        for fixture in [chromium(), firefox()] {
            for report in [&fixture.sender, &fixture.receiver] {
                let other: Vec<_> = report.others().map(|o| o.type_name.clone()).collect();
                assert!(other.is_empty(), "undecoded types {other:?}");
            }
        }
    }

    fn check_common(fixture: &Fixture, browser: &str) {
        let (sender, receiver) = (&fixture.sender, &fixture.receiver);
        let pc = sender.peer_connection().expect("peer-connection");
        assert!(pc.data_channels_opened.unwrap() >= 1, "{browser}");
        let channel = sender.data_channels().next().expect("data-channel");
        assert_eq!(channel.label.as_deref(), Some("chat"));
        assert_eq!(channel.state, Some(DataChannelState::Open));
        assert!(channel.messages_sent.unwrap() >= 1, "{browser}");
        for kind in [MediaKind::Audio, MediaKind::Video] {
            let outbound = sender
                .outbound_rtp_of(kind.clone())
                .next()
                .expect("outbound-rtp");
            assert!(
                outbound.ssrc.is_some() && outbound.bytes_sent.unwrap() > 0,
                "{browser} {kind}"
            );
            let codec = sender
                .codec(outbound.codec_id.as_ref())
                .expect("codec of outbound-rtp");
            let mime = codec.mime_type.as_deref().unwrap().to_ascii_lowercase();
            assert!(mime.starts_with(kind.as_str()), "{browser}: {mime}");
            assert!(codec.clock_rate.unwrap() > 0);
            assert!(
                sender.transport(outbound.transport_id.as_ref()).is_some(),
                "{browser}"
            );
            let inbound = receiver
                .inbound_rtp_of(kind.clone())
                .next()
                .expect("inbound-rtp");
            assert!(inbound.bytes_received.unwrap() > 0, "{browser} {kind}");
            assert!(inbound.packets_received.unwrap() > 0);
        }
        let video_in = receiver.inbound_rtp_of(MediaKind::Video).next().unwrap();
        assert!(video_in.frames_decoded.unwrap() > 0, "{browser}");
        assert!(video_in.frame_width.unwrap() > 0, "{browser}");
        let video_source = sender.video_sources().next().expect("video media-source");
        assert_eq!(video_source.kind, Some(MediaKind::Video));
        assert!(video_source.width.unwrap() > 0);
        assert!(
            sender.audio_sources().next().is_some(),
            "{browser}: audio media-source"
        );
        assert!(sender.remote_inbound_rtp().next().is_some(), "{browser}");
        assert!(receiver.remote_outbound_rtp().next().is_some(), "{browser}");
        let transport = sender.transports().next().expect("transport");
        assert_eq!(transport.dtls_state, Some(DtlsTransportState::Connected));
        for report in [sender, receiver] {
            let selected = report.selected_candidate_pair().expect("selected pair");
            assert_eq!(selected.pair.state, Some(CandidatePairState::Succeeded));
            assert_eq!(selected.local.candidate_type, Some(CandidateType::Host));
            assert!(selected.local.port.unwrap() > 0);
            assert!(selected.remote.address.is_some());
            assert!(selected.round_trip_time().is_some(), "{browser}");
        }
    }

    #[test]
    fn chromium_report_members() {
        let fixture = chromium();
        check_common(&fixture, "chromium");
        let certificate = fixture.sender.certificates().next().expect("certificate");
        assert_eq!(
            certificate.fingerprint_algorithm.as_deref(),
            Some("sha-256")
        );
        assert!(fixture.receiver.media_playouts().next().is_some());
        let audio_in = fixture
            .receiver
            .inbound_rtp_of(MediaKind::Audio)
            .next()
            .unwrap();
        // Nothing plays the audio out in the capture, so the count is 0, but
        // the member is there and typed.
        assert_eq!(audio_in.total_samples_received, Some(0));
        assert!(audio_in.jitter.is_some());
    }

    #[test]
    fn firefox_report_members() {
        let fixture = firefox();
        check_common(&fixture, "firefox");
        assert!(
            fixture
                .sender
                .candidate_pairs()
                .any(|p| p.selected == Some(true))
        );
        assert_eq!(
            fixture.sender.certificates().count(),
            0,
            "Firefox reports no certificates"
        );
    }

    #[test]
    fn unknown_types_and_members_survive_a_round_trip() {
        let original = serde_json::json!([
            {"id": "T1", "type": "track", "timestamp": 5.5, "trackIdentifier": "x", "ended": false},
            {"id": "N1", "type": "new-type-2030", "timestamp": 6, "nested": {"a": [1, null, "s"]}},
            {"id": "I1", "type": "inbound-rtp", "timestamp": 7, "kind": "video", "ssrc": 1,
             "futureMember": {"x": 1}, "bytesReceived": 10}
        ]);
        let report: StatsReport = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(report.len(), 3);
        let Some(Stats::Other(track)) = report.get("T1") else {
            panic!()
        };
        assert_eq!(track.type_name, "track");
        assert_eq!(
            track.members["trackIdentifier"],
            StatsValue::String("x".into())
        );
        assert_eq!(report.of_type("new-type-2030").count(), 1);
        let inbound = report.inbound_rtp().next().unwrap();
        assert_eq!(inbound.bytes_received, Some(10));
        assert!(inbound.other.contains_key("futureMember"));
        let encoded = serde_json::to_value(&report).unwrap();
        assert_eq!(normalize(&encoded), normalize(&original));
    }

    #[test]
    fn wrongly_typed_members_are_kept_not_lost() {
        let original = serde_json::json!({
            "id": "I1", "type": "inbound-rtp", "timestamp": "yesterday",
            "kind": 7, "ssrc": -5, "bytesReceived": "lots", "packetsLost": 1.5,
            "framesDecoded": null, "jitter": [0.1]
        });
        let stats: Stats = serde_json::from_value(original.clone()).unwrap();
        let Stats::InboundRtp(inbound) = &stats else {
            panic!("{stats:?}")
        };
        assert_eq!(inbound.ssrc, None);
        assert_eq!(inbound.bytes_received, None);
        assert_eq!(inbound.packets_lost, None);
        assert_eq!(inbound.kind, None);
        assert_eq!(
            inbound.other["bytesReceived"],
            StatsValue::String("lots".into())
        );
        assert_eq!(
            inbound.other["timestamp"],
            StatsValue::String("yesterday".into())
        );
        let encoded = serde_json::to_value(&stats).unwrap();
        assert_eq!(normalize(&encoded), normalize(&original));
        // A type that is not a string is no known type.
        let odd: Stats = serde_json::from_value(serde_json::json!({"type": 3, "id": "x"})).unwrap();
        assert!(matches!(odd, Stats::Other(_)));
        assert!(serde_json::from_value::<Stats>(serde_json::json!([1, 2])).is_err());
    }

    #[test]
    fn deltas_between_two_reports() {
        let at = |t: f64, bytes_in: u64, bytes_out: u64, frames: u32, lost: i64, dc: u64| {
            serde_json::from_value::<StatsReport>(serde_json::json!([
                {"id": "in", "type": "inbound-rtp", "timestamp": t, "kind": "video",
                 "bytesReceived": bytes_in, "framesDecoded": frames, "packetsLost": lost},
                {"id": "out", "type": "outbound-rtp", "timestamp": t, "kind": "video", "bytesSent": bytes_out},
                {"id": "dc", "type": "data-channel", "timestamp": t, "bytesSent": dc, "bytesReceived": dc * 2}
            ]))
            .unwrap()
        };
        let earlier = at(1000.0, 1000, 2000, 10, 1, 100);
        let later = at(3000.0, 26000, 52000, 70, 4, 1100);
        let delta = StatsDelta::between(&earlier, &later);
        assert_eq!(delta.seconds, 2.0);
        assert_eq!(delta.bitrate_in, 100_000.0);
        assert_eq!(delta.bitrate_out, 200_000.0);
        assert_eq!(delta.frames_per_second, 30.0);
        assert_eq!(delta.packets_lost, 3);
        assert_eq!(delta.data_channel_bytes_out_per_second, 500.0);
        assert_eq!(delta.data_channel_bytes_in_per_second, 1000.0);
        assert_eq!(StatsDelta::between(&later, &later), StatsDelta::default());
    }
}
