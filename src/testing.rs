//! Helpers for your own `wasm-pack test` suites (cargo feature `testing`).
//!
//! What a browser test of WebRTC code needs before it can assert anything,
//! with both peers in one page:
//!
//! - [`connect`]: trickle ICE both ways, one offer/answer exchange, both
//!   connections `connected`; a candidate the other side rejects is an error
//!   ([`Trickle::check`]), not a silent loss;
//! - [`ChannelPair`]: two connected peers with an open data channel (any
//!   [`DataChannelInit`], in-band or negotiated out of band);
//! - [`MediaPair`]: two connected peers, the first sending audio and video
//!   from generated sources (a canvas and an oscillator: no camera needed);
//! - [`NegotiatedPair`]: two peers under [`PerfectNegotiation`] over the
//!   in-page transport of [`signaling::pair`](crate::signaling::pair);
//! - [`within`] and [`wait_for_stats`]: waits with a deadline that end in a
//!   [`TestError`] naming what was awaited;
//! - [`ListenerBaseline`]: a leak check, every listener this crate
//!   registered removed again once your objects are dropped.
//!
//! Every helper returns `Result<_, TestError>`, and `wasm-bindgen-test` runs
//! tests that return `Result<(), E>` for any `E: Debug`, so `?` works in a
//! test. [`Error`] converts into [`TestError`] as well.
//!
//! ```no_run
//! use std::time::Duration;
//! use futures::StreamExt;
//! use webrtc_wasm::Message;
//! use webrtc_wasm::testing::{ChannelPair, ListenerBaseline, TestError, within};
//!
//! // #[wasm_bindgen_test]
//! async fn ping() -> Result<(), TestError> {
//!     let baseline = ListenerBaseline::now();
//!     let mut pair = ChannelPair::new().await?;
//!     pair.channel.send(Message::text("ping")).await?;
//!     let received = within("the ping", Duration::from_secs(5), pair.remote.next()).await?;
//!     assert_eq!(received, Some(Ok(Message::text("ping"))));
//!     drop(pair);
//!     baseline.settled(Duration::from_secs(1)).await
//! }
//! ```
//!
//! The browsers need flags for this (fake media devices, and in Firefox ICE
//! candidates on loopback): the README's "Testing your app with wasm-pack
//! test" has a `webdriver.json` for them.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use futures::future::{self, Either};
use futures::{Stream, StreamExt};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use crate::media::{CanvasVideoSource, OscillatorAudioSource};
use crate::negotiation::{NegotiationEvent, NegotiationOptions, PerfectNegotiation};
use crate::{
    Configuration, DataChannel, DataChannelInit, Error, Negotiation, OfferOptions, PeerConnection,
    SignalingState, StatsReport, TrackEvent, live_listener_count,
};

/// How long the helpers wait for a connection, a channel or a track: 20 s,
/// far above the second or so these take on loopback.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(20);

/// The most candidate rejections a [`Trickle`] keeps (later ones are
/// counted, not kept).
const MAX_REJECTIONS: usize = 32;

/// What went wrong in a test helper.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TestError {
    /// A call into this crate failed.
    #[error(transparent)]
    Webrtc(#[from] Error),
    /// A step of a helper failed; `step` says which.
    #[error("{step}: {error}")]
    Step {
        /// What the helper was doing, e.g. `"createOffer (a)"`.
        step: &'static str,
        /// Why it failed.
        error: Error,
    },
    /// Nothing happened within the deadline.
    #[error("timed out after {after:?} waiting for {what}")]
    Timeout {
        /// What was awaited.
        what: String,
        /// The deadline.
        after: Duration,
    },
    /// The other side rejected candidates that [`trickle`] forwarded.
    #[error("{count} trickled candidate(s) rejected; the first: {first}")]
    CandidatesRejected {
        /// How many were rejected.
        count: usize,
        /// The first rejection.
        first: CandidateRejection,
    },
    /// Listeners registered through this crate are still live after the
    /// deadline ([`ListenerBaseline::settled`]).
    #[error("{live} listeners live after {after:?}, {baseline} at the baseline")]
    Leak {
        /// The count when the baseline was taken.
        baseline: usize,
        /// The count at the deadline.
        live: usize,
        /// How long the check waited.
        after: Duration,
    },
}

impl From<TestError> for JsValue {
    /// A JavaScript `Error` with the message, for tests that return
    /// `Result<(), JsValue>`.
    fn from(error: TestError) -> Self {
        js_sys::Error::new(&error.to_string()).into()
    }
}

/// A helper's step, as the mapping of its error.
fn step(step: &'static str) -> impl FnOnce(Error) -> TestError {
    move |error| TestError::Step { step, error }
}

/// Waits at most `deadline` for `future`.
///
/// # Errors
/// [`TestError::Timeout`] naming `what` when the deadline passes first.
pub async fn within<T>(
    what: &str,
    deadline: Duration,
    future: impl Future<Output = T>,
) -> Result<T, TestError> {
    let timer = TimeoutFuture::new(u32::try_from(deadline.as_millis()).unwrap_or(u32::MAX));
    match future::select(std::pin::pin!(future), timer).await {
        Either::Left((value, _)) => Ok(value),
        Either::Right(((), _)) => Err(TestError::Timeout {
            what: what.to_owned(),
            after: deadline,
        }),
    }
}

/// A candidate the other side's `addIceCandidate` rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRejection {
    /// The candidate line (`"end of candidates"` for the end marker).
    pub candidate: String,
    /// What `addIceCandidate` gave.
    pub error: Error,
}

impl fmt::Display for CandidateRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.candidate, self.error)
    }
}

#[derive(Default)]
struct Rejections {
    kept: Vec<CandidateRejection>,
    count: usize,
    /// How many of them a handle has given out (`check`, `rejected`).
    reported: usize,
}

/// Candidates forwarded from one connection to another, as a signaling
/// channel would ([`trickle`], [`connect`]).
///
/// Forwarding goes on until either connection is dropped or closed,
/// whether or not this handle is kept; the handle tells what the other side
/// rejected. A rejection nobody can read any more (the handle and its
/// clones dropped) is written to the console as an error rather than lost.
#[derive(Clone, Default)]
#[must_use = "check() reports the candidates the other side rejected"]
pub struct Trickle {
    rejections: Rc<RefCell<Rejections>>,
}

impl fmt::Debug for Trickle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trickle")
            .field("rejected", &self.rejections.borrow().count)
            .finish()
    }
}

impl Trickle {
    /// Every rejection so far (at most the first 32).
    pub fn rejected(&self) -> Vec<CandidateRejection> {
        let mut rejections = self.rejections.borrow_mut();
        rejections.reported = rejections.count;
        rejections.kept.clone()
    }

    /// Whether no candidate was rejected so far.
    ///
    /// # Errors
    /// [`TestError::CandidatesRejected`] with the first rejection.
    pub fn check(&self) -> Result<(), TestError> {
        let mut rejections = self.rejections.borrow_mut();
        rejections.reported = rejections.count;
        match rejections.kept.first() {
            None => Ok(()),
            Some(first) => Err(TestError::CandidatesRejected {
                count: rejections.count,
                first: first.clone(),
            }),
        }
    }

    /// One handle over both directions' rejections.
    fn both(from_a: &PeerConnection, from_b: &PeerConnection) -> Trickle {
        let record = Trickle::default();
        record.forward(from_a, from_b);
        record.forward(from_b, from_a);
        record
    }

    /// Forwards every candidate `from` gathers to `to`, recording here what
    /// `to` rejects while it is open.
    fn forward(&self, from: &PeerConnection, to: &PeerConnection) {
        let mut candidates = from.ice_candidates();
        let mut to_changes = to.signaling_state_changes();
        let to = to.downgrade();
        let record = Rc::downgrade(&self.rejections);
        spawn_local(async move {
            while let Some(candidate) = candidates.next().await {
                // As a signaling peer does: hold the candidate until `to`
                // has a remote description to add it to.
                loop {
                    let Some(peer) = to.upgrade() else { return };
                    if peer.signaling_state() == SignalingState::Closed {
                        return;
                    }
                    if peer.remote_description().is_some() {
                        break;
                    }
                    drop(peer);
                    if to_changes.next().await.is_none() {
                        return;
                    }
                }
                let Some(peer) = to.upgrade() else { return };
                let added = peer.add_ice_candidate(candidate.as_ref());
                drop(peer);
                let Err(error) = added.await else { continue };
                // A connection closed meanwhile rejects what is left: that is
                // teardown, not a failure.
                let open = to
                    .upgrade()
                    .is_some_and(|peer| peer.signaling_state() != SignalingState::Closed);
                if !open {
                    return;
                }
                let rejection = CandidateRejection {
                    candidate: candidate
                        .as_ref()
                        .map_or_else(|| "end of candidates".to_owned(), |c| c.candidate.clone()),
                    error,
                };
                match record.upgrade() {
                    Some(record) => {
                        let mut record = record.borrow_mut();
                        record.count += 1;
                        if record.kept.len() < MAX_REJECTIONS {
                            record.kept.push(rejection);
                        }
                    }
                    None => web_sys::console::error_1(
                        &format!(
                            "webrtc_wasm::testing: a trickled candidate was rejected: {rejection}"
                        )
                        .into(),
                    ),
                }
            }
        });
    }
}

impl Drop for Trickle {
    fn drop(&mut self) {
        // The last handle reports what no handle gave out.
        if Rc::strong_count(&self.rejections) == 1 {
            let rejections = self.rejections.borrow();
            let unreported = rejections.kept.iter().skip(rejections.reported);
            for rejection in unreported {
                web_sys::console::error_1(
                    &format!("webrtc_wasm::testing: a trickled candidate was rejected and never checked: {rejection}").into(),
                );
            }
        }
    }
}

/// Forwards every candidate `from` gathers to `to` (and the end of
/// candidates), holding each until `to` has a remote description, as a
/// signaling peer would. Call it for both directions, before the
/// offer/answer exchange; [`connect`] does all of it.
pub fn trickle(from: &PeerConnection, to: &PeerConnection) -> Trickle {
    let record = Trickle::default();
    record.forward(from, to);
    record
}

/// One offer/answer exchange from `offerer` to `answerer` (no candidates:
/// see [`trickle`]).
///
/// # Errors
/// [`TestError::Step`] naming the call that failed.
pub async fn exchange(
    offerer: &PeerConnection,
    answerer: &PeerConnection,
) -> Result<(), TestError> {
    let offer = offerer
        .create_offer(&OfferOptions::default())
        .await
        .map_err(step("createOffer"))?;
    offerer
        .set_local_description(&offer)
        .await
        .map_err(step("setLocalDescription(offer)"))?;
    answerer
        .set_remote_description(&offer)
        .await
        .map_err(step("setRemoteDescription(offer)"))?;
    let answer = answerer
        .create_answer()
        .await
        .map_err(step("createAnswer"))?;
    answerer
        .set_local_description(&answer)
        .await
        .map_err(step("setLocalDescription(answer)"))?;
    offerer
        .set_remote_description(&answer)
        .await
        .map_err(step("setRemoteDescription(answer)"))
}

/// Connects `a` and `b` in this page: candidates trickled both ways, one
/// offer from `a` answered by `b`, then both connections `connected`.
///
/// Add what the connection carries (a data channel, a track or a
/// transceiver) to `a` first: an offer with nothing in it connects nothing.
///
/// # Errors
/// - [`TestError::Step`] for a failed offer/answer call, for an offer with
///   nothing to connect (`InvalidState`), and for a connection that
///   failed;
/// - [`TestError::CandidatesRejected`] when a side rejected a candidate;
/// - [`TestError::Timeout`] after [`DEFAULT_DEADLINE`].
pub async fn connect(a: &PeerConnection, b: &PeerConnection) -> Result<Trickle, TestError> {
    let trickle = Trickle::both(a, b);
    exchange(a, b).await?;
    let sections = a
        .local_description()
        .is_some_and(|offer| offer.sdp.lines().any(|line| line.starts_with("m=")));
    if !sections {
        return Err(TestError::Step {
            step: "connect",
            error: Error::InvalidState(
                "the offer has nothing to connect: add a data channel, a track or a transceiver to the first connection".into(),
            ),
        });
    }
    let both = future::try_join(a.connected(), b.connected());
    within("both connections connected", DEFAULT_DEADLINE, both)
        .await?
        .map_err(step("connected"))?;
    trickle.check()?;
    Ok(trickle)
}

/// Two connections in this page, connected, with an open data channel
/// between them.
#[derive(Debug)]
#[non_exhaustive]
pub struct ChannelPair {
    /// The connection that created the channel and made the offer.
    pub a: PeerConnection,
    /// The connection that answered.
    pub b: PeerConnection,
    /// `a`'s end of the channel.
    pub channel: DataChannel,
    /// `b`'s end of the channel.
    pub remote: DataChannel,
    /// The candidates forwarded between them.
    pub trickle: Trickle,
}

impl ChannelPair {
    /// Default configurations and a reliable, ordered channel labelled
    /// `"test"`.
    ///
    /// # Errors
    /// As [`with`](Self::with).
    pub async fn new() -> Result<Self, TestError> {
        let config = Configuration::default();
        Self::with(&config, &config, "test", &DataChannelInit::default()).await
    }

    /// `a` with `config_a`, `b` with `config_b`, and a channel `label` made
    /// with `init`. A channel negotiated out of band
    /// ([`Negotiation::OutOfBand`]) is created on both sides with its id;
    /// otherwise `b` gets it from its `datachannel` event.
    ///
    /// # Errors
    /// As [`connect`]; [`TestError::Webrtc`] for a configuration or
    /// channel the browser refuses; [`TestError::Timeout`] when the channel
    /// does not open on both sides within [`DEFAULT_DEADLINE`].
    pub async fn with(
        config_a: &Configuration,
        config_b: &Configuration,
        label: &str,
        init: &DataChannelInit,
    ) -> Result<Self, TestError> {
        let a = PeerConnection::new(config_a)?;
        let b = PeerConnection::new(config_b)?;
        let mut announced = b.data_channels();
        let channel = a.create_data_channel(label, init)?;
        let preset = match init.negotiation {
            Negotiation::OutOfBand { .. } => Some(b.create_data_channel(label, init)?),
            Negotiation::InBand => None,
        };
        let trickle = connect(&a, &b).await?;
        let remote = match preset {
            Some(remote) => remote,
            None => within("the datachannel event", DEFAULT_DEADLINE, announced.next())
                .await?
                .ok_or(TestError::Step {
                    step: "datachannel event",
                    error: announced.error().cloned().unwrap_or(Error::Closed),
                })?,
        };
        let open = future::try_join(channel.open(), remote.open());
        within("the channel open on both sides", DEFAULT_DEADLINE, open)
            .await?
            .map_err(step("channel open"))?;
        Ok(ChannelPair {
            a,
            b,
            channel,
            remote,
            trickle,
        })
    }
}

/// Two connections in this page, connected, `a` sending audio and video
/// from generated sources and `b` receiving both.
#[derive(Debug)]
#[non_exhaustive]
pub struct MediaPair {
    /// The sending connection.
    pub a: PeerConnection,
    /// The receiving connection.
    pub b: PeerConnection,
    /// The video `a` sends: 320×240 at 30 frames per second, drawn on a
    /// canvas.
    pub video: CanvasVideoSource,
    /// The audio `a` sends: a 440 Hz tone.
    pub audio: OscillatorAudioSource,
    /// `b`'s `track` event for the video.
    pub remote_video: TrackEvent,
    /// `b`'s `track` event for the audio.
    pub remote_audio: TrackEvent,
    /// The candidates forwarded between them.
    pub trickle: Trickle,
}

impl MediaPair {
    /// With default configurations.
    ///
    /// # Errors
    /// As [`with`](Self::with).
    pub async fn new() -> Result<Self, TestError> {
        let config = Configuration::default();
        Self::with(&config, &config).await
    }

    /// `a` with `config_a`, `b` with `config_b`. Both tracks go in one
    /// stream, so `b` sees them as one participant's.
    ///
    /// # Errors
    /// As [`connect`]; [`TestError::Webrtc`] when a source cannot be made
    /// (no canvas or `AudioContext`) or a track cannot be added;
    /// [`TestError::Timeout`] when `b` has not had both `track` events
    /// within [`DEFAULT_DEADLINE`].
    pub async fn with(
        config_a: &Configuration,
        config_b: &Configuration,
    ) -> Result<Self, TestError> {
        let video = CanvasVideoSource::new(320, 240, 30)?;
        let audio = OscillatorAudioSource::new(440.0)?;
        let a = PeerConnection::new(config_a)?;
        let b = PeerConnection::new(config_b)?;
        let mut tracks = b.tracks();
        let stream = [video.stream()];
        a.add_track(&video.track(), &stream)?;
        a.add_track(&audio.track(), &stream)?;
        let trickle = connect(&a, &b).await?;
        let (mut remote_video, mut remote_audio) = (None, None);
        while remote_video.is_none() || remote_audio.is_none() {
            let event = within("b's track events", DEFAULT_DEADLINE, tracks.next())
                .await?
                .ok_or(TestError::Step {
                    step: "track event",
                    error: Error::Closed,
                })?;
            match event.track.kind().as_str() {
                "video" => remote_video = Some(event),
                _ => remote_audio = Some(event),
            }
        }
        let (Some(remote_video), Some(remote_audio)) = (remote_video, remote_audio) else {
            unreachable!("the loop ends with both")
        };
        Ok(MediaPair {
            a,
            b,
            video,
            audio,
            remote_video,
            remote_audio,
            trickle,
        })
    }
}

type Events = Pin<Box<dyn Stream<Item = (&'static str, NegotiationEvent)>>>;

/// Two connections in this page under [`PerfectNegotiation`], signaling
/// over [`signaling::pair`](crate::signaling::pair): `a` impolite, `b`
/// polite.
///
/// Nothing connects until there is something to negotiate: add a channel
/// or a track on either side (negotiation starts by itself), then await
/// [`connected`](Self::connected).
#[non_exhaustive]
pub struct NegotiatedPair {
    /// The impolite peer.
    pub a: PeerConnection,
    /// The polite peer.
    pub b: PeerConnection,
    /// `a`'s negotiation; dropping it stops it.
    pub a_negotiation: PerfectNegotiation,
    /// `b`'s negotiation.
    pub b_negotiation: PerfectNegotiation,
    events: Events,
}

impl fmt::Debug for NegotiatedPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NegotiatedPair")
            .field("a", &self.a)
            .field("b", &self.b)
            .finish_non_exhaustive()
    }
}

impl NegotiatedPair {
    /// With default configurations and options.
    ///
    /// # Errors
    /// As [`with`](Self::with).
    pub fn new() -> Result<Self, TestError> {
        let config = Configuration::default();
        Self::with(&config, &config)
    }

    /// `a` with `config_a`, `b` with `config_b`.
    ///
    /// # Errors
    /// [`TestError::Webrtc`] for a configuration the browser refuses.
    pub fn with(config_a: &Configuration, config_b: &Configuration) -> Result<Self, TestError> {
        let a = PeerConnection::new(config_a)?;
        let b = PeerConnection::new(config_b)?;
        let (to_b, to_a) = crate::signaling::pair();
        let a_negotiation = PerfectNegotiation::start(&a, to_b, NegotiationOptions::impolite());
        let b_negotiation = PerfectNegotiation::start(&b, to_a, NegotiationOptions::polite());
        let events = futures::stream::select(
            a_negotiation.events().map(|event| ("a", event)),
            b_negotiation.events().map(|event| ("b", event)),
        );
        Ok(NegotiatedPair {
            a,
            b,
            a_negotiation,
            b_negotiation,
            events: Box::pin(events),
        })
    }

    /// Waits until both connections are `connected`.
    ///
    /// # Errors
    /// - [`TestError::Step`] for a negotiation error or a bad signal on
    ///   either side (`"perfect negotiation (a)"`), or a connection that
    ///   failed;
    /// - [`TestError::Timeout`] after [`DEFAULT_DEADLINE`].
    pub async fn connected(&mut self) -> Result<(), TestError> {
        let NegotiatedPair { a, b, events, .. } = self;
        let both = std::pin::pin!(future::try_join(a.connected(), b.connected()));
        let failure = async {
            while let Some((side, event)) = events.next().await {
                if let NegotiationEvent::Error(error) | NegotiationEvent::BadSignal(error) = event {
                    let step = if side == "a" {
                        "perfect negotiation (a)"
                    } else {
                        "perfect negotiation (b)"
                    };
                    return TestError::Step { step, error };
                }
            }
            // The negotiations stopped: wait for the connections alone.
            future::pending().await
        };
        let failure = std::pin::pin!(failure);
        let outcome = future::select(both, failure);
        match within("both connections connected", DEFAULT_DEADLINE, outcome).await? {
            Either::Left((connected, _)) => connected.map(drop).map_err(step("connected")),
            Either::Right((failure, _)) => Err(failure),
        }
    }
}

/// Reads `stats` (e.g. [`PeerConnection::stats_every`]) until a report
/// satisfies `condition`, and returns that report.
///
/// # Errors
/// [`TestError::Timeout`] naming `what` when no report satisfies it within
/// `deadline`; [`TestError::Step`] when the stream yields an error or ends.
pub async fn wait_for_stats<S>(
    stats: &mut S,
    what: &str,
    deadline: Duration,
    mut condition: impl FnMut(&StatsReport) -> bool,
) -> Result<StatsReport, TestError>
where
    S: Stream<Item = crate::Result<StatsReport>> + Unpin,
{
    let first = async {
        while let Some(report) = stats.next().await {
            let report = report.map_err(step("stats"))?;
            if condition(&report) {
                return Ok(report);
            }
        }
        Err(TestError::Step {
            step: "stats",
            error: Error::Closed,
        })
    };
    within(what, deadline, first).await?
}

/// A leak check: the number of listeners this crate holds on browser
/// objects ([`live_listener_count`]) when it was taken, to compare with
/// once the test's objects are dropped.
#[derive(Debug, Clone, Copy)]
pub struct ListenerBaseline {
    count: usize,
}

impl ListenerBaseline {
    /// The count now.
    pub fn now() -> Self {
        ListenerBaseline {
            count: live_listener_count(),
        }
    }

    /// The count when the baseline was taken.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Waits until the count is back to the baseline (or below). Tasks
    /// that held a stream of a dropped object remove their listeners when
    /// they next run, so this checks every 10 ms until `deadline`.
    ///
    /// # Errors
    /// [`TestError::Leak`] with the count at the deadline.
    pub async fn settled(&self, deadline: Duration) -> Result<(), TestError> {
        let start = js_sys::Date::now();
        let limit = deadline.as_secs_f64() * 1000.0;
        loop {
            let live = live_listener_count();
            if live <= self.count {
                return Ok(());
            }
            if js_sys::Date::now() - start >= limit {
                return Err(TestError::Leak {
                    baseline: self.count,
                    live,
                    after: deadline,
                });
            }
            TimeoutFuture::new(10).await;
        }
    }
}
