//! A connection's statistics: the raw and typed reports, and a periodic
//! stream of them.

use std::fmt;
use std::future::Future;

use futures::StreamExt;
use wasm_bindgen::{JsCast, JsValue};

use super::PeerConnection;
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;
use crate::promise::settle;
use crate::stats::{StatsReport, decode_report};

impl PeerConnection {
    /// The browser's statistics, as the raw report: of the whole connection,
    /// or only of the RTP streams of `selector`.
    ///
    /// See [`RTCPeerConnection.getStats()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getStats).
    ///
    /// # Errors
    /// [`Error::InvalidAccess`] for a track that is not sent or received
    /// exactly once.
    pub fn get_stats(
        &self,
        selector: Option<&web_sys::MediaStreamTrack>,
    ) -> impl Future<Output = Result<web_sys::RtcStatsReport>> + 'static + use<> {
        let selector = selector.map_or(JsValue::NULL, JsValue::from);
        settle(self.inner.raw.get_stats(&selector), |report| {
            Ok(report.unchecked_into())
        })
    }

    /// The typed statistics of the whole connection.
    ///
    /// See [`RTCPeerConnection.getStats()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getStats).
    ///
    /// # Errors
    /// As [`get_stats`](Self::get_stats).
    pub fn stats(&self) -> impl Future<Output = Result<StatsReport>> + 'static + use<> {
        decode_report(self.get_stats(None))
    }

    /// The typed statistics of the RTP streams of one track (the
    /// track-selector form of `getStats`).
    ///
    /// # Errors
    /// [`Error::InvalidAccess`] for a track that is not sent or received
    /// exactly once.
    pub fn stats_for_track(
        &self,
        track: &web_sys::MediaStreamTrack,
    ) -> impl Future<Output = Result<StatsReport>> + 'static + use<> {
        decode_report(self.get_stats(Some(track)))
    }

    /// A report every `period`, until the stream or the connection is
    /// dropped (the stream holds no handle that keeps the connection open).
    /// Dropping the stream stops its timer.
    pub fn stats_every(&self, period: std::time::Duration) -> StatsStream {
        let connection = self.downgrade();
        let millis = u32::try_from(period.as_millis()).unwrap_or(u32::MAX).max(1);
        let reports = gloo_timers::future::IntervalStream::new(millis)
            .then(move |()| {
                let report = connection.upgrade().map(|pc| pc.stats());
                async move {
                    match report {
                        Some(report) => Some(report.await),
                        None => None,
                    }
                }
            })
            .take_while(|report| futures::future::ready(report.is_some()))
            .filter_map(futures::future::ready);
        StatsStream {
            reports: Box::pin(reports),
        }
    }
}

/// Periodic stats reports, from [`PeerConnection::stats_every`].
#[must_use = "streams do nothing unless polled"]
pub struct StatsStream {
    reports: std::pin::Pin<Box<dyn futures::Stream<Item = Result<StatsReport>>>>,
}

impl futures::Stream for StatsStream {
    type Item = Result<StatsReport>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.reports.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for StatsStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatsStream").finish_non_exhaustive()
    }
}
