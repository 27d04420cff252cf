//! `use_stats`: the connection's statistics every period.

use std::rc::Rc;
use std::time::Duration;

use futures::StreamExt;
use webrtc_wasm::{Error, StatsDelta, StatsReport};
use yew::prelude::*;

use crate::connection::UsePeerConnection;
use webrtc_wasm_hooks::Tasks;

/// The connection's statistics, refreshed every period while the calling
/// component lives. From [`use_stats`]; each report renders the component
/// again.
///
/// See [`RTCPeerConnection.getStats()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getStats).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UseStats {
    /// The latest report (`None` before the first).
    pub report: Option<Rc<StatsReport>>,
    /// The rates between the last two reports (`None` before the second):
    /// bitrates, packets lost, frames per second, data-channel bytes/s.
    pub rates: Option<StatsDelta>,
    /// How many reports have arrived.
    pub count: u64,
    /// The last `getStats` error, if any (the stream goes on).
    pub error: Option<Error>,
}

/// Reads the connection's statistics every `period` (at least 1 ms) while
/// the calling component lives; the timer stops when it is destroyed or
/// the connection is gone. The period of the first render is used.
#[hook]
pub fn use_stats(connection: &UsePeerConnection, period: Duration) -> UseStats {
    use_stats_with_callback(connection, period, Callback::noop())
}

/// As [`use_stats`], also calling `on_report` with each report (to keep a
/// history for a chart, say). The callback of the latest render is called.
#[hook]
pub fn use_stats_with_callback(
    connection: &UsePeerConnection,
    period: Duration,
    on_report: Callback<Rc<StatsReport>>,
) -> UseStats {
    let stats = use_state(UseStats::default);
    let callback = use_mut_ref(Callback::noop);
    *callback.borrow_mut() = on_report;
    {
        let connection = connection.connection().ok();
        let setter = stats.setter();
        use_effect_with((), move |()| {
            let mut tasks = Tasks::default();
            if let Some(connection) = connection {
                let mut reports = connection.stats_every(period);
                drop(connection);
                tasks.spawn(async move {
                    let mut now = UseStats::default();
                    while let Some(next) = reports.next().await {
                        match next {
                            Ok(next) => {
                                let next = Rc::new(next);
                                callback.borrow().emit(next.clone());
                                if let Some(previous) = &now.report {
                                    now.rates = Some(StatsDelta::between(previous, &next));
                                }
                                now.report = Some(next);
                                now.count += 1;
                            }
                            Err(error) => now.error = Some(error),
                        }
                        setter.set(now.clone());
                    }
                });
            }
            move || drop(tasks)
        });
    }
    (*stats).clone()
}
