//! Hand-written bindings for the parts of WebRTC that `web-sys` lacks or
//! binds in a form that does not fit (parameterless `setLocalDescription`,
//! `restartIce`, `sctp`, `RTCSctpTransport`, `RTCCertificate.getFingerprints`,
//! `RTCPeerConnectionIceErrorEvent`, ...).
//!
//! Attributes whose values are enums are read as strings so that values a
//! newer browser adds are kept rather than lost.

#![allow(missing_docs)]

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `RTCPeerConnection`, with the members bound here.
    #[wasm_bindgen(extends = web_sys::RtcPeerConnection, extends = web_sys::EventTarget, js_name = RTCPeerConnection)]
    #[derive(Debug, Clone)]
    pub type PeerConnection;

    #[wasm_bindgen(catch, constructor, js_class = "RTCPeerConnection")]
    pub fn new(configuration: &JsValue) -> Result<PeerConnection, JsValue>;

    #[wasm_bindgen(catch, static_method_of = PeerConnection, js_class = "RTCPeerConnection", js_name = generateCertificate)]
    pub fn generate_certificate(algorithm: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, method, js_name = createOffer)]
    pub fn create_offer(this: &PeerConnection, options: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, method, js_name = createAnswer)]
    pub fn create_answer(this: &PeerConnection) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setLocalDescription)]
    pub fn set_local_description(
        this: &PeerConnection,
        description: &JsValue,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setLocalDescription)]
    pub fn set_local_description_implicit(this: &PeerConnection) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setRemoteDescription)]
    pub fn set_remote_description(
        this: &PeerConnection,
        description: &JsValue,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, method, js_name = addIceCandidate)]
    pub fn add_ice_candidate(
        this: &PeerConnection,
        candidate: &JsValue,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, method, js_name = addIceCandidate)]
    pub fn add_end_of_candidates(this: &PeerConnection) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, method, js_name = restartIce)]
    pub fn restart_ice(this: &PeerConnection) -> Result<(), JsValue>;

    #[wasm_bindgen(method)]
    pub fn close(this: &PeerConnection);

    #[wasm_bindgen(catch, method, js_name = createDataChannel)]
    pub fn create_data_channel(
        this: &PeerConnection,
        label: &str,
        init: &JsValue,
    ) -> Result<web_sys::RtcDataChannel, JsValue>;

    #[wasm_bindgen(catch, method, js_name = getConfiguration)]
    pub fn get_configuration(this: &PeerConnection) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setConfiguration)]
    pub fn set_configuration(this: &PeerConnection, configuration: &JsValue)
    -> Result<(), JsValue>;

    #[wasm_bindgen(method, getter, js_name = connectionState)]
    pub fn connection_state(this: &PeerConnection) -> Option<String>;

    #[wasm_bindgen(method, getter, js_name = iceConnectionState)]
    pub fn ice_connection_state(this: &PeerConnection) -> String;

    #[wasm_bindgen(method, getter, js_name = iceGatheringState)]
    pub fn ice_gathering_state(this: &PeerConnection) -> String;

    #[wasm_bindgen(method, getter, js_name = signalingState)]
    pub fn signaling_state(this: &PeerConnection) -> String;

    #[wasm_bindgen(method, getter, js_name = localDescription)]
    pub fn local_description(this: &PeerConnection) -> Option<SessionDescription>;

    #[wasm_bindgen(method, getter, js_name = remoteDescription)]
    pub fn remote_description(this: &PeerConnection) -> Option<SessionDescription>;

    #[wasm_bindgen(method, getter, js_name = currentLocalDescription)]
    pub fn current_local_description(this: &PeerConnection) -> Option<SessionDescription>;

    #[wasm_bindgen(method, getter, js_name = currentRemoteDescription)]
    pub fn current_remote_description(this: &PeerConnection) -> Option<SessionDescription>;

    #[wasm_bindgen(method, getter, js_name = pendingLocalDescription)]
    pub fn pending_local_description(this: &PeerConnection) -> Option<SessionDescription>;

    #[wasm_bindgen(method, getter, js_name = pendingRemoteDescription)]
    pub fn pending_remote_description(this: &PeerConnection) -> Option<SessionDescription>;

    #[wasm_bindgen(method, getter, js_name = canTrickleIceCandidates)]
    pub fn can_trickle_ice_candidates(this: &PeerConnection) -> Option<bool>;

    #[wasm_bindgen(method, getter)]
    pub fn sctp(this: &PeerConnection) -> Option<SctpTransport>;

    /// `RTCSessionDescription` (or any `{type, sdp}` object).
    #[wasm_bindgen(js_name = RTCSessionDescription)]
    #[derive(Debug, Clone)]
    pub type SessionDescription;

    #[wasm_bindgen(method, getter, js_name = type)]
    pub fn sdp_type(this: &SessionDescription) -> Option<String>;

    #[wasm_bindgen(method, getter)]
    pub fn sdp(this: &SessionDescription) -> Option<String>;

    /// `RTCIceCandidate`.
    #[wasm_bindgen(js_name = RTCIceCandidate)]
    #[derive(Debug, Clone)]
    pub type IceCandidate;

    #[wasm_bindgen(method, getter)]
    pub fn candidate(this: &IceCandidate) -> Option<String>;

    #[wasm_bindgen(method, getter, js_name = sdpMid)]
    pub fn sdp_mid(this: &IceCandidate) -> Option<String>;

    #[wasm_bindgen(method, getter, js_name = sdpMLineIndex)]
    pub fn sdp_m_line_index(this: &IceCandidate) -> Option<u16>;

    #[wasm_bindgen(method, getter, js_name = usernameFragment)]
    pub fn username_fragment(this: &IceCandidate) -> Option<String>;

    /// `RTCPeerConnectionIceEvent`.
    #[wasm_bindgen(extends = web_sys::Event, js_name = RTCPeerConnectionIceEvent)]
    #[derive(Debug, Clone)]
    pub type IceCandidateEvent;

    #[wasm_bindgen(method, getter)]
    pub fn candidate(this: &IceCandidateEvent) -> Option<IceCandidate>;

    /// `RTCPeerConnectionIceErrorEvent`.
    #[wasm_bindgen(extends = web_sys::Event, js_name = RTCPeerConnectionIceErrorEvent)]
    #[derive(Debug, Clone)]
    pub type IceCandidateErrorEvent;

    #[wasm_bindgen(method, getter)]
    pub fn address(this: &IceCandidateErrorEvent) -> Option<String>;

    #[wasm_bindgen(method, getter)]
    pub fn port(this: &IceCandidateErrorEvent) -> Option<u16>;

    #[wasm_bindgen(method, getter)]
    pub fn url(this: &IceCandidateErrorEvent) -> Option<String>;

    #[wasm_bindgen(method, getter, js_name = errorCode)]
    pub fn error_code(this: &IceCandidateErrorEvent) -> Option<u16>;

    #[wasm_bindgen(method, getter, js_name = errorText)]
    pub fn error_text(this: &IceCandidateErrorEvent) -> Option<String>;

    /// `RTCSctpTransport`.
    #[wasm_bindgen(extends = web_sys::EventTarget, js_name = RTCSctpTransport)]
    #[derive(Debug, Clone, PartialEq)]
    pub type SctpTransport;

    #[wasm_bindgen(method, getter, js_name = maxMessageSize)]
    pub fn max_message_size(this: &SctpTransport) -> f64;

    #[wasm_bindgen(method, getter, js_name = maxChannels)]
    pub fn max_channels(this: &SctpTransport) -> Option<u16>;

    #[wasm_bindgen(method, getter)]
    pub fn state(this: &SctpTransport) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn transport(this: &SctpTransport) -> JsValue;

    /// `RTCCertificate`.
    #[wasm_bindgen(js_name = RTCCertificate)]
    #[derive(Debug, Clone, PartialEq)]
    pub type Certificate;

    #[wasm_bindgen(method, getter)]
    pub fn expires(this: &Certificate) -> f64;

    #[wasm_bindgen(catch, method, js_name = getFingerprints)]
    pub fn get_fingerprints(this: &Certificate) -> Result<Array, JsValue>;

    /// `RTCDataChannel`, with the attributes web-sys lacks and its enum
    /// attribute read as a string.
    #[wasm_bindgen(extends = web_sys::RtcDataChannel, extends = web_sys::EventTarget, js_name = RTCDataChannel)]
    #[derive(Debug, Clone)]
    pub type DataChannel;

    #[wasm_bindgen(method, getter, js_name = readyState)]
    pub fn ready_state(this: &DataChannel) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn ordered(this: &DataChannel) -> bool;

    #[wasm_bindgen(method, getter)]
    pub fn protocol(this: &DataChannel) -> String;

    #[wasm_bindgen(method, getter)]
    pub fn negotiated(this: &DataChannel) -> bool;

    #[wasm_bindgen(method, getter)]
    pub fn priority(this: &DataChannel) -> Option<String>;

    #[wasm_bindgen(catch, method, js_name = send)]
    pub fn send_text(this: &DataChannel, text: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = send)]
    pub fn send_bytes(this: &DataChannel, bytes: &[u8]) -> Result<(), JsValue>;

    /// `send()` with a JavaScript `ArrayBuffer` or view, not copied into
    /// wasm (the JavaScript API's binary messages).
    #[wasm_bindgen(catch, method, js_name = send)]
    pub fn send_buffer(this: &DataChannel, data: &JsValue) -> Result<(), JsValue>;

    /// `RTCErrorEvent`.
    #[wasm_bindgen(extends = web_sys::Event, js_name = RTCErrorEvent)]
    #[derive(Debug, Clone)]
    pub type ErrorEvent;

    #[wasm_bindgen(method, getter)]
    pub fn error(this: &ErrorEvent) -> JsValue;

    #[wasm_bindgen(catch, method, js_name = addTrack, variadic)]
    pub fn add_track(
        this: &PeerConnection,
        track: &web_sys::MediaStreamTrack,
        streams: &[web_sys::MediaStream],
    ) -> Result<RtpSender, JsValue>;

    #[wasm_bindgen(catch, method, js_name = removeTrack)]
    pub fn remove_track(this: &PeerConnection, sender: &RtpSender) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = addTransceiver)]
    pub fn add_transceiver(
        this: &PeerConnection,
        track_or_kind: &JsValue,
        init: &JsValue,
    ) -> Result<RtpTransceiver, JsValue>;

    #[wasm_bindgen(method, js_name = getTransceivers)]
    pub fn get_transceivers(this: &PeerConnection) -> Array;

    #[wasm_bindgen(method, js_name = getSenders)]
    pub fn get_senders(this: &PeerConnection) -> Array;

    #[wasm_bindgen(method, js_name = getReceivers)]
    pub fn get_receivers(this: &PeerConnection) -> Array;

    #[wasm_bindgen(catch, method, js_name = getStats)]
    pub fn get_stats(this: &PeerConnection, selector: &JsValue) -> Result<Promise, JsValue>;

    /// `RTCRtpTransceiver`.
    #[wasm_bindgen(js_name = RTCRtpTransceiver)]
    #[derive(Debug, Clone, PartialEq)]
    pub type RtpTransceiver;

    #[wasm_bindgen(method, getter)]
    pub fn mid(this: &RtpTransceiver) -> Option<String>;

    #[wasm_bindgen(method, getter)]
    pub fn direction(this: &RtpTransceiver) -> String;

    #[wasm_bindgen(catch, method, setter)]
    pub fn set_direction(this: &RtpTransceiver, direction: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(method, getter, js_name = currentDirection)]
    pub fn current_direction(this: &RtpTransceiver) -> Option<String>;

    #[wasm_bindgen(catch, method)]
    pub fn stop(this: &RtpTransceiver) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = setCodecPreferences)]
    pub fn set_codec_preferences(this: &RtpTransceiver, codecs: &Array) -> Result<(), JsValue>;

    #[wasm_bindgen(method, getter)]
    pub fn sender(this: &RtpTransceiver) -> RtpSender;

    #[wasm_bindgen(method, getter)]
    pub fn receiver(this: &RtpTransceiver) -> RtpReceiver;

    /// `RTCRtpSender`.
    #[wasm_bindgen(js_name = RTCRtpSender)]
    #[derive(Debug, Clone, PartialEq)]
    pub type RtpSender;

    #[wasm_bindgen(method, getter)]
    pub fn track(this: &RtpSender) -> Option<web_sys::MediaStreamTrack>;

    #[wasm_bindgen(method, getter)]
    pub fn transport(this: &RtpSender) -> Option<DtlsTransport>;

    #[wasm_bindgen(method, getter)]
    pub fn dtmf(this: &RtpSender) -> Option<DtmfSender>;

    #[wasm_bindgen(catch, method, js_name = replaceTrack)]
    pub fn replace_track(
        this: &RtpSender,
        track: Option<&web_sys::MediaStreamTrack>,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, method, js_name = getParameters)]
    pub fn get_parameters(this: &RtpSender) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setParameters)]
    pub fn set_parameters(this: &RtpSender, parameters: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setStreams, variadic)]
    pub fn set_streams(this: &RtpSender, streams: &[web_sys::MediaStream]) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = getStats)]
    pub fn get_stats(this: &RtpSender) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, static_method_of = RtpSender, js_class = "RTCRtpSender", js_name = getCapabilities)]
    pub fn sender_capabilities(kind: &str) -> Result<JsValue, JsValue>;

    /// `RTCRtpReceiver`.
    #[wasm_bindgen(js_name = RTCRtpReceiver)]
    #[derive(Debug, Clone, PartialEq)]
    pub type RtpReceiver;

    #[wasm_bindgen(method, getter)]
    pub fn track(this: &RtpReceiver) -> web_sys::MediaStreamTrack;

    #[wasm_bindgen(method, getter)]
    pub fn transport(this: &RtpReceiver) -> Option<DtlsTransport>;

    #[wasm_bindgen(catch, method, js_name = getContributingSources)]
    pub fn get_contributing_sources(this: &RtpReceiver) -> Result<Array, JsValue>;

    #[wasm_bindgen(catch, method, js_name = getSynchronizationSources)]
    pub fn get_synchronization_sources(this: &RtpReceiver) -> Result<Array, JsValue>;

    #[wasm_bindgen(catch, method, js_name = getStats)]
    pub fn get_stats(this: &RtpReceiver) -> Result<Promise, JsValue>;

    #[wasm_bindgen(catch, static_method_of = RtpReceiver, js_class = "RTCRtpReceiver", js_name = getCapabilities)]
    pub fn receiver_capabilities(kind: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, method, setter, js_name = jitterBufferTarget)]
    pub fn set_jitter_buffer_target(this: &RtpReceiver, target: Option<f64>)
    -> Result<(), JsValue>;

    /// `RTCDtlsTransport`.
    #[wasm_bindgen(extends = web_sys::EventTarget, js_name = RTCDtlsTransport)]
    #[derive(Debug, Clone, PartialEq)]
    pub type DtlsTransport;

    #[wasm_bindgen(method, getter)]
    pub fn state(this: &DtlsTransport) -> String;

    /// `RTCDTMFSender`.
    #[wasm_bindgen(extends = web_sys::EventTarget, js_name = RTCDTMFSender)]
    #[derive(Debug, Clone, PartialEq)]
    pub type DtmfSender;

    #[wasm_bindgen(catch, method, js_name = insertDTMF)]
    pub fn insert_dtmf(
        this: &DtmfSender,
        tones: &str,
        duration: u32,
        inter_tone_gap: u32,
    ) -> Result<(), JsValue>;

    #[wasm_bindgen(method, getter, js_name = toneBuffer)]
    pub fn tone_buffer(this: &DtmfSender) -> String;

    /// `RTCDTMFToneChangeEvent`.
    #[wasm_bindgen(extends = web_sys::Event, js_name = RTCDTMFToneChangeEvent)]
    #[derive(Debug, Clone)]
    pub type ToneChangeEvent;

    #[wasm_bindgen(method, getter)]
    pub fn tone(this: &ToneChangeEvent) -> String;
}

// ICE and DTLS transports, the SCTP transport's DTLS transport, receiver
// parameters, header-extension negotiation and encoded transforms.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(method, getter, js_name = transport)]
    pub fn dtls_transport(this: &SctpTransport) -> Option<DtlsTransport>;

    #[wasm_bindgen(method, getter, js_name = iceTransport)]
    pub fn ice_transport(this: &DtlsTransport) -> Option<IceTransport>;

    #[wasm_bindgen(catch, method, js_name = getRemoteCertificates)]
    pub fn get_remote_certificates(this: &DtlsTransport) -> Result<Array, JsValue>;

    /// `RTCIceTransport`, its enum attributes read as strings (`role` and
    /// `component` are missing in some browsers).
    #[wasm_bindgen(extends = web_sys::EventTarget, js_name = RTCIceTransport)]
    #[derive(Debug, Clone, PartialEq)]
    pub type IceTransport;

    #[wasm_bindgen(method, getter)]
    pub fn state(this: &IceTransport) -> Option<String>;

    #[wasm_bindgen(method, getter, js_name = gatheringState)]
    pub fn gathering_state(this: &IceTransport) -> Option<String>;

    #[wasm_bindgen(method, getter)]
    pub fn role(this: &IceTransport) -> Option<String>;

    #[wasm_bindgen(method, getter)]
    pub fn component(this: &IceTransport) -> Option<String>;

    #[wasm_bindgen(catch, method, js_name = getSelectedCandidatePair)]
    pub fn get_selected_candidate_pair(this: &IceTransport) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, method, js_name = getLocalCandidates)]
    pub fn get_local_candidates(this: &IceTransport) -> Result<Array, JsValue>;

    #[wasm_bindgen(catch, method, js_name = getRemoteCandidates)]
    pub fn get_remote_candidates(this: &IceTransport) -> Result<Array, JsValue>;

    #[wasm_bindgen(catch, method, js_name = getLocalParameters)]
    pub fn get_local_parameters(this: &IceTransport) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, method, js_name = getRemoteParameters)]
    pub fn get_remote_parameters(this: &IceTransport) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, method, js_name = getParameters)]
    pub fn get_parameters(this: &RtpReceiver) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, method, js_name = getHeaderExtensionsToNegotiate)]
    pub fn get_header_extensions_to_negotiate(this: &RtpTransceiver) -> Result<Array, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setHeaderExtensionsToNegotiate)]
    pub fn set_header_extensions_to_negotiate(
        this: &RtpTransceiver,
        extensions: &Array,
    ) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = getNegotiatedHeaderExtensions)]
    pub fn get_negotiated_header_extensions(this: &RtpTransceiver) -> Result<Array, JsValue>;

    /// `RTCRtpScriptTransform`.
    #[wasm_bindgen(js_name = RTCRtpScriptTransform)]
    #[derive(Debug, Clone)]
    pub type RtpScriptTransform;

    #[wasm_bindgen(catch, constructor, js_class = "RTCRtpScriptTransform")]
    pub fn new(worker: &web_sys::Worker, options: &JsValue) -> Result<RtpScriptTransform, JsValue>;

    #[wasm_bindgen(catch, method, setter, js_name = transform)]
    pub fn set_transform(
        this: &RtpSender,
        transform: Option<&RtpScriptTransform>,
    ) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, setter, js_name = transform)]
    pub fn set_transform(
        this: &RtpReceiver,
        transform: Option<&RtpScriptTransform>,
    ) -> Result<(), JsValue>;
}
