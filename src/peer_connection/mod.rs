//! [`PeerConnection`]: the typed `RTCPeerConnection`.
//!
//! See [`RTCPeerConnection`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection).

use std::fmt;
use std::future::Future;
use std::rc::Rc;

use futures::StreamExt;
use js_sys::Object;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget};

use crate::configuration::{Certificate, CertificateAlgorithm, Configuration};
use crate::data_channel::{DataChannel, DataChannelInit};
use crate::error::{Error, Result};
use crate::event::Registry;
use crate::identity::Handles;
use crate::object::set;
use crate::promise::settle;
use crate::session::{IceCandidate, SessionDescription, sdp_attributes};
use crate::sys;
pub use crate::transport::{SctpTransport, SctpTransportState};

mod events;
mod media;
mod state;
mod stats;
mod weak;

pub use events::{IceCandidateError, TrackEvent};
pub use media::TrackOrKind;
pub use state::{IceConnectionState, IceGatheringState, PeerConnectionState, SignalingState};
pub use stats::StatsStream;
pub use weak::WeakPeerConnection;

/// Options for [`PeerConnection::create_offer`].
///
/// See [`createOffer()` options](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createOffer#options).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferOptions {
    /// [`iceRestart`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createOffer#icerestart):
    /// new ICE credentials in the offer. Prefer [`PeerConnection::restart_ice`].
    pub ice_restart: bool,
    /// [`voiceActivityDetection`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createOffer#voiceactivitydetection);
    /// `None` keeps the browser's default (on).
    pub voice_activity_detection: Option<bool>,
    /// Legacy [`offerToReceiveAudio`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createOffer#offertoreceiveaudio):
    /// ask for audio without sending any. Deprecated by the spec; use a
    /// `recvonly` transceiver instead.
    pub offer_to_receive_audio: Option<bool>,
    /// Legacy [`offerToReceiveVideo`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createOffer#offertoreceivevideo):
    /// ask for video without sending any. Deprecated by the spec; use a
    /// `recvonly` transceiver instead.
    pub offer_to_receive_video: Option<bool>,
}

impl OfferOptions {
    /// Options for an ICE-restart offer.
    pub fn ice_restart() -> Self {
        OfferOptions {
            ice_restart: true,
            ..Default::default()
        }
    }

    fn to_js(&self) -> JsValue {
        let object = Object::new();
        if self.ice_restart {
            set(&object, "iceRestart", &true.into());
        }
        if let Some(vad) = self.voice_activity_detection {
            set(&object, "voiceActivityDetection", &vad.into());
        }
        if let Some(audio) = self.offer_to_receive_audio {
            set(&object, "offerToReceiveAudio", &audio.into());
        }
        if let Some(video) = self.offer_to_receive_video {
            set(&object, "offerToReceiveVideo", &video.into());
        }
        object.into()
    }
}

struct Inner {
    raw: sys::PeerConnection,
    listeners: Registry,
    close_on_drop: std::cell::Cell<bool>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if self.close_on_drop.get() {
            self.raw.close();
        }
        self.listeners.unregister_all();
        CONNECTIONS.with(|handles| handles.remove(&self.raw));
    }
}

thread_local! {
    /// The state of every wrapped connection, by browser object.
    static CONNECTIONS: Handles<Inner> = Handles::new();
}

/// A WebRTC connection between the local browser and a remote peer.
///
/// A cheap handle: clones — and every handle made from the same browser
/// object with `From<RtcPeerConnection>` — share one `RTCPeerConnection`
/// and one state. When the last handle is dropped the connection is closed
/// and every listener registered through it (callbacks and streams alike)
/// is removed. Handles compare equal when they share the browser object.
///
/// Every event comes two ways: an `on_*` method that takes a callback and
/// returns a [`Listener`](crate::Listener) guard, and a method returning an
/// [`EventStream`](crate::EventStream).
///
/// Methods that return a promise in JavaScript return a `'static` future: the
/// browser call is made at once (so calls keep the order they were made in,
/// as in JavaScript), and the future only waits for the result without
/// keeping the connection open.
///
/// See [`RTCPeerConnection`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection).
#[derive(Clone)]
pub struct PeerConnection {
    inner: Rc<Inner>,
}

impl PartialEq for PeerConnection {
    /// Handles are equal when they stand for the same browser connection.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for PeerConnection {}

impl fmt::Debug for PeerConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PeerConnection")
            .field("connection_state", &self.connection_state())
            .field("signaling_state", &self.signaling_state())
            .field("listeners", &self.inner.listeners)
            .finish()
    }
}

impl PeerConnection {
    /// Creates a connection.
    ///
    /// See [`RTCPeerConnection()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection).
    ///
    /// # Errors
    /// [`Error::Syntax`] for a malformed ICE server URL,
    /// [`Error::InvalidAccess`] for a TURN server without credentials,
    /// [`Error::InvalidState`] for an expired certificate,
    /// [`Error::NotSupported`] for an unsupported policy value.
    pub fn new(configuration: &Configuration) -> Result<Self> {
        let raw = sys::PeerConnection::new(&configuration.to_js())?;
        Ok(Self::wrap(raw))
    }

    /// Creates a connection from a JavaScript `RTCConfiguration`, passed to
    /// the browser as it is.
    #[cfg(feature = "js")]
    pub(crate) fn from_js_configuration(configuration: &JsValue) -> Result<Self> {
        Ok(Self::wrap(sys::PeerConnection::new(configuration)?))
    }

    /// The handle of `raw`: the state every other handle of it shares, or
    /// a new one.
    fn wrap(raw: sys::PeerConnection) -> Self {
        let inner = CONNECTIONS.with(|handles| {
            handles.find_or_insert(&raw, || {
                Rc::new(Inner {
                    raw: raw.clone(),
                    listeners: Registry::default(),
                    close_on_drop: std::cell::Cell::new(true),
                })
            })
        });
        PeerConnection { inner }
    }

    /// Generates a DTLS certificate to use in a [`Configuration`].
    ///
    /// See [`RTCPeerConnection.generateCertificate()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/generateCertificate_static).
    ///
    /// # Errors
    /// [`Error::NotSupported`] when the browser does not support the algorithm.
    pub fn generate_certificate(
        algorithm: &CertificateAlgorithm,
    ) -> impl Future<Output = Result<Certificate>> + 'static + use<> {
        settle(
            sys::PeerConnection::generate_certificate(&algorithm.to_js()),
            |value| Ok(Certificate::from_raw(value.unchecked_into())),
        )
    }

    /// The configuration in force, with the browser's defaults filled in.
    /// Firefox leaves out `iceCandidatePoolSize`, so it reads back as `None`
    /// there.
    ///
    /// See [`RTCPeerConnection.getConfiguration()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getConfiguration).
    pub fn get_configuration(&self) -> Configuration {
        Configuration::from_js(
            &self
                .inner
                .raw
                .get_configuration()
                .unwrap_or(JsValue::UNDEFINED),
        )
    }

    /// Changes the configuration (ICE servers and policies; certificates and
    /// the bundle and RTCP policies cannot change).
    ///
    /// Members left unset (`None`, or no certificates) keep their current
    /// values, as the spec expects of a partial configuration: changing
    /// only the ICE servers of a `max-bundle` connection works. The ICE
    /// server list is always the one given (an empty list removes them).
    ///
    /// See [`RTCPeerConnection.setConfiguration()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/setConfiguration).
    ///
    /// # Errors
    /// [`Error::InvalidModification`] when a member that cannot change
    /// differs, [`Error::InvalidState`] when closed, [`Error::Syntax`] for a
    /// malformed URL.
    pub fn set_configuration(&self, configuration: &Configuration) -> Result<()> {
        self.set_js_configuration(&configuration.to_js())
    }

    /// [`set_configuration`](Self::set_configuration) with a JavaScript
    /// `RTCConfiguration` (the JavaScript API's), merged the same way.
    pub(crate) fn set_js_configuration(&self, configuration: &JsValue) -> Result<()> {
        let current = self
            .inner
            .raw
            .get_configuration()
            .unwrap_or(JsValue::UNDEFINED);
        let merged = crate::object::copy(&current);
        js_sys::Object::assign(&merged, configuration.unchecked_ref());
        Ok(self.inner.raw.set_configuration(&merged)?)
    }

    /// Creates an SDP offer.
    ///
    /// See [`RTCPeerConnection.createOffer()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createOffer).
    ///
    /// # Errors
    /// [`Error::InvalidState`] when the connection is closed,
    /// [`Error::Operation`] when the offer could not be made.
    pub fn create_offer(
        &self,
        options: &OfferOptions,
    ) -> impl Future<Output = Result<SessionDescription>> + 'static + use<> {
        settle(self.inner.raw.create_offer(&options.to_js()), |value| {
            SessionDescription::from_js(&value)
        })
    }

    /// Creates an SDP answer to the remote offer.
    ///
    /// See [`RTCPeerConnection.createAnswer()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createAnswer).
    ///
    /// # Errors
    /// [`Error::InvalidState`] when there is no remote offer or the
    /// connection is closed.
    pub fn create_answer(
        &self,
    ) -> impl Future<Output = Result<SessionDescription>> + 'static + use<> {
        settle(self.inner.raw.create_answer(), |value| {
            SessionDescription::from_js(&value)
        })
    }

    /// Applies a local description (an offer, answer, pranswer or rollback).
    ///
    /// See [`RTCPeerConnection.setLocalDescription()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/setLocalDescription).
    ///
    /// # Errors
    /// [`Error::InvalidState`] in the wrong signaling state or when closed,
    /// [`Error::InvalidModification`] when the SDP was changed since it was
    /// created, [`Error::Operation`] when it cannot be applied.
    pub fn set_local_description(
        &self,
        description: &SessionDescription,
    ) -> impl Future<Output = Result<()>> + 'static + use<> {
        settle(
            self.inner.raw.set_local_description(&description.to_js()),
            |_| Ok(()),
        )
    }

    /// Creates and applies the description the signaling state calls for —
    /// an offer in `stable` or `have-local-offer`, an answer in
    /// `have-remote-offer` — and returns it.
    ///
    /// This is the parameterless `setLocalDescription()` that perfect
    /// negotiation uses.
    ///
    /// See [`RTCPeerConnection.setLocalDescription()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/setLocalDescription#implicit_description).
    ///
    /// # Errors
    /// As [`PeerConnection::set_local_description`].
    pub fn set_local_description_implicit(
        &self,
    ) -> impl Future<Output = Result<SessionDescription>> + 'static + use<> {
        let raw = self.inner.raw.clone();
        settle(self.inner.raw.set_local_description_implicit(), move |_| {
            description(raw.local_description()).ok_or_else(|| {
                Error::InvalidState("no local description after setLocalDescription()".into())
            })
        })
    }

    /// Applies the remote peer's description (or a rollback).
    ///
    /// See [`RTCPeerConnection.setRemoteDescription()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/setRemoteDescription).
    ///
    /// # Errors
    /// [`Error::InvalidState`] in the wrong signaling state or when closed;
    /// [`Error::Operation`] (with `sdp-syntax-error` details where the
    /// browser gives them) or [`Error::InvalidAccess`] for SDP that does not
    /// parse or cannot be applied.
    pub fn set_remote_description(
        &self,
        description: &SessionDescription,
    ) -> impl Future<Output = Result<()>> + 'static + use<> {
        settle(
            self.inner.raw.set_remote_description(&description.to_js()),
            |_| Ok(()),
        )
    }

    /// Adds a remote ICE candidate; `None` signals the end of candidates for
    /// the current generation. A candidate with an empty string signals the end
    /// of candidates for its media section.
    ///
    /// See [`RTCPeerConnection.addIceCandidate()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/addIceCandidate).
    ///
    /// # Errors
    /// [`Error::InvalidState`] when there is no remote description yet or the
    /// connection is closed; [`Error::Type`] when both `sdp_mid` and
    /// `sdp_m_line_index` are `None`; [`Error::Operation`] when the candidate
    /// names no media section, its `username_fragment` matches no remote
    /// description or its string does not parse. What a browser accepts
    /// against the spec (Firefox a malformed string, Chromium an unknown
    /// ufrag or an end of candidates before any remote description) is
    /// rejected here with the spec's error once the browser call returns.
    pub fn add_ice_candidate(
        &self,
        candidate: Option<&IceCandidate>,
    ) -> impl Future<Output = Result<()>> + 'static + use<> {
        let raw = self.inner.raw.clone();
        let call = match candidate {
            Some(candidate) => raw.add_ice_candidate(&candidate.to_js()),
            None => raw.add_end_of_candidates(),
        };
        let candidate = candidate.cloned();
        // What a browser accepted against the spec is rejected here, against
        // the remote descriptions the call saw in the operations chain.
        settle(call, move |_| {
            if raw.signaling_state() == SignalingState::Closed.as_str() {
                return Ok(());
            }
            let remote: Vec<SessionDescription> = [
                description(raw.pending_remote_description()),
                description(raw.current_remote_description()),
            ]
            .into_iter()
            .flatten()
            .collect();
            IceCandidate::rejection(candidate.as_ref(), &remote).map_or(Ok(()), Err)
        })
    }

    /// Asks for an ICE restart: the next offer carries new ICE credentials,
    /// and `negotiationneeded` fires.
    ///
    /// See [`RTCPeerConnection.restartIce()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/restartIce).
    ///
    /// # Errors
    /// [`Error::Type`] in a browser without `restartIce()`.
    pub fn restart_ice(&self) -> Result<()> {
        Ok(self.inner.raw.restart_ice()?)
    }

    /// Closes the connection. Its state becomes `closed`. A closed
    /// connection fires no more events, so every listener registered through
    /// it is removed: its streams end, and futures such as
    /// [`connected`](Self::connected) return [`Error::Closed`].
    ///
    /// See [`RTCPeerConnection.close()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/close).
    pub fn close(&self) {
        self.inner.raw.close();
        self.inner.listeners.unregister_all();
    }

    /// Creates a data channel.
    ///
    /// See [`RTCPeerConnection.createDataChannel()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createDataChannel).
    ///
    /// # Errors
    /// [`Error::InvalidState`] when the connection is closed,
    /// [`Error::Type`] for a label or protocol over 65 535 bytes,
    /// [`Error::Syntax`] / [`Error::Operation`] for an id out of range or in
    /// use.
    pub fn create_data_channel(&self, label: &str, init: &DataChannelInit) -> Result<DataChannel> {
        let raw = self.inner.raw.create_data_channel(label, &init.to_js())?;
        Ok(DataChannel::from_raw(raw, Some(self.inner.raw.clone())))
    }

    /// The aggregate connection state.
    ///
    /// See [`RTCPeerConnection.connectionState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/connectionState).
    pub fn connection_state(&self) -> PeerConnectionState {
        connection_state(&self.inner.raw)
    }

    /// The ICE agent's state.
    ///
    /// See [`RTCPeerConnection.iceConnectionState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceConnectionState).
    pub fn ice_connection_state(&self) -> IceConnectionState {
        IceConnectionState::from(self.inner.raw.ice_connection_state().as_str())
    }

    /// The candidate gathering state.
    ///
    /// See [`RTCPeerConnection.iceGatheringState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceGatheringState).
    pub fn ice_gathering_state(&self) -> IceGatheringState {
        IceGatheringState::from(self.inner.raw.ice_gathering_state().as_str())
    }

    /// The signaling state.
    ///
    /// See [`RTCPeerConnection.signalingState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/signalingState).
    pub fn signaling_state(&self) -> SignalingState {
        SignalingState::from(self.inner.raw.signaling_state().as_str())
    }

    /// The pending local description if there is one, else the current one.
    ///
    /// See [`RTCPeerConnection.localDescription`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/localDescription).
    pub fn local_description(&self) -> Option<SessionDescription> {
        description(self.inner.raw.local_description())
    }

    /// The pending remote description if there is one, else the current one.
    ///
    /// See [`RTCPeerConnection.remoteDescription`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/remoteDescription).
    pub fn remote_description(&self) -> Option<SessionDescription> {
        description(self.inner.raw.remote_description())
    }

    /// The local description of the last completed exchange.
    ///
    /// See [`RTCPeerConnection.currentLocalDescription`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/currentLocalDescription).
    pub fn current_local_description(&self) -> Option<SessionDescription> {
        description(self.inner.raw.current_local_description())
    }

    /// The remote description of the last completed exchange.
    ///
    /// See [`RTCPeerConnection.currentRemoteDescription`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/currentRemoteDescription).
    pub fn current_remote_description(&self) -> Option<SessionDescription> {
        description(self.inner.raw.current_remote_description())
    }

    /// The local description of the exchange in progress.
    ///
    /// See [`RTCPeerConnection.pendingLocalDescription`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/pendingLocalDescription).
    pub fn pending_local_description(&self) -> Option<SessionDescription> {
        description(self.inner.raw.pending_local_description())
    }

    /// The remote description of the exchange in progress.
    ///
    /// See [`RTCPeerConnection.pendingRemoteDescription`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/pendingRemoteDescription).
    pub fn pending_remote_description(&self) -> Option<SessionDescription> {
        description(self.inner.raw.pending_remote_description())
    }

    /// Whether the remote peer accepts trickled candidates; `None` until a
    /// remote description is set.
    ///
    /// See [`RTCPeerConnection.canTrickleIceCandidates`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/canTrickleIceCandidates).
    pub fn can_trickle_ice_candidates(&self) -> Option<bool> {
        self.inner.raw.can_trickle_ice_candidates()
    }

    /// The SCTP transport of the data channels; `None` until data channels
    /// are negotiated.
    ///
    /// See [`RTCPeerConnection.sctp`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/sctp).
    pub fn sctp(&self) -> Option<SctpTransport> {
        self.inner
            .raw
            .sctp()
            .map(|raw| SctpTransport::from_raw(raw, self.inner.listeners.clone()))
    }

    /// Waits until the connection state is `connected`.
    ///
    /// # Errors
    /// [`Error::ConnectionFailed`] when the state becomes `failed`,
    /// [`Error::Closed`] when it becomes `closed` (or the connection is
    /// dropped while waiting).
    ///
    /// [`Error::NoLocalCandidates`] when gathering completed without a single
    /// local candidate: no candidate pair can ever form, and browsers may
    /// leave such a connection in `connecting` for good.
    pub async fn connected(&self) -> Result<()> {
        let mut changes = futures::stream::select(
            self.connection_state_changes().map(drop),
            self.ice_gathering_state_changes().map(drop),
        );
        loop {
            match self.connection_state() {
                PeerConnectionState::Connected => return Ok(()),
                PeerConnectionState::Failed => return Err(Error::ConnectionFailed),
                PeerConnectionState::Closed => return Err(Error::Closed),
                _ => {}
            }
            if self.gathered_nothing() {
                return Err(Error::NoLocalCandidates);
            }
            if changes.next().await.is_none() {
                return Err(Error::Closed);
            }
        }
    }

    /// Whether gathering is complete and the local description holds no
    /// candidate (the browser adds every gathered candidate to it).
    fn gathered_nothing(&self) -> bool {
        self.ice_gathering_state() == IceGatheringState::Complete
            && self.local_description().is_some_and(|description| {
                sdp_attributes(&description.sdp, "candidate")
                    .next()
                    .is_none()
            })
    }

    /// Waits until candidate gathering is `complete`.
    ///
    /// # Errors
    /// [`Error::Closed`] when the connection closes first.
    pub async fn ice_gathering_complete(&self) -> Result<()> {
        let mut changes = self.ice_gathering_state_changes();
        loop {
            if self.signaling_state() == SignalingState::Closed {
                return Err(Error::Closed);
            }
            if self.ice_gathering_state() == IceGatheringState::Complete {
                return Ok(());
            }
            if changes.next().await.is_none() {
                return Err(Error::Closed);
            }
        }
    }

    /// The browser's `RTCPeerConnection`.
    pub fn as_raw(&self) -> &web_sys::RtcPeerConnection {
        self.inner.raw.unchecked_ref()
    }

    /// Gives up the wrapper and returns the browser's `RTCPeerConnection`,
    /// which stays open: dropping the remaining handles then only removes
    /// listeners.
    pub fn into_raw(self) -> web_sys::RtcPeerConnection {
        self.keep_open_on_drop();
        self.inner.raw.clone().unchecked_into()
    }

    /// Makes dropping the last handle remove listeners without closing the
    /// connection (the JavaScript API's semantics).
    pub(crate) fn keep_open_on_drop(&self) {
        self.inner.close_on_drop.set(false);
    }

    fn target(&self) -> &EventTarget {
        self.inner.raw.unchecked_ref()
    }

    fn state_reader<T>(
        &self,
        read: impl Fn(&sys::PeerConnection) -> T + 'static,
    ) -> impl Fn(&Event) -> T + 'static {
        let raw = self.inner.raw.clone();
        move |_| read(&raw)
    }
}

fn connection_state(raw: &sys::PeerConnection) -> PeerConnectionState {
    match raw.connection_state() {
        Some(state) => PeerConnectionState::from(state.as_str()),
        None => PeerConnectionState::Unknown(String::new()),
    }
}

fn description(raw: Option<sys::SessionDescription>) -> Option<SessionDescription> {
    SessionDescription::from_sys(&raw?).ok()
}

impl From<web_sys::RtcPeerConnection> for PeerConnection {
    /// Wraps an existing connection; dropping the last handle closes it.
    fn from(raw: web_sys::RtcPeerConnection) -> Self {
        Self::wrap(raw.unchecked_into())
    }
}

impl AsRef<web_sys::RtcPeerConnection> for PeerConnection {
    fn as_ref(&self) -> &web_sys::RtcPeerConnection {
        self.as_raw()
    }
}
