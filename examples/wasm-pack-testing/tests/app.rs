//! The app's browser tests: `wasm-pack test --headless --chrome --firefox`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen_test::*;
use webrtc_wasm::testing::{ChannelPair, ListenerBaseline, MediaPair, TestError, within};
use webrtc_wasm::{Error, MediaKind, Message};
use webrtc_wasm_testing_example::{answer, ask};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(10);

#[wasm_bindgen_test]
async fn questions_get_answers_over_a_real_data_channel() -> Result<(), TestError> {
    let baseline = ListenerBaseline::now();
    let mut pair = ChannelPair::new().await?;
    answer(pair.remote.clone());
    let reply = within("the reply", LIMIT, ask(&mut pair.channel, "hello")).await??;
    assert_eq!(reply, "re: hello");
    let reply = within("the second reply", LIMIT, ask(&mut pair.channel, "again")).await??;
    assert_eq!(reply, "re: again");
    // Closing the connections ends the answering task and frees every
    // listener.
    drop(pair);
    baseline.settled(Duration::from_secs(2)).await
}

#[wasm_bindgen_test]
async fn a_binary_question_gets_an_error_reply() -> Result<(), TestError> {
    let mut pair = ChannelPair::new().await?;
    answer(pair.remote.clone());
    pair.channel.send(Message::binary(vec![0, 1])).await?;
    let reply = within(
        "the reply",
        LIMIT,
        futures::StreamExt::next(&mut pair.channel),
    )
    .await?;
    assert_eq!(reply, Some(Ok(Message::text("error: text only"))));
    Ok(())
}

#[wasm_bindgen_test]
async fn asking_a_closed_channel_is_an_error() -> Result<(), TestError> {
    let mut pair = ChannelPair::new().await?;
    pair.channel.close();
    let outcome = within("ask", LIMIT, ask(&mut pair.channel, "anyone?")).await?;
    assert!(
        matches!(outcome, Err(Error::InvalidState(_) | Error::Closed)),
        "{outcome:?}"
    );
    Ok(())
}

#[wasm_bindgen_test]
async fn the_fake_camera_and_generated_media_play() -> Result<(), TestError> {
    // webdriver.json's flags give the page a fake camera without a prompt.
    let window = web_sys::window().expect("a window");
    let devices = window.navigator().media_devices().expect("mediaDevices");
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_video(&true.into());
    let camera = wasm_bindgen_futures::JsFuture::from(
        devices
            .get_user_media_with_constraints(&constraints)
            .expect("getUserMedia"),
    )
    .await
    .map_err(|error| TestError::Webrtc(Error::from_js(error)))?;
    let camera: web_sys::MediaStream = wasm_bindgen::JsCast::unchecked_into(camera);
    assert_eq!(camera.get_video_tracks().length(), 1);
    for track in camera.get_tracks().iter() {
        wasm_bindgen::JsCast::unchecked_into::<web_sys::MediaStreamTrack>(track).stop();
    }

    let pair = MediaPair::new().await?;
    assert_eq!(pair.remote_video.track.kind(), "video");
    let mut stats = pair.b.stats_every(Duration::from_millis(250));
    webrtc_wasm::testing::wait_for_stats(&mut stats, "video frames decoded", LIMIT, |report| {
        report
            .inbound_rtp_of(MediaKind::Video)
            .any(|s| s.frames_decoded.unwrap_or(0) > 0)
    })
    .await?;
    Ok(())
}
