//! Browser tests of the testing kit (`webrtc_wasm::testing`), used as an
//! application's own tests use it: through `?` in tests that return
//! `Result<(), TestError>`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use futures::{StreamExt, future};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use webrtc_wasm::testing::{
    ChannelPair, ListenerBaseline, MediaPair, NegotiatedPair, TestError, connect, trickle,
    wait_for_stats, within,
};
use webrtc_wasm::{
    Configuration, DataChannelInit, Error, MediaKind, Message, Negotiation, OfferOptions,
    PeerConnection, Reliability, SessionDescription,
};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(10);

#[wasm_bindgen_test]
async fn a_channel_pair_carries_messages_both_ways() -> Result<(), TestError> {
    let mut pair = ChannelPair::new().await?;
    assert_eq!(pair.channel.label(), "test");
    assert_eq!(pair.remote.label(), "test");
    pair.channel.send(Message::text("from a")).await?;
    let at_b = within("a's message at b", LIMIT, pair.remote.next()).await?;
    assert_eq!(at_b, Some(Ok(Message::text("from a"))));
    pair.remote.send(Message::binary(vec![1, 2, 3])).await?;
    let at_a = within("b's message at a", LIMIT, pair.channel.next()).await?;
    assert_eq!(at_a, Some(Ok(Message::binary(vec![1, 2, 3]))));
    pair.trickle.check()
}

#[wasm_bindgen_test]
async fn a_channel_pair_takes_its_options_and_out_of_band_negotiation() -> Result<(), TestError> {
    let init = DataChannelInit {
        ordered: false,
        reliability: Reliability::MaxRetransmits(0),
        negotiation: Negotiation::OutOfBand { id: 7 },
        ..DataChannelInit::default()
    };
    let config = Configuration::default();
    let mut pair = ChannelPair::with(&config, &config, "lossy", &init).await?;
    for end in [&pair.channel, &pair.remote] {
        assert_eq!(end.label(), "lossy");
        assert_eq!(end.id(), Some(7));
        assert!(!end.ordered());
        assert_eq!(end.reliability(), Reliability::MaxRetransmits(0));
    }
    pair.channel.send(Message::text("over 7")).await?;
    let received = within("the message", LIMIT, pair.remote.next()).await?;
    assert_eq!(received, Some(Ok(Message::text("over 7"))));
    Ok(())
}

#[wasm_bindgen_test]
async fn connect_refuses_an_offer_with_nothing_in_it() {
    let a = PeerConnection::new(&Configuration::default()).unwrap();
    let b = PeerConnection::new(&Configuration::default()).unwrap();
    let error = connect(&a, &b).await.unwrap_err();
    match &error {
        TestError::Step {
            step: "connect",
            error: Error::InvalidState(why),
        } => assert!(why.contains("nothing to connect"), "{why}"),
        other => panic!("expected the empty-offer error, got {other:?}"),
    }
    // As a test's own error, it reads as a JavaScript Error with the message.
    let js: JsValue = error.into();
    let message = js_sys::Error::from(js).message();
    assert!(String::from(message).starts_with("connect: InvalidStateError: the offer has nothing"));
}

#[wasm_bindgen_test]
async fn a_media_pair_plays_video_that_wait_for_stats_sees_decoded() -> Result<(), TestError> {
    let pair = MediaPair::new().await?;
    assert_eq!(pair.remote_video.track.kind(), "video");
    assert_eq!(pair.remote_audio.track.kind(), "audio");
    assert_eq!(
        pair.remote_video.track.ready_state(),
        web_sys::MediaStreamTrackState::Live
    );
    let mut stats = pair.b.stats_every(Duration::from_millis(200));
    let decoded = |report: &webrtc_wasm::StatsReport| {
        report
            .inbound_rtp_of(MediaKind::Video)
            .filter_map(|s| s.frames_decoded)
            .max()
            .unwrap_or(0)
    };
    let report = wait_for_stats(&mut stats, "10 frames decoded", LIMIT, |report| {
        decoded(report) >= 10
    })
    .await?;
    assert!(decoded(&report) >= 10);
    let audio = report
        .inbound_rtp_of(MediaKind::Audio)
        .filter_map(|s| s.packets_received)
        .max();
    assert!(audio > Some(0), "audio packets arrive too: {audio:?}");
    pair.trickle.check()
}

#[wasm_bindgen_test]
async fn waits_time_out_naming_what_they_waited_for() -> Result<(), TestError> {
    let never = within(
        "nothing",
        Duration::from_millis(50),
        future::pending::<()>(),
    )
    .await;
    assert_eq!(
        never,
        Err(TestError::Timeout {
            what: "nothing".into(),
            after: Duration::from_millis(50)
        })
    );
    let pair = ChannelPair::new().await?;
    let mut stats = pair.a.stats_every(Duration::from_millis(100));
    let start = js_sys::Date::now();
    let mut seen = 0;
    let outcome = wait_for_stats(
        &mut stats,
        "an impossible report",
        Duration::from_millis(600),
        |_| {
            seen += 1;
            false
        },
    )
    .await;
    let waited = js_sys::Date::now() - start;
    assert_eq!(
        outcome.unwrap_err().to_string(),
        "timed out after 600ms waiting for an impossible report"
    );
    assert!(waited >= 590.0, "waited {waited} ms");
    assert!(seen >= 2, "it read reports meanwhile: {seen}");
    Ok(())
}

#[wasm_bindgen_test]
async fn wait_for_stats_reports_a_stream_that_ends() -> Result<(), TestError> {
    let pair = ChannelPair::new().await?;
    let mut stats = pair.a.stats_every(Duration::from_millis(100));
    let a = pair.a.clone();
    drop(pair);
    // The stream holds no handle: closing the last one ends it.
    a.close();
    drop(a);
    let outcome = wait_for_stats(&mut stats, "a report", LIMIT, |_| false).await;
    assert!(
        matches!(outcome, Err(TestError::Step { step: "stats", .. })),
        "{outcome:?}"
    );
    Ok(())
}

#[wasm_bindgen_test]
async fn a_negotiated_pair_connects_once_there_is_something_to_negotiate() -> Result<(), TestError>
{
    let mut pair = NegotiatedPair::new()?;
    let mut announced = pair.a.data_channels();
    // The polite side adds the channel: its offer goes through the kit's
    // in-page transport and the impolite side answers.
    let from_b = pair
        .b
        .create_data_channel("from b", &DataChannelInit::default())?;
    pair.connected().await?;
    let mut at_a = within("a's datachannel event", LIMIT, announced.next())
        .await?
        .expect("a channel");
    within("open", LIMIT, from_b.open()).await??;
    from_b.send(Message::text("hello a")).await?;
    let received = within("the message", LIMIT, at_a.next()).await?;
    assert_eq!(received, Some(Ok(Message::text("hello a"))));
    assert!(pair.a_negotiation.is_running() && pair.b_negotiation.is_running());
    Ok(())
}

/// A candidate the other side rejects (its media section is not in that
/// side's remote description) is reported, not dropped.
#[wasm_bindgen_test]
async fn trickle_reports_the_candidates_the_other_side_rejects() -> Result<(), TestError> {
    let config = Configuration::default();
    let a = PeerConnection::new(&config)?;
    let other = PeerConnection::new(&config)?;
    let c = PeerConnection::new(&config)?;
    let _x = other.create_data_channel("x", &DataChannelInit::default())?;
    let offer = other.create_offer(&OfferOptions::default()).await?;
    let elsewhere = offer
        .sdp
        .replace("a=mid:0", "a=mid:elsewhere")
        .replace("a=group:BUNDLE 0", "a=group:BUNDLE elsewhere");
    c.set_remote_description(&SessionDescription::offer(elsewhere))
        .await?;
    let forwarded = trickle(&a, &c);
    let _y = a.create_data_channel("y", &DataChannelInit::default())?;
    let mut candidates = a.ice_candidates();
    let own = a.create_offer(&OfferOptions::default()).await?;
    a.set_local_description(&own).await?;
    // Each candidate a gathers reaches c and is rejected; by the end of
    // gathering the first rejection is in.
    within("a's end of candidates", LIMIT, async {
        while let Some(Some(_)) = candidates.next().await {}
    })
    .await?;
    let rejected = within("a rejection", LIMIT, async {
        loop {
            if let Err(error) = forwarded.check() {
                return error;
            }
            gloo_timers::future::TimeoutFuture::new(20).await;
        }
    })
    .await?;
    match rejected {
        TestError::CandidatesRejected { count, first } => {
            assert!(count >= 1);
            assert!(first.candidate.starts_with("candidate:"), "{first}");
            assert!(
                matches!(first.error, Error::Operation { .. }),
                "{:?}",
                first.error
            );
            assert_eq!(forwarded.rejected().len(), count.min(32));
        }
        other => panic!("expected rejections, got {other:?}"),
    }
    Ok(())
}

#[wasm_bindgen_test]
async fn the_listener_baseline_finds_live_listeners_until_they_are_dropped() -> Result<(), TestError>
{
    let baseline = ListenerBaseline::now();
    let pair = ChannelPair::new().await?;
    match baseline.settled(Duration::from_millis(100)).await {
        Err(TestError::Leak {
            baseline: at_start,
            live,
            ..
        }) => {
            assert_eq!(at_start, baseline.count());
            assert!(live > at_start, "{live} live, {at_start} at the baseline");
        }
        other => panic!("a live pair holds listeners: {other:?}"),
    }
    drop(pair);
    baseline.settled(Duration::from_secs(2)).await
}
