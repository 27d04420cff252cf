//! Perfect negotiation: [`Signal`]s over any transport, glare handled,
//! candidates queued, and ICE restarted when the connection fails.
//!
//! The driver follows the W3C/MDN
//! [perfect negotiation](https://developer.mozilla.org/en-US/docs/Web/API/WebRTC_API/Perfect_negotiation)
//! pattern: one side is *polite* (it rolls back its own offer when offers
//! collide), the other *impolite* (it ignores the colliding offer). Each
//! side reacts to `negotiationneeded`, so channels, tracks and transceivers
//! can be added at any time from either side.

use std::cell::RefCell;
use std::fmt;
use std::pin::pin;
use std::rc::Rc;
use std::time::Duration;

use std::future::poll_fn;
use std::task::Poll;

use futures::future::LocalBoxFuture;
use futures::{Sink, SinkExt, Stream, StreamExt};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_futures::spawn_local;

use crate::error::{Error, Result};
use crate::peer_connection::{PeerConnection, PeerConnectionState, SignalingState};
use crate::queue::{self, DEFAULT_EVENT_QUEUE_LIMIT, QueueSender};

mod options;
mod signal;

use crate::session::{IceCandidate, SdpType, sdp_attributes};
pub use options::{IceRestartPolicy, NegotiationOptions};
pub use signal::{MAX_SIGNAL_SIZE, Signal};

/// The most remote candidates of one ICE generation (one username
/// fragment) the driver keeps while they wait for their description.
pub const MAX_PENDING_CANDIDATES: usize = 256;

/// The most ICE generations whose candidates wait at once.
pub const MAX_PENDING_GENERATIONS: usize = 4;

/// What the driver reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum NegotiationEvent {
    /// A signal from the transport could not be decoded; it was dropped and
    /// negotiation goes on.
    BadSignal(Error),
    /// Applying a signal or making a description failed.
    Error(Error),
    /// An offer collided with ours and was ignored (impolite side).
    IgnoredOffer,
    /// A collision made the polite side roll back its own offer.
    RolledBack,
    /// ICE is being restarted; `attempt` counts from 1 since the last
    /// `connected`.
    IceRestart {
        /// The attempt number.
        attempt: u32,
    },
    /// The restart policy gave up after its maximum attempts.
    IceRestartGaveUp,
}

struct Shared {
    events: RefCell<Vec<QueueSender<NegotiationEvent>>>,
    stop: RefCell<Option<futures::channel::oneshot::Sender<()>>>,
    /// The driver, polled by its task. Dropping the handle takes it out and
    /// drops it, so that its listeners and transport go at once.
    driver: RefCell<Option<LocalBoxFuture<'static, ()>>>,
}

impl Shared {
    /// What is left to do once the driver is gone: its event streams end.
    fn finish(&self) {
        self.events.borrow_mut().clear();
        self.stop.borrow_mut().take();
    }

    fn report(&self, event: NegotiationEvent) {
        self.events
            .borrow_mut()
            .retain(|listener| listener.push(event.clone()).is_ok());
    }
}

/// A running perfect-negotiation driver for one connection.
///
/// It runs until the connection is dropped or closed, the transport ends,
/// or this handle is dropped.
pub struct PerfectNegotiation {
    shared: Rc<Shared>,
}

impl fmt::Debug for PerfectNegotiation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PerfectNegotiation")
            .field("running", &self.is_running())
            .finish()
    }
}

impl Drop for PerfectNegotiation {
    fn drop(&mut self) {
        // Dropped from inside the driver's own turn (a callback of the
        // transport), the driver is busy: it sees the stop signal when that
        // turn ends. Otherwise it is dropped now.
        let Ok(mut slot) = self.shared.driver.try_borrow_mut() else {
            if let Some(stop) = self.shared.stop.borrow_mut().take() {
                // The receiver lives in the busy driver.
                let _sent = stop.send(());
            }
            return;
        };
        let driver = slot.take();
        drop(slot);
        drop(driver);
        self.shared.finish();
    }
}

/// What one turn of the driver's loop handles.
enum Input {
    Signal(Option<Result<Signal>>),
    NegotiationNeeded,
    LocalCandidate(Option<IceCandidate>),
    State(PeerConnectionState),
    RestartDue,
    Stop,
}

impl PerfectNegotiation {
    /// Starts negotiating `connection` over `transport`: every local
    /// description and candidate is sent, every received signal applied.
    /// The transport's errors (signals that did not decode) are reported as
    /// [`NegotiationEvent::BadSignal`] and skipped.
    pub fn start<T>(connection: &PeerConnection, transport: T, options: NegotiationOptions) -> Self
    where
        T: Sink<Signal> + Stream<Item = Result<Signal>> + 'static,
    {
        let (stop_tx, stop_rx) = futures::channel::oneshot::channel();
        let shared = Rc::new(Shared {
            events: RefCell::default(),
            stop: RefCell::new(Some(stop_tx)),
            driver: RefCell::default(),
        });
        let driver = Driver {
            connection: connection.downgrade(),
            polite: options.polite,
            policy: options.ice_restart,
            shared: shared.clone(),
            pending_candidates: Vec::new(),
            overflowed: false,
            ignore_offer: false,
            attempts: 0,
        };
        let needed = connection.negotiation_needed();
        let candidates = connection.ice_candidates();
        let states = connection.connection_state_changes();
        *shared.driver.borrow_mut() = Some(Box::pin(
            driver.run(transport, needed, candidates, states, stop_rx),
        ));
        let polled = shared.clone();
        spawn_local(poll_fn(move |cx| {
            let mut slot = polled.driver.borrow_mut();
            let Some(driver) = slot.as_mut() else {
                // Stopped by dropping the handle.
                return Poll::Ready(());
            };
            if driver.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            *slot = None;
            drop(slot);
            // The event streams end with the driver.
            polled.finish();
            Poll::Ready(())
        }));
        PerfectNegotiation { shared }
    }

    /// Whether the driver still runs: it stops when the connection closes
    /// or is dropped, the transport ends, or this handle is dropped.
    pub fn is_running(&self) -> bool {
        self.shared.stop.borrow().is_some()
    }

    /// The driver's events from now on.
    ///
    /// The stream keeps at most [`DEFAULT_EVENT_QUEUE_LIMIT`] unread
    /// events: a reader that falls that far behind gets the events before,
    /// then `NegotiationEvent::Error(Error::ReceiveBufferFull { .. })`, and
    /// the stream ends (the driver goes on).
    pub fn events(&self) -> impl Stream<Item = NegotiationEvent> + use<> {
        let (sender, receiver) = queue::counted(DEFAULT_EVENT_QUEUE_LIMIT);
        self.shared.events.borrow_mut().push(sender);
        receiver.map(|event| event.unwrap_or_else(NegotiationEvent::Error))
    }
}

struct Driver {
    connection: crate::peer_connection::WeakPeerConnection,
    polite: bool,
    policy: Option<IceRestartPolicy>,
    shared: Rc<Shared>,
    /// Remote candidates that arrived before any remote description, or
    /// ahead of the description of their ICE generation.
    pending_candidates: Vec<Option<IceCandidate>>,
    /// Whether the remote sent more early candidates than the driver keeps;
    /// the driver then stops and its transport is closed.
    overflowed: bool,
    ignore_offer: bool,
    attempts: u32,
}

impl Driver {
    async fn run<T>(
        mut self,
        transport: T,
        needed: impl Stream<Item = ()> + Unpin,
        candidates: impl Stream<Item = Option<IceCandidate>> + Unpin,
        states: impl Stream<Item = PeerConnectionState> + Unpin,
        stop: futures::channel::oneshot::Receiver<()>,
    ) where
        T: Sink<Signal> + Stream<Item = Result<Signal>>,
    {
        let (mut outgoing, incoming) = transport.split();
        let mut incoming = pin!(incoming.fuse());
        let mut needed = needed.fuse();
        let mut candidates = candidates.fuse();
        let mut states = states.fuse();
        let mut stop = stop;
        let mut restart_timer: Option<TimeoutFuture> = None;
        loop {
            let input = {
                let timer = async {
                    match restart_timer.as_mut() {
                        Some(timer) => timer.await,
                        None => futures::future::pending().await,
                    }
                };
                futures::select_biased! {
                    _ = &mut stop => Input::Stop,
                    signal = incoming.next() => Input::Signal(signal),
                    () = futures::FutureExt::fuse(timer) => Input::RestartDue,
                    needed = needed.next() => match needed {
                        Some(()) => Input::NegotiationNeeded,
                        None => Input::Stop,
                    },
                    candidate = candidates.next() => match candidate {
                        Some(candidate) => Input::LocalCandidate(candidate),
                        None => Input::Stop,
                    },
                    state = states.next() => match state {
                        Some(state) => Input::State(state),
                        None => Input::Stop,
                    },
                }
            };
            let Some(connection) = self.connection.upgrade() else {
                return;
            };
            match input {
                Input::Stop | Input::Signal(None) => return,
                Input::Signal(Some(Err(error))) => {
                    self.shared.report(NegotiationEvent::BadSignal(error));
                }
                Input::Signal(Some(Ok(signal))) => {
                    let reply = self.apply(&connection, signal).await;
                    if self.overflowed {
                        return;
                    }
                    self.arm_connect_timeout(&connection, &mut restart_timer);
                    drop(connection);
                    if let Some(reply) = reply {
                        if outgoing.send(reply).await.is_err() {
                            return;
                        }
                    }
                }
                Input::NegotiationNeeded => {
                    let offer = self.offer(&connection).await;
                    drop(connection);
                    if let Some(offer) = offer {
                        if outgoing.send(offer).await.is_err() {
                            return;
                        }
                    }
                }
                Input::LocalCandidate(candidate) => {
                    drop(connection);
                    if outgoing.send(Signal::Candidate(candidate)).await.is_err() {
                        return;
                    }
                }
                Input::State(state) => self.on_state(state, &mut restart_timer),
                Input::RestartDue => {
                    restart_timer = None;
                    if connection.connection_state() != PeerConnectionState::Connected {
                        restart_timer = self.restart(&connection);
                    }
                }
            }
        }
    }

    /// Makes and applies an offer after `negotiationneeded`; `None` when
    /// there is nothing to offer now.
    async fn offer(&mut self, connection: &PeerConnection) -> Option<Signal> {
        // Events may wait in the stream while an exchange runs; out of
        // `stable` the browser fires again once it is back there if still
        // needed.
        if connection.signaling_state() != SignalingState::Stable {
            return None;
        }
        self.describe(connection).await
    }

    /// Makes and applies the offer or answer the signaling state calls for,
    /// with the parameterless `setLocalDescription()`: the browser makes and
    /// applies it in one step, so nothing can slip in between.
    async fn describe(&self, connection: &PeerConnection) -> Option<Signal> {
        match connection.set_local_description_implicit().await {
            Ok(description) => Some(Signal::Description(description)),
            Err(error) => {
                self.shared.report(NegotiationEvent::Error(error));
                None
            }
        }
    }

    /// Applies one received signal; returns the answer to send, if any.
    async fn apply(&mut self, connection: &PeerConnection, signal: Signal) -> Option<Signal> {
        match signal {
            Signal::Description(description) => {
                let is_offer = description.sdp_type == SdpType::Offer;
                let collision = is_offer && connection.signaling_state() != SignalingState::Stable;
                self.ignore_offer = !self.polite && collision;
                if self.ignore_offer {
                    self.shared.report(NegotiationEvent::IgnoredOffer);
                    return None;
                }
                if collision {
                    // Browsers roll back our offer implicitly when a remote
                    // offer is applied in have-local-offer.
                    self.shared.report(NegotiationEvent::RolledBack);
                }
                if let Err(error) = connection.set_remote_description(&description).await {
                    self.shared.report(NegotiationEvent::Error(error));
                    return None;
                }
                // Candidates of this generation are applied; those of other
                // generations (an ignored or rolled-back offer, an earlier
                // restart) are dropped by `add_candidate`.
                for candidate in std::mem::take(&mut self.pending_candidates) {
                    self.add_candidate(connection, candidate).await;
                }
                if !is_offer {
                    return None;
                }
                self.describe(connection).await
            }
            Signal::Candidate(candidate) => {
                // Before any remote description, or ahead of the description
                // of its own ICE generation (out-of-order signaling), a
                // candidate waits for the next description.
                let early = connection.remote_description().is_none()
                    || candidate
                        .as_ref()
                        .is_some_and(|c| !matches_remote_generation(connection, c));
                if early {
                    self.keep_early(candidate);
                } else {
                    self.add_candidate(connection, candidate).await;
                }
                None
            }
        }
    }

    /// Keeps a candidate that came before its description, within
    /// [`MAX_PENDING_CANDIDATES`] per ICE generation and
    /// [`MAX_PENDING_GENERATIONS`] generations. Past either, the driver
    /// reports [`Error::ReceiveBufferFull`] and stops: a remote that floods
    /// candidates cannot grow memory without bound.
    fn keep_early(&mut self, candidate: Option<IceCandidate>) {
        let generation = |c: &Option<IceCandidate>| {
            c.as_ref()
                .and_then(|c| c.username_fragment.clone())
                .unwrap_or_default()
        };
        let mine = generation(&candidate);
        let same = self
            .pending_candidates
            .iter()
            .filter(|c| generation(c) == mine)
            .count();
        let mut generations: Vec<String> = self.pending_candidates.iter().map(generation).collect();
        generations.sort_unstable();
        generations.dedup();
        let new_generation = same == 0;
        if same >= MAX_PENDING_CANDIDATES
            || (new_generation && generations.len() >= MAX_PENDING_GENERATIONS)
        {
            let limit = if same >= MAX_PENDING_CANDIDATES {
                MAX_PENDING_CANDIDATES
            } else {
                MAX_PENDING_GENERATIONS
            };
            self.shared
                .report(NegotiationEvent::Error(Error::ReceiveBufferFull { limit }));
            self.overflowed = true;
            return;
        }
        self.pending_candidates.push(candidate);
    }

    async fn add_candidate(&self, connection: &PeerConnection, candidate: Option<IceCandidate>) {
        if let Some(stale) = &candidate {
            if !matches_remote_generation(connection, stale) {
                // A candidate of an ICE generation the remote description no
                // longer has (a rolled-back or ignored offer, or an earlier
                // restart): the browser would reject it; it is not an error.
                return;
            }
        }
        if let Err(error) = connection.add_ice_candidate(candidate.as_ref()).await {
            // Candidates of an offer we ignored do not match anything; that
            // is expected, not an error.
            if !self.ignore_offer {
                self.shared.report(NegotiationEvent::Error(error));
            }
        }
    }

    /// Arms, keeps or disarms the restart timer after a state change.
    fn on_state(&mut self, state: PeerConnectionState, timer: &mut Option<TimeoutFuture>) {
        let Some(policy) = &self.policy else { return };
        if self.polite {
            return;
        }
        match state {
            PeerConnectionState::Connected | PeerConnectionState::Closed => {
                self.attempts = 0;
                *timer = None;
            }
            // `failed` restarts at once, also during the `disconnected`
            // grace period, but not while a restart is under way.
            PeerConnectionState::Failed if self.attempts == 0 => {
                *timer = Some(TimeoutFuture::new(0));
            }
            PeerConnectionState::Disconnected if timer.is_none() => {
                *timer = Some(millis(policy.grace));
            }
            _ => {}
        }
    }

    /// After an exchange, arms the restart timer for a connection that has
    /// not connected yet (impolite side, no restart timer running).
    fn arm_connect_timeout(&self, connection: &PeerConnection, timer: &mut Option<TimeoutFuture>) {
        let Some(policy) = &self.policy else { return };
        if self.polite || timer.is_some() {
            return;
        }
        let stable = connection.signaling_state() == SignalingState::Stable;
        let state = connection.connection_state();
        if stable
            && matches!(
                state,
                PeerConnectionState::New | PeerConnectionState::Connecting
            )
        {
            *timer = Some(millis(policy.connect_timeout));
        }
    }

    /// Restarts ICE and arms the timer for the next attempt.
    fn restart(&mut self, connection: &PeerConnection) -> Option<TimeoutFuture> {
        let policy = self.policy.clone()?;
        if self.attempts >= policy.max_attempts {
            self.shared.report(NegotiationEvent::IceRestartGaveUp);
            return None;
        }
        self.attempts += 1;
        self.shared.report(NegotiationEvent::IceRestart {
            attempt: self.attempts,
        });
        if let Err(error) = connection.restart_ice() {
            self.shared.report(NegotiationEvent::Error(error));
        }
        let factor = 2u32.saturating_pow(self.attempts.saturating_sub(1));
        let wait = policy
            .backoff
            .saturating_mul(factor)
            .min(policy.max_backoff);
        // The next attempt comes after the wait plus the grace period, unless
        // the connection recovers first.
        Some(millis(wait.saturating_add(policy.grace)))
    }
}

/// Whether `candidate` belongs to an ICE generation of the current remote
/// description (candidates without a username fragment are assumed to).
fn matches_remote_generation(connection: &PeerConnection, candidate: &IceCandidate) -> bool {
    let Some(ufrag) = candidate.username_fragment.as_deref() else {
        return true;
    };
    let Some(remote) = connection.remote_description() else {
        return true;
    };
    sdp_attributes(&remote.sdp, "ice-ufrag").any(|remote_ufrag| remote_ufrag == ufrag)
}

fn millis(duration: Duration) -> TimeoutFuture {
    TimeoutFuture::new(u32::try_from(duration.as_millis()).unwrap_or(u32::MAX))
}
