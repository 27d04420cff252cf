//! [`StatsDelta`]: rates between two reports.

use serde::Serialize;

use super::{Stats, StatsReport};
use crate::media::MediaKind;

/// Rates between two reports of the same connection: bitrates, packet
/// loss, frame rate and data-channel throughput.
///
/// Counters are matched by stats id, so streams that appear or disappear
/// between the reports do not count.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsDelta {
    /// Seconds between the reports.
    pub seconds: f64,
    /// RTP payload received, bits per second (all `inbound-rtp`).
    pub bitrate_in: f64,
    /// RTP payload sent, bits per second (all `outbound-rtp`).
    pub bitrate_out: f64,
    /// Packets lost in the interval (all `inbound-rtp`).
    pub packets_lost: i64,
    /// Video frames decoded per second (video `inbound-rtp`).
    pub frames_per_second: f64,
    /// Data-channel payload received, bytes per second.
    pub data_channel_bytes_in_per_second: f64,
    /// Data-channel payload sent, bytes per second.
    pub data_channel_bytes_out_per_second: f64,
}

impl StatsDelta {
    /// The rates from `earlier` to `later`; all zero when no time passed.
    pub fn between(earlier: &StatsReport, later: &StatsReport) -> Self {
        let seconds = (later.timestamp() - earlier.timestamp()) / 1000.0;
        if seconds <= 0.0 || !seconds.is_finite() {
            return StatsDelta::default();
        }
        let sum = |pick: &dyn Fn(&Stats) -> Option<f64>| -> f64 {
            later
                .iter()
                .filter_map(|now| {
                    let before = earlier.get(now.id())?;
                    Some((pick(now)? - pick(before)?).max(0.0))
                })
                .sum()
        };
        let inbound_bytes = sum(&|s| match s {
            Stats::InboundRtp(s) => s.bytes_received.map(|n| n as f64),
            _ => None,
        });
        let outbound_bytes = sum(&|s| match s {
            Stats::OutboundRtp(s) => s.bytes_sent.map(|n| n as f64),
            _ => None,
        });
        let frames = sum(&|s| match s {
            Stats::InboundRtp(s) if s.kind == Some(MediaKind::Video) => {
                s.frames_decoded.map(f64::from)
            }
            _ => None,
        });
        let channel_in = sum(&|s| match s {
            Stats::DataChannel(s) => s.bytes_received.map(|n| n as f64),
            _ => None,
        });
        let channel_out = sum(&|s| match s {
            Stats::DataChannel(s) => s.bytes_sent.map(|n| n as f64),
            _ => None,
        });
        let packets_lost = later
            .inbound_rtp()
            .filter_map(|now| {
                let before = match earlier.get(&now.id)? {
                    Stats::InboundRtp(before) => before,
                    _ => return None,
                };
                Some(now.packets_lost?.saturating_sub(before.packets_lost?))
            })
            .fold(0i64, i64::saturating_add);
        StatsDelta {
            seconds,
            bitrate_in: inbound_bytes * 8.0 / seconds,
            bitrate_out: outbound_bytes * 8.0 / seconds,
            packets_lost,
            frames_per_second: frames / seconds,
            data_channel_bytes_in_per_second: channel_in / seconds,
            data_channel_bytes_out_per_second: channel_out / seconds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report of `count` inbound streams, each with `packets_lost` lost.
    fn report(timestamp: f64, count: usize, packets_lost: i64) -> StatsReport {
        let objects: Vec<serde_json::Value> = (0..count)
            .map(|i| {
                serde_json::json!({
                    "type": "inbound-rtp", "id": format!("in{i}"), "kind": "audio",
                    "timestamp": timestamp, "packetsLost": packets_lost,
                })
            })
            .collect();
        serde_json::from_value(serde_json::Value::Array(objects)).unwrap()
    }

    #[test]
    fn packets_lost_saturates_instead_of_overflowing() {
        // The extremes `packetsLost` decodes to (±2^53), over enough streams
        // that the total passes i64::MAX.
        const EDGE: i64 = 9_007_199_254_740_991;
        let earlier = report(1000.0, 600, -EDGE);
        let later = report(2000.0, 600, EDGE);
        let delta = StatsDelta::between(&earlier, &later);
        assert_eq!(delta.seconds, 1.0);
        assert_eq!(delta.packets_lost, i64::MAX);
        let delta = StatsDelta::between(&later, &report(3000.0, 600, -EDGE));
        assert_eq!(delta.packets_lost, i64::MIN);
        // One stream: the plain difference.
        let delta = StatsDelta::between(&report(0.0, 1, 5), &report(500.0, 1, 12));
        assert_eq!(delta.packets_lost, 7);
    }

    #[test]
    fn no_rates_without_time_between_the_reports() {
        for (earlier, later) in [(1000.0, 1000.0), (2000.0, 1000.0), (0.0, f64::MAX)] {
            let delta = StatsDelta::between(&report(earlier, 1, 0), &report(later, 1, 9));
            if later > earlier && (later - earlier).is_finite() {
                assert!(delta.seconds > 0.0);
            } else {
                assert_eq!(delta, StatsDelta::default(), "{earlier} -> {later}");
            }
        }
    }
}
