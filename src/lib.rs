//! Typed Rust wrappers over the browser's own WebRTC.
//!
//! `webrtc-wasm` binds the browser's `RTCPeerConnection` and friends — it never
//! reimplements ICE, DTLS, SCTP or RTP — and gives them typed options, typed
//! errors, futures for promises and streams for events. Every listener is
//! owned by a guard or a stream and is removed when that is dropped; dropping
//! the last handle to a connection closes it.
//!
//! # A connection, with your own signaling
//!
//! The offer, the answer and each ICE candidate travel over whatever
//! signaling channel your app has, as JSON (serde):
//!
//! ```no_run
//! use futures::StreamExt;
//! use webrtc_wasm::{
//!     Configuration, DataChannelInit, IceCandidate, Message, OfferOptions, PeerConnection,
//!     SessionDescription,
//! };
//!
//! # async fn send_to_peer(_text: String) {}
//! # async fn next_from_peer() -> String { String::new() }
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let pc = PeerConnection::new(&Configuration::default())?;
//! let chat = pc.create_data_channel("chat", &DataChannelInit::default())?;
//!
//! let offer = pc.create_offer(&OfferOptions::default()).await?;
//! pc.set_local_description(&offer).await?;
//! send_to_peer(serde_json::to_string(&offer)?).await;
//! // Each local candidate goes to the peer as it is found; `None`, the end
//! // of candidates, too. The stream ends when `pc` is dropped.
//! let mut candidates = pc.ice_candidates();
//! wasm_bindgen_futures::spawn_local(async move {
//!     while let Some(candidate) = candidates.next().await {
//!         let text = serde_json::to_string(&candidate).expect("a candidate is JSON");
//!         send_to_peer(text).await;
//!     }
//! });
//!
//! let answer: SessionDescription = serde_json::from_str(&next_from_peer().await)?;
//! pc.set_remote_description(&answer).await?;
//! // And each of the peer's candidates as it arrives:
//! let candidate: Option<IceCandidate> = serde_json::from_str(&next_from_peer().await)?;
//! pc.add_ice_candidate(candidate.as_ref()).await?;
//!
//! pc.connected().await?; // or Err(ConnectionFailed), not a hang
//! chat.open().await?;
//! chat.send(Message::text("hello")).await?; // waits while the send queue is full
//! # Ok(()) }
//! ```
//!
//! [`PerfectNegotiation`] does this exchange for you over a
//! [signaling transport](signaling).
//!
//! # Two peers in one page, in tests
//!
//! With the cargo feature `testing`, the `testing` module does the same
//! exchange in one page (candidates both ways, errors reported) for your
//! own `wasm-pack test` suites:
//!
//! ```no_run
//! # #[cfg(feature = "testing")]
//! # async fn run() -> Result<(), webrtc_wasm::testing::TestError> {
//! use futures::StreamExt;
//! use webrtc_wasm::{Message, testing::ChannelPair};
//!
//! let mut pair = ChannelPair::new().await?; // connected, channel open
//! pair.channel.send(Message::text("hello")).await?;
//! assert_eq!(pair.remote.next().await, Some(Ok(Message::text("hello"))));
//! # Ok(()) }
//! ```
//!
//! # Escape hatches
//!
//! Every wrapper has `as_raw()` (the `web-sys` object) so nothing this crate
//! does not cover blocks you, and [`Listener::new`] listens to any event of any
//! target with the same drop-to-remove guarantee.
//!
//! # Handles, values and threads
//!
//! Handles ([`PeerConnection`], [`DataChannel`], [`RtpTransceiver`],
//! [`RtpSender`], [`RtpReceiver`], [`DtmfSender`], the transports,
//! [`PerfectNegotiation`], [`EventStream`]) wrap JavaScript objects of one
//! thread, so they are not `Send`: keep them on the thread that made them,
//! in the local storage a front end offers for that (in Leptos a
//! `StoredValue::new_local` or `RwSignal::new_local`, in Yew component state
//! or an `Rc`), never behind an `unsafe impl Send`. The browser-object
//! handles compare by identity (`==` when they stand for the same object),
//! so they can be Yew props or effect dependencies. The values they give
//! ([`StatsReport`], [`Message`], [`Error`], [`Signal`], the state enums)
//! are `Send + Sync` (checked at compile time) and go into any signal.

#![deny(missing_docs, missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(rust_2018_idioms)]

#[macro_use]
mod macros;

mod configuration;
mod data_channel;
mod error;
mod event;
mod identity;
#[cfg(feature = "io")]
mod io;
pub mod media;
mod message;
pub mod negotiation;
mod object;
mod peer_connection;
mod promise;
mod queue;
mod session;
pub mod signaling;
pub mod stats;
mod sys;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
pub mod transfer;
mod transport;

#[cfg(feature = "js")]
pub mod js;

pub use configuration::{
    BundlePolicy, Certificate, CertificateAlgorithm, CertificateFingerprint, Configuration,
    HashAlgorithm, IceServer, IceTransportPolicy, RtcpMuxPolicy,
};
pub use data_channel::{
    DEFAULT_HIGH_WATERMARK, DEFAULT_LOW_WATERMARK, DEFAULT_RECEIVE_LIMIT, DataChannel,
    DataChannelInit, DataChannelSink, DataChannelState, DataChannelStream,
    FALLBACK_MAX_MESSAGE_SIZE, Negotiation, Priority, Reliability,
};
pub use error::{Error, Result, RtcErrorDetail, RtcErrorDetailType};
pub use event::{EventStream, Listener, live_listener_count};
#[cfg(feature = "io")]
pub use io::DataChannelIo;
pub use media::{
    CanvasVideoSource, DtmfSender, MediaKind, OscillatorAudioSource, RtpCapabilities, RtpCodec,
    RtpEncodingParameters, RtpHeaderExtension, RtpReceiveParameters, RtpReceiver,
    RtpSendParameters, RtpSender, RtpTransceiver, TransceiverDirection, TransceiverInit,
};
pub use message::Message;
pub use negotiation::{NegotiationEvent, NegotiationOptions, PerfectNegotiation, Signal};
pub use peer_connection::{
    IceCandidateError, IceConnectionState, IceGatheringState, OfferOptions, PeerConnection,
    PeerConnectionState, SctpTransport, SctpTransportState, SignalingState, StatsStream,
    TrackEvent, TrackOrKind, WeakPeerConnection,
};
pub use queue::DEFAULT_EVENT_QUEUE_LIMIT;
pub use session::{
    CandidateFields, CandidateProtocol, CandidateType, IceCandidate, SdpType, SessionDescription,
};
pub use stats::{Stats, StatsDelta, StatsReport};
pub use transport::{
    DtlsTransport, DtlsTransportState, IceCandidatePair, IceComponent, IceGathererState,
    IceParameters, IceRole, IceTransport, IceTransportState,
};

// The values a front end keeps in ordinary (thread-safe) signals.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<StatsReport>();
    send_sync::<Stats>();
    send_sync::<Message>();
    send_sync::<Error>();
    send_sync::<Signal>();
    send_sync::<NegotiationEvent>();
    send_sync::<PeerConnectionState>();
    send_sync::<IceConnectionState>();
    send_sync::<IceGatheringState>();
    send_sync::<SignalingState>();
    send_sync::<DataChannelState>();
};

/// The npm package's allocator (feature `small-alloc`; see `Cargo.toml`).
#[cfg(all(
    feature = "small-alloc",
    target_family = "wasm",
    not(target_feature = "atomics")
))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
