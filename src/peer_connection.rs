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
use crate::media::{MediaKind, RtpReceiver, RtpSender, RtpTransceiver, TransceiverInit};
use crate::object::set;
use crate::promise::settle;
use crate::session::{IceCandidate, SessionDescription, sdp_attributes};
use crate::stats::{StatsReport, decode_report};
use crate::sys;
pub use crate::transport::{SctpTransport, SctpTransportState};

string_enum! {
    /// The aggregate state of a connection's transports.
    ///
    /// See [`RTCPeerConnection.connectionState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/connectionState).
    pub enum PeerConnectionState {
        /// `new`: no transport has started connecting.
        New = "new",
        /// `connecting`: ICE or DTLS is being established.
        Connecting = "connecting",
        /// `connected`: every transport is connected.
        Connected = "connected",
        /// `disconnected`: a transport lost connectivity; it may come back.
        Disconnected = "disconnected",
        /// `failed`: a transport failed; only an ICE restart can recover.
        Failed = "failed",
        /// `closed`: the connection was closed.
        Closed = "closed",
    }
}

string_enum! {
    /// The state of the ICE agent.
    ///
    /// See [`RTCPeerConnection.iceConnectionState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceConnectionState).
    pub enum IceConnectionState {
        /// `new`: gathering or waiting for remote candidates.
        New = "new",
        /// `checking`: checking candidate pairs.
        Checking = "checking",
        /// `connected`: a usable pair was found; checks may go on.
        Connected = "connected",
        /// `completed`: checks are done and a pair was found for every component.
        Completed = "completed",
        /// `disconnected`: connectivity was lost; it may come back.
        Disconnected = "disconnected",
        /// `failed`: no pair works.
        Failed = "failed",
        /// `closed`: the ICE agent was shut down.
        Closed = "closed",
    }
}

string_enum! {
    /// The state of ICE candidate gathering.
    ///
    /// See [`RTCPeerConnection.iceGatheringState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceGatheringState).
    pub enum IceGatheringState {
        /// `new`: nothing gathered yet.
        New = "new",
        /// `gathering`: gathering candidates.
        Gathering = "gathering",
        /// `complete`: gathering is done.
        Complete = "complete",
    }
}

string_enum! {
    /// Where the connection is in the offer/answer exchange.
    ///
    /// See [`RTCPeerConnection.signalingState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/signalingState).
    pub enum SignalingState {
        /// `stable`: no exchange in progress.
        Stable = "stable",
        /// `have-local-offer`: a local offer was applied.
        HaveLocalOffer = "have-local-offer",
        /// `have-remote-offer`: a remote offer was applied.
        HaveRemoteOffer = "have-remote-offer",
        /// `have-local-pranswer`: a local provisional answer was applied.
        HaveLocalPranswer = "have-local-pranswer",
        /// `have-remote-pranswer`: a remote provisional answer was applied.
        HaveRemotePranswer = "have-remote-pranswer",
        /// `closed`: the connection was closed.
        Closed = "closed",
    }
}

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

/// A failure to gather a candidate from a STUN or TURN server.
///
/// See [`RTCPeerConnectionIceErrorEvent`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IceCandidateError {
    /// The local [address](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent/address)
    /// used to reach the server; `None` when it is not exposed.
    pub address: Option<String>,
    /// The local [port](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent/port).
    pub port: Option<u16>,
    /// The server's [URL](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent/url).
    pub url: String,
    /// The STUN [error code](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent/errorCode)
    /// (e.g. 401 for wrong TURN credentials), or 701 when the server could not
    /// be reached.
    pub error_code: u16,
    /// The STUN reason phrase ([`errorText`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnectionIceErrorEvent/errorText)).
    pub error_text: String,
}

impl IceCandidateError {
    fn from_event(event: &Event) -> Self {
        let event: &sys::IceCandidateErrorEvent = event.unchecked_ref();
        IceCandidateError {
            address: event.address(),
            port: event.port(),
            url: event.url().unwrap_or_default(),
            error_code: event.error_code().unwrap_or_default(),
            error_text: event.error_text().unwrap_or_default(),
        }
    }
}

/// A remote track arrived.
///
/// See [`RTCTrackEvent`](https://developer.mozilla.org/en-US/docs/Web/API/RTCTrackEvent).
#[derive(Debug, Clone)]
pub struct TrackEvent {
    /// The [receiver](https://developer.mozilla.org/en-US/docs/Web/API/RTCTrackEvent/receiver)
    /// of the track.
    pub receiver: RtpReceiver,
    /// The [track](https://developer.mozilla.org/en-US/docs/Web/API/RTCTrackEvent/track).
    pub track: web_sys::MediaStreamTrack,
    /// The [streams](https://developer.mozilla.org/en-US/docs/Web/API/RTCTrackEvent/streams)
    /// the remote side put the track in.
    pub streams: Vec<web_sys::MediaStream>,
    /// The [transceiver](https://developer.mozilla.org/en-US/docs/Web/API/RTCTrackEvent/transceiver).
    pub transceiver: RtpTransceiver,
}

impl TrackEvent {
    fn from_event(event: &Event) -> Self {
        let event: &web_sys::RtcTrackEvent = event.unchecked_ref();
        TrackEvent {
            receiver: RtpReceiver::from(event.receiver()),
            track: event.track(),
            streams: event.streams().iter().map(JsCast::unchecked_into).collect(),
            transceiver: RtpTransceiver::from(event.transceiver()),
        }
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
        let current = self
            .inner
            .raw
            .get_configuration()
            .unwrap_or(JsValue::UNDEFINED);
        let merged = crate::object::copy(&current);
        js_sys::Object::assign(&merged, configuration.to_js().unchecked_ref());
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

    /// Sends `track` to the remote peer, in `streams` on the remote side;
    /// reuses a free transceiver of the same kind or adds one.
    ///
    /// See [`RTCPeerConnection.addTrack()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/addTrack).
    ///
    /// # Errors
    /// [`Error::InvalidAccess`] when the track is already being sent;
    /// [`Error::InvalidState`] when the connection is closed.
    pub fn add_track(
        &self,
        track: &web_sys::MediaStreamTrack,
        streams: &[web_sys::MediaStream],
    ) -> Result<RtpSender> {
        Ok(RtpSender::from_raw(
            self.inner.raw.add_track(track, streams)?,
        ))
    }

    /// Stops sending the sender's track (the transceiver becomes
    /// `recvonly` or `inactive`; negotiation is needed).
    ///
    /// See [`RTCPeerConnection.removeTrack()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/removeTrack).
    ///
    /// # Errors
    /// [`Error::InvalidAccess`] for a sender of another connection;
    /// [`Error::InvalidState`] when the connection is closed.
    pub fn remove_track(&self, sender: &RtpSender) -> Result<()> {
        Ok(self.inner.raw.remove_track(sender.raw())?)
    }

    /// Adds a transceiver for a kind of media or for a track.
    ///
    /// See [`RTCPeerConnection.addTransceiver()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/addTransceiver).
    ///
    /// # Errors
    /// [`Error::Type`] for a bad kind or direction, [`Error::Range`] /
    /// [`Error::Type`] for bad encodings (e.g. a `scale_resolution_down_by`
    /// below 1, or rids missing for simulcast), [`Error::InvalidState`] when
    /// closed.
    pub fn add_transceiver(
        &self,
        track_or_kind: impl Into<TrackOrKind>,
        init: &TransceiverInit,
    ) -> Result<RtpTransceiver> {
        for encoding in &init.send_encodings {
            encoding.validate()?;
        }
        let first = match track_or_kind.into() {
            TrackOrKind::Kind(kind) => JsValue::from_str(kind.as_str()),
            TrackOrKind::Track(track) => track.into(),
        };
        let raw = self.inner.raw.add_transceiver(&first, &init.to_js())?;
        Ok(RtpTransceiver::from_raw(raw))
    }

    /// Every transceiver, in the order they were added.
    ///
    /// See [`RTCPeerConnection.getTransceivers()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getTransceivers).
    pub fn get_transceivers(&self) -> Vec<RtpTransceiver> {
        self.inner
            .raw
            .get_transceivers()
            .iter()
            .map(|t| RtpTransceiver::from_raw(t.unchecked_into()))
            .collect()
    }

    /// The senders of every transceiver that is not stopped.
    ///
    /// See [`RTCPeerConnection.getSenders()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getSenders).
    pub fn get_senders(&self) -> Vec<RtpSender> {
        self.inner
            .raw
            .get_senders()
            .iter()
            .map(|s| RtpSender::from_raw(s.unchecked_into()))
            .collect()
    }

    /// The receivers of every transceiver that is not stopped.
    ///
    /// See [`RTCPeerConnection.getReceivers()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getReceivers).
    pub fn get_receivers(&self) -> Vec<RtpReceiver> {
        self.inner
            .raw
            .get_receivers()
            .iter()
            .map(|r| RtpReceiver::from_raw(r.unchecked_into()))
            .collect()
    }

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

    /// A handle that does not keep the connection open, for tasks (such as
    /// candidate forwarding) that must not outlive the connection's owner.
    pub fn downgrade(&self) -> WeakPeerConnection {
        WeakPeerConnection {
            inner: Rc::downgrade(&self.inner),
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

/// What [`PeerConnection::add_transceiver`] is for: a kind of media, or a
/// track to send.
#[derive(Debug, Clone)]
pub enum TrackOrKind {
    /// A kind of media, with no track yet.
    Kind(MediaKind),
    /// A track to send.
    Track(web_sys::MediaStreamTrack),
}

impl From<MediaKind> for TrackOrKind {
    fn from(kind: MediaKind) -> Self {
        TrackOrKind::Kind(kind)
    }
}

impl From<&web_sys::MediaStreamTrack> for TrackOrKind {
    fn from(track: &web_sys::MediaStreamTrack) -> Self {
        // `Clone::clone`: `MediaStreamTrack::clone` would make a new track.
        TrackOrKind::Track(Clone::clone(track))
    }
}

/// A [`PeerConnection`] handle that does not keep the connection open.
///
/// Made by [`PeerConnection::downgrade`]; [`WeakPeerConnection::upgrade`]
/// gives a full handle back while any other full handle exists.
#[derive(Clone, Default)]
pub struct WeakPeerConnection {
    inner: std::rc::Weak<Inner>,
}

impl WeakPeerConnection {
    /// A full handle, or `None` once every full handle was dropped (and the
    /// connection therefore closed).
    pub fn upgrade(&self) -> Option<PeerConnection> {
        self.inner.upgrade().map(|inner| PeerConnection { inner })
    }
}

impl fmt::Debug for WeakPeerConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WeakPeerConnection")
            .field("alive", &(self.inner.strong_count() > 0))
            .finish()
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

fn candidate_of(event: &Event) -> Option<IceCandidate> {
    let event: &sys::IceCandidateEvent = event.unchecked_ref();
    event.candidate().map(|c| IceCandidate::from_sys(&c))
}

fn data_channel_of(event: &Event) -> DataChannel {
    let connection = event.target().map(JsCast::unchecked_into);
    let event: &web_sys::RtcDataChannelEvent = event.unchecked_ref();
    DataChannel::from_raw(event.channel(), connection)
}

impl PeerConnection {
    fn event_registry(&self) -> &Registry {
        &self.inner.listeners
    }

    fn event_target(&self) -> &EventTarget {
        self.target()
    }

    event_methods! {
            /// The new connection state, on each
            /// [`connectionstatechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/connectionstatechange_event).
            "connectionstatechange" => on_connection_state_change, connection_state_changes, PeerConnectionState, |pc| pc.state_reader(connection_state);

            /// The new ICE connection state, on each
            /// [`iceconnectionstatechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/iceconnectionstatechange_event).
            "iceconnectionstatechange" => on_ice_connection_state_change, ice_connection_state_changes, IceConnectionState, |pc| pc.state_reader(|raw| IceConnectionState::from(raw.ice_connection_state().as_str()));

            /// The new gathering state, on each
            /// [`icegatheringstatechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/icegatheringstatechange_event).
            "icegatheringstatechange" => on_ice_gathering_state_change, ice_gathering_state_changes, IceGatheringState, |pc| pc.state_reader(|raw| IceGatheringState::from(raw.ice_gathering_state().as_str()));

            /// The new signaling state, on each
            /// [`signalingstatechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/signalingstatechange_event).
            "signalingstatechange" => on_signaling_state_change, signaling_state_changes, SignalingState, |pc| pc.state_reader(|raw| SignalingState::from(raw.signaling_state().as_str()));

            /// Each local candidate to send to the remote peer, on
            /// [`icecandidate`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/icecandidate_event);
            /// `None` once gathering is complete (send it too: it is the
            /// end-of-candidates signal).
            "icecandidate" => on_ice_candidate, ice_candidates, Option<IceCandidate>, |_pc| candidate_of;

            /// Each failure to gather from a STUN or TURN server, on
            /// [`icecandidateerror`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/icecandidateerror_event).
            "icecandidateerror" => on_ice_candidate_error, ice_candidate_errors, IceCandidateError, |_pc| IceCandidateError::from_event;

            /// Each [`negotiationneeded`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/negotiationneeded_event):
            /// a change needs a new offer/answer exchange.
            "negotiationneeded" => on_negotiation_needed, negotiation_needed, (), |_pc| |_: &Event| ();

            /// Each data channel the remote peer opened, on
            /// [`datachannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/datachannel_event).
            /// Every listener and stream gets a handle of the same channel (one
            /// message queue, one set of watermarks); dropping the last handle
            /// closes the channel, so keep one to use it. A stream holds at most
            /// [`DEFAULT_EVENT_QUEUE_LIMIT`](crate::DEFAULT_EVENT_QUEUE_LIMIT)
            /// unread channels; past that, the channel that does not fit is
            /// closed and the stream ends with
            /// [`Error::ReceiveBufferFull`] in [`EventStream::error`](crate::EventStream::error).
            "datachannel" => on_data_channel, data_channels, DataChannel, |_pc| data_channel_of;

            /// Each remote track, on
            /// [`track`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/track_event).
            "track" => on_track, tracks, TrackEvent, |_pc| TrackEvent::from_event;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn spec_strings<T>(known: &[T], as_str: impl Fn(&T) -> &str) -> Vec<String> {
        known.iter().map(|v| as_str(v).to_owned()).collect()
    }

    #[test]
    fn state_enums_use_the_spec_strings() {
        assert_eq!(
            spec_strings(PeerConnectionState::KNOWN, PeerConnectionState::as_str),
            [
                "new",
                "connecting",
                "connected",
                "disconnected",
                "failed",
                "closed"
            ]
        );
        assert_eq!(
            spec_strings(IceConnectionState::KNOWN, IceConnectionState::as_str),
            [
                "new",
                "checking",
                "connected",
                "completed",
                "disconnected",
                "failed",
                "closed"
            ]
        );
        assert_eq!(
            spec_strings(IceGatheringState::KNOWN, IceGatheringState::as_str),
            ["new", "gathering", "complete"]
        );
        assert_eq!(
            spec_strings(SignalingState::KNOWN, SignalingState::as_str),
            [
                "stable",
                "have-local-offer",
                "have-remote-offer",
                "have-local-pranswer",
                "have-remote-pranswer",
                "closed"
            ]
        );
        assert_eq!(
            spec_strings(SctpTransportState::KNOWN, SctpTransportState::as_str),
            ["connecting", "connected", "closed"]
        );
    }

    #[test]
    fn state_enums_round_trip_through_strings_and_serde() {
        for state in SignalingState::KNOWN {
            assert_eq!(&SignalingState::from(state.as_str()), state);
            assert_eq!(state.to_string(), state.as_str());
            let json = serde_json::to_string(state).unwrap();
            assert_eq!(json, format!("\"{}\"", state.as_str()));
            assert_eq!(
                &serde_json::from_str::<SignalingState>(&json).unwrap(),
                state
            );
        }
        for state in PeerConnectionState::KNOWN {
            assert_eq!(
                &state.as_str().parse::<PeerConnectionState>().unwrap(),
                state
            );
        }
        let future = IceConnectionState::from("some-future-state");
        assert_eq!(
            future,
            IceConnectionState::Unknown("some-future-state".into())
        );
        assert_eq!(future.as_str(), "some-future-state");
        assert_eq!(
            serde_json::to_string(&future).unwrap(),
            "\"some-future-state\""
        );
    }

    #[test]
    fn ice_candidate_errors_serialize_in_camel_case() {
        let error = IceCandidateError {
            address: Some("127.0.0.1".into()),
            port: Some(50000),
            url: "turn:127.0.0.1:3478?transport=udp".into(),
            error_code: 401,
            error_text: "Unauthorized".into(),
        };
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({
                "address": "127.0.0.1",
                "port": 50000,
                "url": "turn:127.0.0.1:3478?transport=udp",
                "errorCode": 401,
                "errorText": "Unauthorized"
            })
        );
    }
}
