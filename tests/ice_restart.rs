//! ICE restart as a real fault: a relay-only connection through coturn,
//! coturn stopped and started again by the test services, and the recovery
//! policy bringing the connection back with nothing lost.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use common::*;
use futures::StreamExt;
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen_test::*;
use webrtc_wasm::negotiation::IceRestartPolicy;
use webrtc_wasm::signaling::pair;
use webrtc_wasm::{
    DataChannelInit, Message, NegotiationEvent, NegotiationOptions, PeerConnection,
    PeerConnectionState, PerfectNegotiation,
};

wasm_bindgen_test_configure!(run_in_browser);

async fn wait_for_state(pc: &PeerConnection, wanted: &[PeerConnectionState]) {
    while !wanted.contains(&pc.connection_state()) {
        sleep(100).await;
    }
}

/// The local ICE username fragment of `pc`'s current description.
fn local_ufrag(pc: &PeerConnection) -> Option<String> {
    pc.local_description()?.ice_ufrag().map(str::to_owned)
}

#[wasm_bindgen_test]
async fn the_recovery_policy_restarts_ice_after_a_turn_outage() {
    turn_control("start").await;
    let config = relay_config("webrtc");
    let a = PeerConnection::new(&config).unwrap();
    let b = PeerConnection::new(&config).unwrap();
    let (ta, tb) = pair();
    let policy = IceRestartPolicy {
        grace: Duration::from_secs(1),
        max_attempts: 40,
        backoff: Duration::from_millis(500),
        max_backoff: Duration::from_secs(2),
        ..IceRestartPolicy::default()
    };
    let na = PerfectNegotiation::start(
        &a,
        ta,
        NegotiationOptions::impolite().ice_restart(Some(policy)),
    );
    let _nb = PerfectNegotiation::start(&b, tb, NegotiationOptions::polite());
    let events = Rc::new(RefCell::new(Vec::new()));
    {
        let mut stream = na.events();
        let events = events.clone();
        spawn_local(async move {
            while let Some(event) = stream.next().await {
                events.borrow_mut().push(event);
            }
        });
    }
    let mut incoming = b.data_channels();
    let channel = a
        .create_data_channel("reliable", &DataChannelInit::default())
        .unwrap();
    must_within("open", Duration::from_secs(20), channel.open())
        .await
        .unwrap();
    let mut remote = must_within("datachannel", Duration::from_secs(20), incoming.next())
        .await
        .unwrap();
    for i in 0..10 {
        channel
            .send(Message::text(format!("before {i}")))
            .await
            .unwrap();
    }
    for i in 0..10 {
        let got = must_within("before", Duration::from_secs(20), remote.next())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got, Message::text(format!("before {i}")));
    }
    let ufrag_before = local_ufrag(&a).expect("a local ICE ufrag");

    // The outage, then recovery, with nothing asserted until coturn runs
    // again: each step's outcome is kept and checked afterwards.
    use PeerConnectionState as S;
    let outage = Fault::turn_outage().await;
    let noticed = within(
        Duration::from_secs(60),
        wait_for_state(&a, &[S::Disconnected, S::Failed]),
    )
    .await;
    // Sent during the outage: queued, delivered after recovery.
    let mut sent_during = Vec::new();
    if noticed.is_some() {
        for i in 0..10 {
            sent_during.push(channel.send(Message::text(format!("during {i}"))).await);
        }
    }
    outage.end().await;
    assert!(noticed.is_some(), "the outage was not noticed");
    for sent in sent_during {
        sent.unwrap();
    }
    must_within(
        "recovery",
        Duration::from_secs(60),
        wait_for_state(&a, &[S::Connected]),
    )
    .await;
    for i in 0..10 {
        let got = must_within("during", Duration::from_secs(30), remote.next())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(got, Message::text(format!("during {i}")));
    }
    channel.send(Message::text("after")).await.unwrap();
    let got = must_within("after", Duration::from_secs(20), remote.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, Message::text("after"));
    let restarts = events
        .borrow()
        .iter()
        .filter(|e| matches!(e, NegotiationEvent::IceRestart { .. }))
        .count();
    assert!(restarts >= 1, "no restart reported: {:?}", events.borrow());
    // The connection that recovered is a new ICE generation: a restart
    // brought it back, not the old candidates coming back to life.
    let ufrag_after = local_ufrag(&a).expect("a local ICE ufrag");
    assert_ne!(
        ufrag_after, ufrag_before,
        "the ICE credentials did not change"
    );
    let b_sees = b
        .remote_description()
        .and_then(|d| d.ice_ufrag().map(str::to_owned));
    assert_eq!(b_sees.as_deref(), Some(ufrag_after.as_str()));
}
