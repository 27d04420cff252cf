//! `use_stats`: the connection's statistics every period, as signals.

use std::time::Duration;

use futures::StreamExt;
use leptos::prelude::*;
use webrtc_wasm::{Error, StatsDelta, StatsReport};

use crate::connection::UsePeerConnection;
use crate::task::spawn;

/// The connection's statistics, refreshed every period while the calling
/// component lives. From [`use_stats`].
///
/// See [`RTCPeerConnection.getStats()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getStats).
#[derive(Debug, Clone, Copy)]
pub struct UseStats {
    /// The latest report (`None` before the first).
    pub report: ReadSignal<Option<StatsReport>>,
    /// The rates between the last two reports (`None` before the second):
    /// bitrates, packets lost, frames per second, data-channel bytes/s.
    pub rates: ReadSignal<Option<StatsDelta>>,
    /// How many reports have arrived.
    pub count: ReadSignal<u64>,
    /// The last `getStats` error, if any (the stream goes on).
    pub error: ReadSignal<Option<Error>>,
}

/// Reads the connection's statistics every `period` (at least 1 ms) while
/// the calling component lives; the timer stops when it is cleaned up or
/// the connection is gone.
pub fn use_stats(connection: &UsePeerConnection, period: Duration) -> UseStats {
    use_stats_with_callback(connection, period, |_: &StatsReport| {})
}

/// As [`use_stats`], also calling `on_report` with each report (to keep a
/// history for a chart, say).
pub fn use_stats_with_callback(
    connection: &UsePeerConnection,
    period: Duration,
    mut on_report: impl FnMut(&StatsReport) + 'static,
) -> UseStats {
    let (report, set_report) = signal(None::<StatsReport>);
    let (rates, set_rates) = signal(None::<StatsDelta>);
    let (count, set_count) = signal(0_u64);
    let (error, set_error) = signal(None::<Error>);
    if let Some(connection) = connection.connection() {
        let mut reports = connection.stats_every(period);
        drop(connection);
        spawn(async move {
            let mut previous: Option<StatsReport> = None;
            while let Some(next) = reports.next().await {
                match next {
                    Ok(next) => {
                        on_report(&next);
                        if let Some(previous) = &previous {
                            set_rates.set(Some(StatsDelta::between(previous, &next)));
                        }
                        set_report.set(Some(next.clone()));
                        set_count.update(|count| *count += 1);
                        previous = Some(next);
                    }
                    Err(error) => set_error.set(Some(error)),
                }
            }
        });
    }
    UseStats {
        report,
        rates,
        count,
        error,
    }
}
