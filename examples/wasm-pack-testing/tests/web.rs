#![cfg(target_arch = "wasm32")]
use futures::StreamExt;
use std::time::Duration;
use wasm_bindgen_test::*;
use webrtc_wasm::Message;
use webrtc_wasm::testing::{ChannelPair, ListenerBaseline, TestError, within};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_message_arrives() -> Result<(), TestError> {
    let baseline = ListenerBaseline::now();
    let mut pair = ChannelPair::new().await?; // connected, channel open
    pair.channel.send(Message::text("hi")).await?;
    let received = within("the message", Duration::from_secs(5), pair.remote.next()).await?;
    assert_eq!(received, Some(Ok(Message::text("hi"))));
    drop(pair);
    baseline.settled(Duration::from_secs(1)).await // no listener left behind
}
