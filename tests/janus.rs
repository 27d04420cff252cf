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
    OscillatorAudioSource, PeerConnection, PeerConnectionState, RtpEncodingParameters,
    TransceiverDirection, TransceiverInit,
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
    // A closed socket fails what is asked next, and ends each handle's
    // events with that error.
    let mut room = room;
    janus.as_raw().close().expect("close");
    let after = within("the refusal", LIMIT, janus.attach("janus.plugin.echotest")).await?;
    assert_eq!(after.unwrap_err(), webrtc_wasm::Error::Closed);
    let ended = within("the handle's end", LIMIT, async {
        let mut items = Vec::new();
        while let Some(item) = room.next().await {
            items.push(item);
        }
        items
    })
    .await?;
    assert_eq!(ended, [Err(webrtc_wasm::Error::Closed)]);
    Ok(())
}

/// A VideoRoom of its own on the test Janus.
struct Room {
    janus: JanusSession,
    id: u64,
    _admin: JanusHandle,
}

async fn room() -> Room {
    let janus = JanusSession::connect(&janus_url()).await.expect("session");
    let admin = janus
        .attach("janus.plugin.videoroom")
        .await
        .expect("videoroom");
    let id = 1 + (js_sys::Math::random() * 1e12) as u64;
    let created = admin
        .message(
            &json!({"request": "create", "room": id, "publishers": 8, "videocodec": "vp8",
                    "audiocodec": "opus", "bitrate": 0, "fir_freq": 2}),
            None,
        )
        .await
        .expect("create");
    assert_eq!(created.data["videoroom"], "created", "{}", created.data);
    Room {
        janus,
        id,
        _admin: admin,
    }
}

/// A participant publishing `video` (with three simulcast layers, high to
/// low, when `simulcast`).
struct Publisher {
    pc: PeerConnection,
    handle: JanusHandle,
    /// Janus's id of this publisher.
    id: u64,
    sender: webrtc_wasm::RtpSender,
    _video: CanvasVideoSource,
}

async fn publish(
    room: &Room,
    display: &str,
    video: CanvasVideoSource,
    simulcast: bool,
) -> Publisher {
    let mut handle = room
        .janus
        .attach("janus.plugin.videoroom")
        .await
        .expect("attach");
    let joined = handle
        .message(
            &json!({"request": "join", "ptype": "publisher", "room": room.id, "display": display}),
            None,
        )
        .await
        .expect("join");
    assert_eq!(joined.data["videoroom"], "joined", "{}", joined.data);
    let id = joined.data["id"].as_u64().expect("publisher id");
    let pc = PeerConnection::new(&Configuration::default()).expect("pc");
    let mut init = TransceiverInit::default()
        .direction(TransceiverDirection::SendOnly)
        .stream(video.stream());
    if simulcast {
        init.send_encodings = vec![
            RtpEncodingParameters::default().rid("h"),
            RtpEncodingParameters::default()
                .rid("m")
                .scale_resolution_down_by(2.0),
            RtpEncodingParameters::default()
                .rid("l")
                .scale_resolution_down_by(4.0),
        ];
    }
    let transceiver = pc
        .add_transceiver(&video.track(), &init)
        .expect("transceiver");
    handle.trickle_from(&pc);
    let offer = pc
        .create_offer(&OfferOptions::default())
        .await
        .expect("offer");
    pc.set_local_description(&offer).await.expect("local offer");
    let published = handle
        .message(&json!({"request": "publish"}), Some(&offer))
        .await
        .expect("publish");
    assert_eq!(published.data["configured"], "ok", "{}", published.data);
    pc.set_remote_description(&published.jsep.expect("Janus's answer"))
        .await
        .expect("remote answer");
    until_webrtc_up(&mut handle, &pc).await;
    Publisher {
        pc,
        handle,
        id,
        sender: transceiver.sender(),
        _video: video,
    }
}

/// One connection receiving `feeds` (Janus's multistream subscription).
struct Subscriber {
    pc: PeerConnection,
    handle: JanusHandle,
    /// The media section of each feed's video, in `feeds` order.
    mids: Vec<String>,
}

async fn subscribe(room: &Room, feeds: &[u64]) -> Subscriber {
    let mut handle = room
        .janus
        .attach("janus.plugin.videoroom")
        .await
        .expect("attach");
    let pc = PeerConnection::new(&Configuration::default()).expect("pc");
    handle.trickle_from(&pc);
    let streams: Vec<_> = feeds.iter().map(|feed| json!({"feed": feed})).collect();
    let attached = handle
        .message(
            &json!({"request": "join", "ptype": "subscriber", "room": room.id, "streams": streams}),
            None,
        )
        .await
        .expect("join as subscriber");
    assert_eq!(attached.data["videoroom"], "attached", "{}", attached.data);
    let mids = feeds
        .iter()
        .map(|feed| {
            attached.data["streams"]
                .as_array()
                .expect("streams")
                .iter()
                .find(|s| s["feed_id"].as_u64() == Some(*feed) && s["type"] == "video")
                .and_then(|s| s["mid"].as_str())
                .expect("the feed's video")
                .to_owned()
        })
        .collect();
    pc.set_remote_description(&attached.jsep.expect("Janus's offer"))
        .await
        .expect("remote offer");
    let answer = pc.create_answer().await.expect("answer");
    pc.set_local_description(&answer)
        .await
        .expect("local answer");
    let started = handle
        .message(&json!({"request": "start"}), Some(&answer))
        .await
        .expect("start");
    assert_eq!(started.data["started"], "ok", "{}", started.data);
    until_webrtc_up(&mut handle, &pc).await;
    Subscriber { pc, handle, mids }
}

/// The inbound video streams of a report with their frames decoded, by mid.
fn decoded_by_mid(report: &webrtc_wasm::StatsReport) -> Vec<(String, u32)> {
    report
        .inbound_rtp_of(MediaKind::Video)
        .map(|s| {
            (
                s.mid.clone().unwrap_or_default(),
                s.frames_decoded.unwrap_or(0),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn videoroom_four_participants_each_receive_every_other() -> Result<(), TestError> {
    let room = room().await;
    let mut publishers = Vec::new();
    for name in ["p1", "p2", "p3", "p4"] {
        let video = CanvasVideoSource::new(320, 240, 15)?;
        publishers.push(publish(&room, name, video, false).await);
    }
    let ids: Vec<u64> = publishers.iter().map(|p| p.id).collect();
    let mut subscribers = Vec::new();
    for me in &ids {
        let others: Vec<u64> = ids.iter().copied().filter(|id| id != me).collect();
        subscribers.push(subscribe(&room, &others).await);
    }
    for subscriber in &subscribers {
        assert_eq!(subscriber.mids.len(), 3);
        let mut stats = subscriber.pc.stats_every(Duration::from_millis(250));
        let report = wait_for_stats(
            &mut stats,
            "every other participant's video decoded",
            LIMIT,
            |report| {
                let decoded = decoded_by_mid(report);
                subscriber
                    .mids
                    .iter()
                    .all(|mid| decoded.iter().any(|(m, frames)| m == mid && *frames >= 5))
            },
        )
        .await?;
        assert_eq!(report.inbound_rtp_of(MediaKind::Video).count(), 3);
    }
    // A participant leaves (its connection closed, its handle detached):
    // every other publisher hears it, and a subscriber of it gets Janus's
    // new offer, which turns that video off.
    let leaving = publishers.remove(0);
    let left = leaving.id;
    leaving.pc.close();
    drop(leaving);
    for publisher in &mut publishers {
        within("the others hear that p1 left", LIMIT, async {
            while let Some(event) = publisher.handle.next().await {
                if let Ok(JanusEvent::Plugin { data, .. }) = event {
                    if data["unpublished"].as_u64() == Some(left)
                        || data["leaving"].as_u64() == Some(left)
                    {
                        return;
                    }
                }
            }
            panic!("the publisher's events ended");
        })
        .await?;
    }
    let watcher = &mut subscribers[1];
    let mid = watcher.mids[0].clone();
    let offer = within("Janus's updated offer", LIMIT, async {
        while let Some(event) = watcher.handle.next().await {
            if let Ok(JanusEvent::Plugin {
                data,
                jsep: Some(jsep),
            }) = event
            {
                if data["videoroom"] == "updated" {
                    return Some(jsep);
                }
            }
        }
        None
    })
    .await?
    .expect("an updated offer");
    watcher.pc.set_remote_description(&offer).await?;
    let answer = watcher.pc.create_answer().await?;
    watcher.pc.set_local_description(&answer).await?;
    watcher
        .handle
        .message(&json!({"request": "start"}), Some(&answer))
        .await?;
    let gone = watcher
        .pc
        .get_transceivers()
        .into_iter()
        .find(|t| t.mid().as_deref() == Some(mid.as_str()))
        .expect("the left participant's transceiver");
    assert_eq!(
        gone.current_direction(),
        Some(TransceiverDirection::Inactive)
    );
    let track = gone.receiver().track();
    assert!(
        track.muted() || track.ready_state() == web_sys::MediaStreamTrackState::Ended,
        "the left participant's track is muted or ended"
    );
    Ok(())
}

/// The outbound video layers of a report that have encoded frames:
/// `(rid, frame width)`, sorted by rid.
fn layers(report: &webrtc_wasm::StatsReport) -> Vec<(String, u32)> {
    let mut layers: Vec<_> = report
        .outbound_rtp_of(MediaKind::Video)
        .filter(|s| s.frames_encoded.unwrap_or(0) > 0)
        .map(|s| {
            (
                s.rid.clone().unwrap_or_default(),
                s.frame_width.unwrap_or(0),
            )
        })
        .collect();
    layers.sort();
    layers
}

/// The width of the video a subscriber decodes now.
fn received_width(report: &webrtc_wasm::StatsReport) -> Option<u32> {
    report
        .inbound_rtp_of(MediaKind::Video)
        .find_map(|s| s.frame_width)
}

#[wasm_bindgen_test]
async fn simulcast_layers_are_sent_switched_and_turned_off() -> Result<(), TestError> {
    let room = room().await;
    // 960×540: the smallest size at which Chromium sends three layers.
    let video = CanvasVideoSource::new(960, 540, 15)?;
    let publisher = publish(&room, "simulcast", video, true).await;

    // Three layers leave the browser, each with its rid and its size.
    let mut sent = publisher.pc.stats_every(Duration::from_millis(250));
    let report = wait_for_stats(&mut sent, "three layers encoded", LIMIT, |report| {
        layers(report).len() == 3
    })
    .await?;
    drop(sent);
    let widths = layers(&report);
    let rids: Vec<&str> = widths.iter().map(|(rid, _)| rid.as_str()).collect();
    assert_eq!(rids, ["h", "l", "m"]);
    let (high, low, middle) = (widths[0].1, widths[1].1, widths[2].1);
    assert!(high > middle && middle > low, "{widths:?}");
    if !is_firefox() {
        // Why a layer is below its size, where the browser says.
        assert!(
            report
                .outbound_rtp_of(MediaKind::Video)
                .all(|s| s.quality_limitation_reason.is_some())
        );
    }

    // A subscriber gets one layer at a time and switches between them.
    let subscriber = subscribe(&room, &[publisher.id]).await;
    let mid = subscriber.mids[0].clone();
    for (substream, what, fits) in [
        (
            0,
            "the low layer",
            Box::new(move |w: u32| w <= low) as Box<dyn Fn(u32) -> bool>,
        ),
        (
            2,
            "a layer above the low one",
            Box::new(move |w: u32| w > low),
        ),
    ] {
        let configured = subscriber
            .handle
            .message(
                &json!({"request": "configure", "streams": [{"mid": mid, "substream": substream}]}),
                None,
            )
            .await?;
        assert_eq!(configured.data["configured"], "ok", "{}", configured.data);
        let mut received = subscriber.pc.stats_every(Duration::from_millis(250));
        wait_for_stats(&mut received, what, LIMIT, |report| {
            received_width(report).is_some_and(&fits)
        })
        .await?;
    }

    // The high layer turned off: its bytes stop growing while the low
    // layer's go on.
    let mut parameters = publisher.sender.get_parameters()?;
    for encoding in &mut parameters.encodings {
        if encoding.rid.as_deref() == Some("h") {
            encoding.active = Some(false);
        }
    }
    within(
        "setParameters",
        LIMIT,
        publisher.sender.set_parameters(&parameters),
    )
    .await??;
    let reread = publisher.sender.get_parameters()?;
    assert_eq!(
        reread
            .encodings
            .iter()
            .map(|e| (e.rid.clone(), e.active))
            .collect::<Vec<_>>(),
        [
            (Some("h".into()), Some(false)),
            (Some("m".into()), Some(true)),
            (Some("l".into()), Some(true))
        ]
    );
    let bytes = |report: &webrtc_wasm::StatsReport, rid: &str| {
        report
            .outbound_rtp_of(MediaKind::Video)
            .find(|s| s.rid.as_deref() == Some(rid))
            .and_then(|s| s.bytes_sent)
            .unwrap_or(0)
    };
    let mut sent = publisher.pc.stats_every(Duration::from_millis(250));
    let mut last: Option<(u64, u64)> = None;
    let mut unchanged = 0;
    wait_for_stats(&mut sent, "the high layer stopped", LIMIT, |report| {
        let now = (bytes(report, "h"), bytes(report, "l"));
        let stopped = last.is_some_and(|(high, low)| now.0 == high && now.1 > low);
        unchanged = if stopped { unchanged + 1 } else { 0 };
        last = Some(now);
        unchanged >= 3
    })
    .await?;
    Ok(())
}

/// A TextRoom participant: a connection with a data channel to Janus,
/// joined to `room` as `username`.
struct Chatter {
    _pc: PeerConnection,
    _handle: JanusHandle,
    channel: webrtc_wasm::DataChannel,
    next: u32,
}

impl Chatter {
    async fn join(janus: &JanusSession, room: u64, username: &str) -> Chatter {
        let mut handle = janus.attach("janus.plugin.textroom").await.expect("attach");
        let pc = PeerConnection::new(&Configuration::default()).expect("pc");
        handle.trickle_from(&pc);
        let setup = handle
            .message(&json!({"request": "setup"}), None)
            .await
            .expect("setup");
        pc.set_remote_description(&setup.jsep.expect("Janus's offer"))
            .await
            .expect("remote offer");
        // Janus's offer has the data section; the channel is ours to open.
        let channel = pc
            .create_data_channel("JanusDataChannel", &DataChannelInit::default())
            .expect("channel");
        let answer = pc.create_answer().await.expect("answer");
        pc.set_local_description(&answer)
            .await
            .expect("local answer");
        handle
            .message(&json!({"request": "ack"}), Some(&answer))
            .await
            .expect("ack");
        until_webrtc_up(&mut handle, &pc).await;
        must_within("open", LIMIT, channel.open())
            .await
            .expect("open");
        let mut chatter = Chatter {
            _pc: pc,
            _handle: handle,
            channel,
            next: 0,
        };
        let joined = chatter
            .request(json!({"textroom": "join", "room": room, "username": username}))
            .await;
        assert_eq!(joined["textroom"], "success", "{joined}");
        chatter
    }

    /// Sends a TextRoom request over the channel and reads until its reply.
    async fn request(&mut self, mut body: serde_json::Value) -> serde_json::Value {
        self.next += 1;
        let transaction = format!("c{}", self.next);
        body["transaction"] = json!(transaction);
        self.channel
            .send(Message::text(body.to_string()))
            .await
            .expect("send");
        loop {
            let reply = self.receive().await;
            if reply["transaction"] == transaction.as_str() {
                return reply;
            }
        }
    }

    /// Reads until Janus sends a `"textroom": kind` message, and gives it.
    async fn until(&mut self, kind: &str) -> serde_json::Value {
        loop {
            let event = self.receive().await;
            if event["textroom"] == kind {
                return event;
            }
        }
    }

    /// The next message Janus sends over the channel.
    async fn receive(&mut self) -> serde_json::Value {
        let message = must_within("a TextRoom message", LIMIT, self.channel.next())
            .await
            .expect("the channel is open")
            .expect("a message");
        let Message::Text(text) = message else {
            panic!("TextRoom sends text")
        };
        serde_json::from_str(&text).expect("JSON")
    }
}

#[wasm_bindgen_test]
async fn textroom_carries_chat_between_participants_over_data_channels() -> Result<(), TestError> {
    let janus = JanusSession::connect(&janus_url()).await?;
    let admin = janus.attach("janus.plugin.textroom").await?;
    let room = 1 + (js_sys::Math::random() * 1e12) as u64;
    let created = admin
        .message(&json!({"request": "create", "room": room}), None)
        .await?;
    assert_eq!(created.data["textroom"], "created", "{}", created.data);

    let mut alice = Chatter::join(&janus, room, "alice").await;
    let mut bob = Chatter::join(&janus, room, "bob").await;
    // Alice hears Bob join.
    let joined = within("bob's join at alice", LIMIT, alice.until("join")).await?;
    assert_eq!(joined["username"], "bob");

    // Each one's message reaches the other, with its sender.
    let sent = alice
        .request(json!({"textroom": "message", "room": room, "text": "hello bob"}))
        .await;
    assert_eq!(sent["textroom"], "success", "{sent}");
    let heard = within("alice's message at bob", LIMIT, bob.until("message")).await?;
    assert_eq!(
        (heard["from"].as_str(), heard["text"].as_str()),
        (Some("alice"), Some("hello bob"))
    );
    bob.request(json!({"textroom": "message", "room": room, "text": "hi alice"}))
        .await;
    let heard = within("bob's message at alice", LIMIT, alice.until("message")).await?;
    assert_eq!(
        (heard["from"].as_str(), heard["text"].as_str()),
        (Some("bob"), Some("hi alice"))
    );
    Ok(())
}

/// The frames a subscriber has decoded so far.
fn frames_decoded(report: &webrtc_wasm::StatsReport) -> u32 {
    report
        .inbound_rtp_of(MediaKind::Video)
        .filter_map(|s| s.frames_decoded)
        .sum()
}

/// A publisher whose network fails (UDP to and from its Janus port
/// dropped) loses its connection; once the network is back, an ICE restart
/// through the VideoRoom's `configure` (new credentials, Janus's answer and
/// candidates) recovers it, and its subscriber's video goes on.
#[wasm_bindgen_test]
async fn a_publisher_whose_network_fails_recovers_with_an_ice_restart() -> Result<(), TestError> {
    let room = room().await;
    let video = CanvasVideoSource::new(320, 240, 15)?;
    let mut publisher = publish(&room, "restarting", video, false).await;
    let subscriber = subscribe(&room, &[publisher.id]).await;
    let mut received = subscriber.pc.stats_every(Duration::from_millis(250));
    wait_for_stats(&mut received, "video decoded", LIMIT, |report| {
        frames_decoded(report) >= 5
    })
    .await?;
    drop(received);

    // The network fails: the port Janus uses for this publisher stops
    // answering, and the publisher's connection leaves `connected`.
    let path = publisher.pc.stats().await?;
    let janus_port = path
        .selected_candidate_pair()
        .and_then(|pair| pair.remote.port)
        .expect("the selected pair's Janus port");
    let cut = Fault::janus_cut(janus_port).await;
    let mut states = publisher.pc.connection_state_changes();
    within("the publisher's connection lost", LIMIT, async {
        while let Some(state) = states.next().await {
            if matches!(
                state,
                PeerConnectionState::Disconnected | PeerConnectionState::Failed
            ) {
                return;
            }
        }
    })
    .await?;
    let lost = subscriber.pc.stats().await?;
    cut.end().await;

    // An ICE restart through the VideoRoom's configure: a new offer with
    // new credentials, Janus's answer, and Janus's candidates.
    let ufrag = |pc: &PeerConnection| {
        pc.local_description().and_then(|d| {
            d.sdp
                .lines()
                .find_map(|l| l.strip_prefix("a=ice-ufrag:").map(str::to_owned))
        })
    };
    let old_ufrag = ufrag(&publisher.pc);
    let offer = publisher
        .pc
        .create_offer(&OfferOptions {
            ice_restart: true,
            ..OfferOptions::default()
        })
        .await?;
    publisher.pc.set_local_description(&offer).await?;
    assert_ne!(ufrag(&publisher.pc), old_ufrag, "new ICE credentials");
    let reply = publisher
        .handle
        .message(&json!({"request": "configure"}), Some(&offer))
        .await?;
    publisher
        .pc
        .set_remote_description(&reply.jsep.expect("Janus's answer"))
        .await?;
    let new_ufrag = ufrag(&publisher.pc).expect("a ufrag");
    // The pair in use is one of the new ICE session: Janus's candidates
    // arrive trickled, and the selected pair's local candidate carries the
    // new credentials (Firefox reports no usernameFragment on candidates;
    // there the transport's state says it).
    let Publisher { pc, handle, .. } = &mut publisher;
    let mut sent = pc.stats_every(Duration::from_millis(250)).fuse();
    let firefox = is_firefox();
    let on_new_session = |report: &webrtc_wasm::StatsReport| {
        let Some(selected) = report.selected_candidate_pair() else {
            return false;
        };
        match &selected.local.username_fragment {
            Some(ufrag) => *ufrag == new_ufrag,
            None => {
                firefox
                    && selected.pair.state
                        == Some(webrtc_wasm::stats::CandidatePairState::Succeeded)
            }
        }
    };
    within("the pair of the new ICE session selected", LIMIT, async {
        loop {
            futures::select! {
                event = handle.next() => match event {
                    Some(Ok(JanusEvent::Candidate(candidate))) => {
                        pc.add_ice_candidate(candidate.as_ref()).await?;
                    }
                    Some(_) => {}
                    None => return Err(TestError::Step { step: "janus events", error: webrtc_wasm::Error::Closed }),
                },
                report = sent.next() => {
                    if report.is_some_and(|r| r.is_ok_and(|r| on_new_session(&r))) {
                        return Ok(());
                    }
                }
            }
        }
    })
    .await??;
    within("connected again", LIMIT, publisher.pc.connected()).await??;
    // The subscriber's video goes on.
    let mut received = subscriber.pc.stats_every(Duration::from_millis(250));
    let before = frames_decoded(&lost);
    wait_for_stats(
        &mut received,
        "video decoded after the restart",
        LIMIT,
        |report| frames_decoded(report) >= before + 15,
    )
    .await?;
    Ok(())
}
