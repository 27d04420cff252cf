//! Browser tests against a real Janus (scripts/janus.sh, started by the
//! test command): the EchoTest plugin's round trip of audio, video and
//! data, and the VideoRoom's publishers and subscribers with simulcast.
#![cfg(target_arch = "wasm32")]

mod common;

use std::time::Duration;

use common::*;
use futures::StreamExt;
use serde_json::json;
use wasm_bindgen_test::*;
use webrtc_wasm::signaling::janus::{JanusEvent, JanusHandle, JanusSession};
use webrtc_wasm::testing::{TestError, wait_for_stats, within};
use webrtc_wasm::{
    CanvasVideoSource, Configuration, DataChannelInit, MediaKind, Message, OfferOptions,
    OscillatorAudioSource, PeerConnection,
};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(20);

fn janus_url() -> String {
    let port = option_env!("WEBRTC_WASM_JANUS_WS_PORT").unwrap_or("34782");
    format!("ws://127.0.0.1:{port}")
}

/// Applies Janus's trickled candidates to `pc` until Janus says its
/// connection is up; returns the plugin events seen meanwhile.
async fn until_webrtc_up(handle: &mut JanusHandle, pc: &PeerConnection) -> Vec<JanusEvent> {
    let mut others = Vec::new();
    must_within("Janus's webrtcup", LIMIT, async {
        while let Some(event) = handle.next().await {
            match event.expect("a Janus event") {
                JanusEvent::Candidate(candidate) => pc
                    .add_ice_candidate(candidate.as_ref())
                    .await
                    .expect("Janus's candidate"),
                JanusEvent::WebRtcUp => return,
                other => others.push(other),
            }
        }
        panic!("the handle's events ended before webrtcup");
    })
    .await;
    others
}

#[wasm_bindgen_test]
async fn echo_test_returns_audio_video_and_data() -> Result<(), TestError> {
    let janus = JanusSession::connect(&janus_url()).await?;
    let mut echo = janus.attach("janus.plugin.echotest").await?;
    let video = CanvasVideoSource::new(320, 240, 30)?;
    let audio = OscillatorAudioSource::new(440.0)?;
    let pc = PeerConnection::new(&Configuration::default())?;
    let stream = [video.stream()];
    pc.add_track(&video.track(), &stream)?;
    pc.add_track(&audio.track(), &stream)?;
    let mut channel = pc.create_data_channel("echo", &DataChannelInit::default())?;
    echo.trickle_from(&pc);
    let offer = pc.create_offer(&OfferOptions::default()).await?;
    pc.set_local_description(&offer).await?;
    let reply = echo
        .message(
            &json!({"audio": true, "video": true, "data": true}),
            Some(&offer),
        )
        .await?;
    assert_eq!(reply.data["echotest"], "event", "{}", reply.data);
    let answer = reply.jsep.expect("Janus answers the offer");
    pc.set_remote_description(&answer).await?;
    until_webrtc_up(&mut echo, &pc).await;
    within("connected", LIMIT, pc.connected()).await??;
    within("the channel open", LIMIT, channel.open()).await??;

    // Data: what goes out comes back, as the EchoTest words it.
    channel.send(Message::text("through Janus")).await?;
    let echoed = within("the echoed message", LIMIT, channel.next()).await?;
    assert_eq!(
        echoed,
        Some(Ok(Message::text(
            "Janus EchoTest here! You wrote: through Janus"
        )))
    );

    // Media: the echoed video is decoded, the echoed audio arrives.
    let mut stats = pc.stats_every(Duration::from_millis(250));
    wait_for_stats(&mut stats, "echoed video decoded", LIMIT, |report| {
        report
            .inbound_rtp_of(MediaKind::Video)
            .any(|s| s.frames_decoded.unwrap_or(0) >= 10)
            && report
                .inbound_rtp_of(MediaKind::Audio)
                .any(|s| s.packets_received.unwrap_or(0) > 0)
    })
    .await?;
    within("hangup", LIMIT, echo.hang_up()).await??;
    let hung_up = within("the hangup event", LIMIT, async {
        loop {
            match echo.next().await {
                Some(Ok(JanusEvent::HangUp(reason))) => return Some(reason),
                Some(_) => {}
                None => return None,
            }
        }
    })
    .await?;
    assert!(hung_up.is_some(), "Janus reports the hangup on the handle");
    within("detach", LIMIT, echo.detach()).await??;
    Ok(())
}

#[wasm_bindgen_test]
async fn janus_errors_are_typed() -> Result<(), TestError> {
    let janus = JanusSession::connect(&janus_url()).await?;
    let missing = janus.attach("janus.plugin.nonexistent").await.unwrap_err();
    assert!(
        matches!(&missing, webrtc_wasm::Error::Other { name, message } if name == "JanusError" && message.starts_with("460 ")),
        "{missing:?}"
    );
    let room = janus.attach("janus.plugin.videoroom").await?;
    let refused = room
        .message(
            &json!({"request": "join", "room": 999_999_999u64, "ptype": "publisher"}),
            None,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, webrtc_wasm::Error::Other { name, message } if name == "JanusPluginError" && message.starts_with("426 ")),
        "{refused:?}"
    );
    // A closed socket fails what is asked next.
    janus.as_raw().close().expect("close");
    let after = within("the refusal", LIMIT, janus.attach("janus.plugin.echotest")).await?;
    assert_eq!(after.unwrap_err(), webrtc_wasm::Error::Closed);
    Ok(())
}
