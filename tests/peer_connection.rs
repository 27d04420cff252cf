//! Browser tests of `PeerConnection`: connection, states, errors, ICE
//! restart, rollback, implicit descriptions, TURN and drop.
#![cfg(target_arch = "wasm32")]

mod common;

use std::time::Duration;

use common::*;
use futures::{StreamExt, future};
use wasm_bindgen_test::*;
use webrtc_wasm::{
    BundlePolicy, CandidateType, CertificateAlgorithm, Configuration, DataChannelInit, Error,
    IceCandidate, IceConnectionState, IceGatheringState, IceServer, OfferOptions, PeerConnection,
    PeerConnectionState, RtcErrorDetailType, RtcpMuxPolicy, SctpTransportState, SdpType,
    SessionDescription, SignalingState, live_listener_count,
};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(20);

fn new_pc() -> PeerConnection {
    PeerConnection::new(&Configuration::default()).expect("new PeerConnection")
}

#[wasm_bindgen_test]
async fn two_peers_connect_with_trickle_ice_and_states_follow_the_spec() {
    let a = new_pc();
    let b = new_pc();
    let mut a_conn = a.connection_state_changes();
    let mut b_conn = b.connection_state_changes();
    let mut a_ice = a.ice_connection_state_changes();
    let mut b_ice = b.ice_connection_state_changes();
    let mut a_gather = a.ice_gathering_state_changes();
    let mut b_gather = b.ice_gathering_state_changes();
    let mut a_sig = a.signaling_state_changes();
    let mut b_sig = b.signaling_state_changes();
    let mut negotiation = a.negotiation_needed();
    let mut incoming = b.data_channels();

    assert_eq!(a.connection_state(), PeerConnectionState::New);
    assert_eq!(a.ice_connection_state(), IceConnectionState::New);
    assert_eq!(a.ice_gathering_state(), IceGatheringState::New);
    assert_eq!(a.signaling_state(), SignalingState::Stable);
    assert_eq!(a.local_description(), None);
    assert_eq!(a.can_trickle_ice_candidates(), None);

    trickle(&a, &b);
    trickle(&b, &a);
    let channel = a
        .create_data_channel("chat", &DataChannelInit::default())
        .unwrap();
    must_within("negotiationneeded", LIMIT, negotiation.next()).await;

    let offer = a.create_offer(&OfferOptions::default()).await.unwrap();
    assert_eq!(offer.sdp_type, SdpType::Offer);
    assert!(offer.sdp.contains("m=application"), "{}", offer.sdp);
    a.set_local_description(&offer).await.unwrap();
    // Firefox adds a session-level direction line to the applied offer, so
    // compare what identifies it.
    let pending = a.pending_local_description().expect("pending local offer");
    assert_eq!(pending.sdp_type, SdpType::Offer);
    assert_eq!(pending.ice_ufrag(), offer.ice_ufrag());
    assert_eq!(a.current_local_description(), None);
    b.set_remote_description(&offer).await.unwrap();
    assert_eq!(
        b.remote_description().map(|d| d.sdp_type),
        Some(SdpType::Offer)
    );
    let answer = b.create_answer().await.unwrap();
    assert_eq!(answer.sdp_type, SdpType::Answer);
    b.set_local_description(&answer).await.unwrap();
    a.set_remote_description(&answer).await.unwrap();
    assert_eq!(
        a.current_remote_description()
            .and_then(|d| d.ice_ufrag().map(str::to_owned)),
        answer.ice_ufrag().map(str::to_owned)
    );
    assert_eq!(a.pending_local_description(), None);
    assert_eq!(a.can_trickle_ice_candidates(), Some(true));

    let (ra, rb) = must_within(
        "connected",
        LIMIT,
        future::join(a.connected(), b.connected()),
    )
    .await;
    ra.unwrap();
    rb.unwrap();
    must_within("a gathering complete", LIMIT, a.ice_gathering_complete())
        .await
        .unwrap();
    must_within("b gathering complete", LIMIT, b.ice_gathering_complete())
        .await
        .unwrap();
    must_within("channel open", LIMIT, channel.open())
        .await
        .unwrap();
    let remote = must_within("datachannel event", LIMIT, incoming.next())
        .await
        .unwrap();
    assert_eq!(remote.label(), "chat");

    use PeerConnectionState as P;
    assert_eq!(drain(&mut a_conn), [P::Connecting, P::Connected]);
    assert_eq!(drain(&mut b_conn), [P::Connecting, P::Connected]);
    for (side, ice) in [("a", drain(&mut a_ice)), ("b", drain(&mut b_ice))] {
        use IceConnectionState as I;
        assert!(
            ice == [I::Checking, I::Connected] || ice == [I::Checking, I::Connected, I::Completed],
            "{side}: {ice:?}"
        );
    }
    use IceGatheringState as G;
    assert_eq!(drain(&mut a_gather), [G::Gathering, G::Complete]);
    assert_eq!(drain(&mut b_gather), [G::Gathering, G::Complete]);
    use SignalingState as S;
    assert_eq!(drain(&mut a_sig), [S::HaveLocalOffer, S::Stable]);
    assert_eq!(drain(&mut b_sig), [S::HaveRemoteOffer, S::Stable]);

    a.close();
    assert_eq!(a.connection_state(), P::Closed);
    assert_eq!(a.signaling_state(), S::Closed);
}

#[wasm_bindgen_test]
async fn sctp_transport_reports_limits_once_connected() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let sctp = pair
        .a
        .sctp()
        .expect("sctp after negotiating a data channel");
    assert_eq!(sctp.state(), SctpTransportState::Connected);
    let max = sctp.max_message_size().expect("a finite maxMessageSize");
    assert!(max >= 16 * 1024, "maxMessageSize {max}");
    if is_firefox() {
        assert_eq!(
            sctp.max_channels(),
            None,
            "Firefox does not report maxChannels"
        );
    } else {
        let channels = sctp.max_channels().expect("maxChannels once connected");
        assert!(channels >= 1, "maxChannels {channels}");
    }

    let mut states = sctp.state_changes();
    pair.b.close();
    let state = must_within("sctp closes", LIMIT, states.next()).await;
    assert_eq!(state, Some(SctpTransportState::Closed));
}

#[wasm_bindgen_test]
async fn no_sctp_before_negotiation() {
    assert!(new_pc().sctp().is_none());
}

#[wasm_bindgen_test]
async fn create_offer_after_close_is_invalid_state() {
    let pc = new_pc();
    pc.close();
    let error = pc.create_offer(&OfferOptions::default()).await.unwrap_err();
    assert!(matches!(error, Error::InvalidState(_)), "{error:?}");
    let error = pc
        .create_data_channel("late", &DataChannelInit::default())
        .unwrap_err();
    assert!(matches!(error, Error::InvalidState(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn garbage_remote_sdp_is_a_typed_error_and_leaves_the_connection_usable() {
    let pc = new_pc();
    let error = pc
        .set_remote_description(&SessionDescription::offer("this is not SDP"))
        .await
        .unwrap_err();
    // Both report OperationError; Firefox adds the RTCError details.
    let Error::Operation { detail, .. } = &error else {
        panic!("expected an OperationError, got {error:?}");
    };
    if is_firefox() {
        let detail = detail.as_ref().expect("Firefox gives RTCError details");
        assert_eq!(detail.error_detail, RtcErrorDetailType::SdpSyntaxError);
        assert_eq!(detail.sdp_line_number, Some(1));
    }
    assert_eq!(pc.signaling_state(), SignalingState::Stable);
    // The same connection still negotiates.
    let caller = new_pc();
    let _channel = caller
        .create_data_channel("x", &DataChannelInit::default())
        .unwrap();
    let offer = caller.create_offer(&OfferOptions::default()).await.unwrap();
    pc.set_remote_description(&offer).await.unwrap();
    assert_eq!(pc.signaling_state(), SignalingState::HaveRemoteOffer);
}

#[wasm_bindgen_test]
async fn end_of_candidates_is_accepted() {
    let (_caller, callee) = callee_with_remote_offer().await;
    callee
        .add_ice_candidate(Some(&IceCandidate::end_of_candidates("0")))
        .await
        .unwrap();
    callee.add_ice_candidate(None).await.unwrap();
}

#[wasm_bindgen_test]
async fn ice_restart_offers_carry_new_credentials() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let first = pair.a.local_description().unwrap();
    let (ufrag, pwd) = (
        first.ice_ufrag().unwrap().to_owned(),
        first.ice_pwd().unwrap().to_owned(),
    );

    let restart = pair
        .a
        .create_offer(&OfferOptions::ice_restart())
        .await
        .unwrap();
    assert_ne!(restart.ice_ufrag(), Some(ufrag.as_str()));
    assert_ne!(restart.ice_pwd(), Some(pwd.as_str()));

    let mut needed = pair.a.negotiation_needed();
    pair.a.restart_ice().unwrap();
    must_within("negotiationneeded after restartIce", LIMIT, needed.next()).await;
    let offer = pair.a.set_local_description_implicit().await.unwrap();
    assert_eq!(offer.sdp_type, SdpType::Offer);
    assert_ne!(offer.ice_ufrag(), Some(ufrag.as_str()));
    pair.b.set_remote_description(&offer).await.unwrap();
    let answer = pair.b.set_local_description_implicit().await.unwrap();
    pair.a.set_remote_description(&answer).await.unwrap();
    assert_eq!(pair.a.signaling_state(), SignalingState::Stable);
    must_within("connected after restart", LIMIT, pair.a.connected())
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn rollback_returns_to_stable_on_both_sides() {
    let a = new_pc();
    let b = new_pc();
    let _channel = a
        .create_data_channel("x", &DataChannelInit::default())
        .unwrap();
    let offer = a.create_offer(&OfferOptions::default()).await.unwrap();
    a.set_local_description(&offer).await.unwrap();
    assert_eq!(a.signaling_state(), SignalingState::HaveLocalOffer);
    a.set_local_description(&SessionDescription::rollback())
        .await
        .unwrap();
    assert_eq!(a.signaling_state(), SignalingState::Stable);
    assert_eq!(a.local_description(), None);

    b.set_remote_description(&offer).await.unwrap();
    assert_eq!(b.signaling_state(), SignalingState::HaveRemoteOffer);
    b.set_remote_description(&SessionDescription::rollback())
        .await
        .unwrap();
    assert_eq!(b.signaling_state(), SignalingState::Stable);
    assert_eq!(b.remote_description(), None);
}

#[wasm_bindgen_test]
async fn implicit_set_local_description_makes_an_offer_or_an_answer() {
    let a = new_pc();
    let b = new_pc();
    let _channel = a
        .create_data_channel("x", &DataChannelInit::default())
        .unwrap();
    let offer = a.set_local_description_implicit().await.unwrap();
    assert_eq!(offer.sdp_type, SdpType::Offer);
    assert_eq!(a.signaling_state(), SignalingState::HaveLocalOffer);
    b.set_remote_description(&offer).await.unwrap();
    let answer = b.set_local_description_implicit().await.unwrap();
    assert_eq!(answer.sdp_type, SdpType::Answer);
    assert_eq!(b.signaling_state(), SignalingState::Stable);
    a.set_remote_description(&answer).await.unwrap();
    assert_eq!(a.signaling_state(), SignalingState::Stable);
}

#[wasm_bindgen_test]
async fn configuration_round_trips_and_rejects_bad_values() {
    let config = Configuration::default()
        .ice_server(IceServer::stun("stun:127.0.0.1:3478"))
        .ice_server(IceServer::turn(turn_url(), "webrtc", "webrtc"))
        .bundle_policy(BundlePolicy::MaxBundle)
        .ice_candidate_pool_size(2);
    let pc = PeerConnection::new(&config).unwrap();
    let read = pc.get_configuration();
    assert_eq!(read.bundle_policy, Some(BundlePolicy::MaxBundle));
    let pool = if is_firefox() { None } else { Some(2) };
    assert_eq!(read.ice_candidate_pool_size, pool);
    assert_eq!(read.ice_servers.len(), 2);
    assert_eq!(read.ice_servers[0].urls, ["stun:127.0.0.1:3478"]);
    assert_eq!(read.ice_servers[1].username.as_deref(), Some("webrtc"));

    let changed = config.clone().bundle_policy(BundlePolicy::Balanced);
    let error = pc.set_configuration(&changed).unwrap_err();
    assert!(matches!(error, Error::InvalidModification(_)), "{error:?}");
    let more_servers = config
        .clone()
        .ice_server(IceServer::stun("stun:127.0.0.2:3478"));
    pc.set_configuration(&more_servers).unwrap();
    assert_eq!(pc.get_configuration().ice_servers.len(), 3);

    let error =
        PeerConnection::new(&Configuration::default().ice_server(IceServer::stun("not a url")))
            .unwrap_err();
    assert!(matches!(error, Error::Syntax(_)), "{error:?}");
    let error =
        PeerConnection::new(&Configuration::default().ice_server(IceServer::new([turn_url()])))
            .unwrap_err();
    assert!(matches!(error, Error::InvalidAccess(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn generated_certificates_are_used_by_the_connection() {
    let certificate = PeerConnection::generate_certificate(&CertificateAlgorithm::EcdsaP256)
        .await
        .unwrap();
    assert!(
        certificate.expires() > js_sys::Date::now(),
        "expires {}",
        certificate.expires()
    );
    let pc =
        PeerConnection::new(&Configuration::default().certificate(certificate.clone())).unwrap();
    assert_eq!(pc.get_configuration().certificates.len(), 1);
    let _channel = pc
        .create_data_channel("x", &DataChannelInit::default())
        .unwrap();
    let offer = pc.create_offer(&OfferOptions::default()).await.unwrap();
    match certificate.fingerprints() {
        Ok(fingerprints) => {
            let sha256 = fingerprints
                .iter()
                .find(|f| f.algorithm == "sha-256")
                .expect("sha-256");
            let line = format!(
                "a=fingerprint:sha-256 {}",
                sha256.value.to_ascii_uppercase()
            );
            assert!(
                offer
                    .sdp
                    .to_ascii_uppercase()
                    .contains(&line.to_ascii_uppercase()),
                "{line}\n{}",
                offer.sdp
            );
        }
        // Firefox has no RTCCertificate.getFingerprints().
        Err(error) => assert!(matches!(error, Error::NotSupported(_)), "{error:?}"),
    }

    let rsa = PeerConnection::generate_certificate(&CertificateAlgorithm::RsaPkcs1 {
        modulus_length: 2048,
        hash: webrtc_wasm::HashAlgorithm::Sha256,
    })
    .await
    .unwrap();
    assert!(rsa.expires() > js_sys::Date::now());
}

#[wasm_bindgen_test]
async fn relay_only_connection_through_coturn_uses_relay_candidates() {
    let config = relay_config("webrtc");
    let pair = connected_pair(&config, &config).await;
    let kind = must_within("stats", LIMIT, selected_local_candidate_type(&pair.a)).await;
    assert_eq!(kind.as_deref(), Some("relay"));
    let local = pair.a.local_description().unwrap();
    let candidates: Vec<_> = local
        .sdp
        .lines()
        .filter_map(|line| webrtc_wasm::CandidateFields::parse(line.trim()))
        .collect();
    assert!(!candidates.is_empty(), "no candidate in {}", local.sdp);
    assert!(
        candidates
            .iter()
            .all(|c| c.candidate_type == CandidateType::Relay),
        "{candidates:?}"
    );
}

#[wasm_bindgen_test]
async fn wrong_turn_password_reports_401_and_does_not_hang() {
    let config = relay_config("wrong-password");
    let a = PeerConnection::new(&config).unwrap();
    let b = PeerConnection::new(&config).unwrap();
    let mut errors = a.ice_candidate_errors();
    trickle(&a, &b);
    trickle(&b, &a);
    let _channel = a
        .create_data_channel("x", &DataChannelInit::default())
        .unwrap();
    negotiate(&a, &b).await;

    let error = must_within("icecandidateerror", LIMIT, errors.next())
        .await
        .unwrap();
    assert_eq!(error.error_code, 401, "{error:?}");
    assert!(error.url.starts_with("turn:127.0.0.1"), "{error:?}");
    // Firefox leaves errorText empty (and address/port null).
    assert_eq!(error.error_text.is_empty(), is_firefox(), "{error:?}");

    let result = must_within(
        "connected() to give up",
        Duration::from_secs(60),
        a.connected(),
    )
    .await;
    assert!(
        matches!(
            result,
            Err(Error::ConnectionFailed | Error::NoLocalCandidates)
        ),
        "{result:?}"
    );
}

#[wasm_bindgen_test]
async fn dropping_the_last_handle_closes_and_unregisters_everything() {
    let baseline = live_listener_count();
    install_listener_probe();
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let raw = pair.a.as_raw().clone();
    let raw_b = pair.b.as_raw().clone();
    let raw_channel = pair.channel.as_raw().clone();
    let mut states = pair.a.connection_state_changes();
    let _guard = pair.a.on_track(|_| {});
    let kept = pair.a.on_ice_candidate(|_| {});
    assert!(kept.is_active());
    assert!(live_listener_count() > baseline);
    assert!(listeners_on(&raw) > 0, "the probe sees the listeners");

    let common::Pair {
        a,
        b,
        channel,
        remote,
        ..
    } = pair;
    drop(remote);
    drop(channel);
    drop(a);
    assert_eq!(
        raw.connection_state(),
        web_sys::RtcPeerConnectionState::Closed
    );
    assert!(
        !kept.is_active(),
        "listeners of a dropped connection are removed"
    );
    assert_eq!(
        states.next().await,
        None,
        "streams of a dropped connection end"
    );
    drop(b);
    drop(kept);
    drop(_guard);
    drop(states);
    assert_eq!(live_listener_count(), baseline);
    // What the browser objects themselves hold: no listener, no handler.
    for (name, target) in [
        ("a", wasm_bindgen::JsValue::from(raw)),
        ("b", raw_b.into()),
        ("the channel", raw_channel.into()),
    ] {
        assert_eq!(listeners_on(&target), 0, "listeners left on {name}");
        assert!(
            handler_slots_in_use(&target).is_empty(),
            "handlers set on {name}: {:?}",
            handler_slots_in_use(&target)
        );
    }
}

#[wasm_bindgen_test]
async fn a_dropped_listener_no_longer_runs() {
    use std::{cell::Cell, rc::Rc};
    let pc = new_pc();
    let count = Rc::new(Cell::new(0));
    let guard = pc.on_negotiation_needed({
        let count = count.clone();
        move |()| count.set(count.get() + 1)
    });
    let mut needed = pc.negotiation_needed();
    let _one = pc
        .create_data_channel("one", &DataChannelInit::default())
        .unwrap();
    must_within("negotiationneeded", LIMIT, needed.next()).await;
    assert_eq!(count.get(), 1);
    drop(guard);
    pc.restart_ice().unwrap();
    pc.set_local_description_implicit().await.unwrap();
    let _two = pc
        .create_data_channel("two", &DataChannelInit::default())
        .unwrap();
    pc.set_local_description(&SessionDescription::rollback())
        .await
        .unwrap();
    must_within("negotiationneeded again", LIMIT, needed.next()).await;
    assert_eq!(count.get(), 1, "the dropped callback ran");
}

#[wasm_bindgen_test]
async fn remote_tracks_arrive_as_typed_events() {
    let a = new_pc();
    let b = new_pc();
    let mut tracks = b.tracks();
    a.as_raw().add_transceiver_with_str("audio");
    negotiate(&a, &b).await;
    let event = must_within("track", LIMIT, tracks.next()).await.unwrap();
    assert_eq!(event.track.kind(), "audio");
    assert_eq!(event.receiver.track().id(), event.track.id());
}

#[wasm_bindgen_test]
fn errors_convert_to_javascript_exceptions() {
    use wasm_bindgen::{JsCast, JsValue};
    let value: JsValue = Error::InvalidState("closed".into()).into();
    let exception: web_sys::DomException = value.dyn_into().expect("a DOMException");
    assert_eq!(exception.name(), "InvalidStateError");
    assert_eq!(exception.message(), "closed");
    let value: JsValue = Error::Type("bad".into()).into();
    assert!(value.is_instance_of::<js_sys::TypeError>());
    // And back.
    assert_eq!(Error::from_js(value), Error::Type("bad".into()));
}

#[wasm_bindgen_test]
async fn legacy_offer_to_receive_options_add_receive_only_sections() {
    let pc = new_pc();
    let offer = pc
        .create_offer(&OfferOptions {
            offer_to_receive_audio: Some(true),
            offer_to_receive_video: Some(true),
            voice_activity_detection: Some(false),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(offer.sdp.contains("m=audio"), "{}", offer.sdp);
    assert!(offer.sdp.contains("m=video"), "{}", offer.sdp);
    assert!(offer.sdp.contains("a=recvonly"), "{}", offer.sdp);
    let plain = new_pc()
        .create_offer(&OfferOptions::default())
        .await
        .unwrap();
    assert!(!plain.sdp.contains("m=audio"), "{}", plain.sdp);
}

#[wasm_bindgen_test]
async fn close_from_another_handle_ends_waits_and_streams() {
    let pc = new_pc();
    let mut states = pc.connection_state_changes();
    let waiting = {
        let pc = pc.clone();
        async move { pc.connected().await }
    };
    let closing = async {
        sleep(50).await;
        pc.close();
    };
    let (result, ()) = must_within(
        "connected() after close()",
        LIMIT,
        future::join(waiting, closing),
    )
    .await;
    assert_eq!(result, Err(Error::Closed));
    assert_eq!(must_within("stream end", LIMIT, states.next()).await, None);
    assert_eq!(pc.ice_gathering_complete().await, Err(Error::Closed));
}

/// Both policies read back as set and make offers that multiplex RTCP
/// (`a=rtcp-mux`). Both browsers still accept the deprecated `negotiate`.
#[wasm_bindgen_test]
async fn rtcp_mux_policy_reads_back_and_offers_multiplex_rtcp() {
    for policy in [RtcpMuxPolicy::Require, RtcpMuxPolicy::Negotiate] {
        let config = Configuration::default().rtcp_mux_policy(policy.clone());
        let pc = PeerConnection::new(&config).unwrap();
        assert_eq!(pc.get_configuration().rtcp_mux_policy, Some(policy.clone()));
        pc.add_transceiver(webrtc_wasm::MediaKind::Audio, &Default::default())
            .unwrap();
        let offer = pc.create_offer(&OfferOptions::default()).await.unwrap();
        assert!(
            offer.sdp.contains("a=rtcp-mux"),
            "{policy:?}: {}",
            offer.sdp
        );
    }
    // Without the member the browser's default is `require`.
    let pc = new_pc();
    assert_eq!(
        pc.get_configuration().rtcp_mux_policy,
        Some(RtcpMuxPolicy::Require)
    );
}

/// A provisional answer through `set_local_description` and
/// `set_remote_description`: the states the spec gives, media connecting
/// on it, and the final answer back to `stable` (Chromium); Firefox rejects
/// provisional answers with `NotSupportedError`.
#[wasm_bindgen_test]
async fn a_provisional_answer_then_the_final_one() {
    let a = new_pc();
    let b = new_pc();
    trickle(&a, &b);
    trickle(&b, &a);
    let channel = a
        .create_data_channel("early", &DataChannelInit::default())
        .unwrap();
    let offer = a.create_offer(&OfferOptions::default()).await.unwrap();
    a.set_local_description(&offer).await.unwrap();
    b.set_remote_description(&offer).await.unwrap();
    let answer = b.create_answer().await.unwrap();
    let provisional = SessionDescription::new(SdpType::Pranswer, answer.sdp.clone());
    if is_firefox() {
        // Firefox has no provisional answers: a typed error on either side,
        // and the final answer still completes the exchange.
        let error = b.set_local_description(&provisional).await.unwrap_err();
        assert!(matches!(error, Error::NotSupported(_)), "{error:?}");
        let error = a.set_remote_description(&provisional).await.unwrap_err();
        assert!(matches!(error, Error::NotSupported(_)), "{error:?}");
        assert_eq!(b.signaling_state(), SignalingState::HaveRemoteOffer);
        assert_eq!(a.signaling_state(), SignalingState::HaveLocalOffer);
        b.set_local_description(&answer).await.unwrap();
        a.set_remote_description(&answer).await.unwrap();
        must_within("open", LIMIT, channel.open()).await.unwrap();
        return;
    }
    b.set_local_description(&provisional).await.unwrap();
    assert_eq!(b.signaling_state(), SignalingState::HaveLocalPranswer);
    let pending = b.pending_local_description().unwrap();
    assert_eq!(pending.sdp_type, SdpType::Pranswer);
    a.set_remote_description(&provisional).await.unwrap();
    assert_eq!(a.signaling_state(), SignalingState::HaveRemotePranswer);
    assert_eq!(
        a.remote_description().map(|d| d.sdp_type),
        Some(SdpType::Pranswer)
    );
    // The provisional answer already lets ICE and DTLS connect.
    must_within("connected on the provisional answer", LIMIT, a.connected())
        .await
        .unwrap();
    let last = b.create_answer().await.unwrap();
    b.set_local_description(&last).await.unwrap();
    a.set_remote_description(&last).await.unwrap();
    assert_eq!(a.signaling_state(), SignalingState::Stable);
    assert_eq!(b.signaling_state(), SignalingState::Stable);
    assert_eq!(
        a.current_remote_description().map(|d| d.sdp_type),
        Some(SdpType::Answer)
    );
    must_within("open", LIMIT, channel.open()).await.unwrap();
}

/// The callback forms of the state events report every state in order, like
/// their streams, until their guard is dropped.
#[wasm_bindgen_test]
async fn state_callbacks_report_every_state_until_dropped() {
    use std::{cell::RefCell, rc::Rc};
    let a = new_pc();
    let b = new_pc();
    let signaling = Rc::new(RefCell::new(Vec::new()));
    let gathering = Rc::new(RefCell::new(Vec::new()));
    let on_signaling = a.on_signaling_state_change({
        let signaling = signaling.clone();
        move |state| signaling.borrow_mut().push(state)
    });
    let _on_gathering = a.on_ice_gathering_state_change({
        let gathering = gathering.clone();
        move |state| gathering.borrow_mut().push(state)
    });
    let _channel = a
        .create_data_channel("x", &DataChannelInit::default())
        .unwrap();
    negotiate(&a, &b).await;
    must_within("gathering to complete", LIMIT, a.ice_gathering_complete())
        .await
        .unwrap();
    assert_eq!(
        *signaling.borrow(),
        [SignalingState::HaveLocalOffer, SignalingState::Stable]
    );
    assert_eq!(
        *gathering.borrow(),
        [IceGatheringState::Gathering, IceGatheringState::Complete]
    );
    drop(on_signaling);
    a.set_local_description(&a.create_offer(&OfferOptions::default()).await.unwrap())
        .await
        .unwrap();
    assert_eq!(a.signaling_state(), SignalingState::HaveLocalOffer);
    assert_eq!(signaling.borrow().len(), 2, "a dropped callback ran");
}
