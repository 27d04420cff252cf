//! Browser tests of file transfer (`webrtc_wasm::transfer`): a large file
//! with bounded memory, progress, cancelling from either side, a remote
//! that vanishes, corrupted content, and chat during a transfer.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use common::*;
use futures::{Stream, StreamExt, future, stream};
use sha2::{Digest, Sha256};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use webrtc_wasm::transfer::{FILE_PROTOCOL, FileInfo, FileReceiver, IncomingFile, Progress};
use webrtc_wasm::{
    Configuration, DataChannel, DataChannelInit, Error, Message, RtcErrorDetailType,
};

wasm_bindgen_test_configure!(run_in_browser);

const LIMIT: Duration = Duration::from_secs(30);
const MIB: usize = 1024 * 1024;

/// `blocks` blocks of 1 MiB, each different (a pseudo-random block with
/// its index in its first bytes), as a content stream; and their SHA-256.
fn content(
    blocks: usize,
) -> (
    impl Stream<Item = webrtc_wasm::Result<Vec<u8>>> + Unpin,
    Vec<u8>,
) {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let base: Rc<Vec<u8>> = Rc::new(
        (0..MIB)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect(),
    );
    let block = {
        let base = base.clone();
        move |i: usize| {
            let mut bytes = base.as_ref().clone();
            bytes[..8].copy_from_slice(&(i as u64).to_le_bytes());
            bytes
        }
    };
    let mut hasher = Sha256::new();
    for i in 0..blocks {
        hasher.update(block(i));
    }
    let hash = hasher.finalize().to_vec();
    (stream::iter((0..blocks).map(move |i| Ok(block(i)))), hash)
}

fn info(name: &str, size: Option<u64>) -> FileInfo {
    FileInfo {
        name: name.into(),
        size,
        mime_type: "application/octet-stream".into(),
        metadata: serde_json::json!({ "from": "tests/transfer.rs", "n": 7 }),
    }
}

/// The content hash of the wire format, written out from its definition:
/// the SHA-256 of the SHA-256 digests of the content's 4 MiB blocks.
fn content_hash(bytes: &[u8]) -> String {
    let mut blocks = Sha256::new();
    for block in bytes.chunks(4 * MIB) {
        blocks.update(Sha256::digest(block));
    }
    format!("{:x}", blocks.finalize())
}

/// The next file `b` is offered.
async fn offered(incoming: &mut (impl Stream<Item = IncomingFile> + Unpin)) -> IncomingFile {
    must_within("a file offer", LIMIT, incoming.next())
        .await
        .expect("an incoming file")
}

/// Reads a receiver to its end: the bytes' count and SHA-256, and the
/// error it ended with, if any.
async fn read_all(receiver: &mut FileReceiver) -> (u64, Vec<u8>, Option<Error>) {
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    while let Some(item) = receiver.next().await {
        match item {
            Ok(chunk) => {
                bytes += chunk.len() as u64;
                hasher.update(&chunk);
            }
            Err(error) => {
                assert!(
                    receiver.next().await.is_none(),
                    "the stream ends after its error"
                );
                return (bytes, hasher.finalize().to_vec(), Some(error));
            }
        }
    }
    (bytes, hasher.finalize().to_vec(), None)
}

fn wasm_memory() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// The page's live JS memory after a full garbage collection, in Chromium:
/// `performance.measureUserAgentSpecificMemory()` (the test page is
/// cross-origin isolated; webdriver.json makes the measurement eager and
/// exposes `gc()`). `None` in browsers without the measurement (Firefox).
/// (`performance.memory` is cached and coarse, so it cannot show growth.)
async fn live_js_memory() -> Option<f64> {
    let global = js_sys::global();
    let performance = js_sys::Reflect::get(&global, &"performance".into()).unwrap();
    let measure = js_sys::Reflect::get(&performance, &"measureUserAgentSpecificMemory".into())
        .unwrap()
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let gc: js_sys::Function = js_sys::Reflect::get(&global, &"gc".into())
        .unwrap()
        .dyn_into()
        .expect("Chromium runs with --expose-gc");
    gc.call0(&wasm_bindgen::JsValue::UNDEFINED).unwrap();
    let promise: js_sys::Promise = measure.call0(&performance).unwrap().unchecked_into();
    let result = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the page is cross-origin isolated");
    js_sys::Reflect::get(&result, &"bytes".into())
        .unwrap()
        .as_f64()
}

#[wasm_bindgen_test]
async fn a_256_mib_file_arrives_whole_while_memory_stays_bounded() {
    const BLOCKS: usize = 256;
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let mut incoming = pair.b.incoming_files();
    let (content, expected) = content(BLOCKS);
    let memory_before = wasm_memory();
    let heap_before = live_js_memory().await;
    let sent_progress: Rc<RefCell<Vec<Progress>>> = Rc::default();
    let size = (BLOCKS * MIB) as u64;
    // The live JS memory is measured each time the sender passes another
    // 32 MiB (the progress callback asks for it; the asking ends with the
    // send).
    let (ask, mut asked) = futures::channel::mpsc::unbounded::<()>();
    let sending = pair.a.send_file(info("big.bin", Some(size)), content, {
        let sent_progress = sent_progress.clone();
        move |progress| {
            if progress.bytes % (32 * MIB as u64) == 0 && heap_before.is_some() {
                ask.unbounded_send(())
                    .expect("the sampler listens until the send ends");
            }
            sent_progress.borrow_mut().push(progress);
        }
    });
    let sampling = async {
        let mut peak = heap_before.unwrap_or(0.0);
        while asked.next().await.is_some() {
            peak = peak.max(live_js_memory().await.unwrap_or(0.0));
        }
        peak
    };
    let receiving = async {
        let file = offered(&mut incoming).await;
        assert_eq!(file.info(), &info("big.bin", Some(size)));
        let mut receiver = file.accept().await.expect("accept");
        let result = read_all(&mut receiver).await;
        (result, receiver.progress())
    };
    let ((sent, ((bytes, hash, error), received_progress)), peak_heap) = must_within(
        "256 MiB",
        Duration::from_secs(110),
        future::join(future::join(sending, receiving), sampling),
    )
    .await;
    sent.expect("the sender saw the receiver confirm the hash");
    assert_eq!(error, None);
    assert_eq!(bytes, size);
    assert_eq!(hash, expected);
    assert_eq!(received_progress.bytes, size);
    assert_eq!(received_progress.total, Some(size));
    // Progress on the sending side: every chunk, growing to the size.
    let progress = sent_progress.borrow();
    assert!(
        progress.len() >= BLOCKS,
        "{} progress calls",
        progress.len()
    );
    assert!(progress.windows(2).all(|w| w[0].bytes < w[1].bytes));
    assert_eq!(progress.last().map(|p| p.bytes), Some(size));
    assert!(progress.iter().all(|p| p.total == Some(size)));
    assert!(progress.last().is_some_and(|p| p.bytes_per_second > 0.0));
    // Neither side held the file: both peers' wasm memory grew by far less.
    let growth = wasm_memory() - memory_before;
    assert!(
        growth < 32.0 * MIB as f64,
        "wasm memory grew by {growth} bytes"
    );
    if let Some(before) = heap_before {
        let growth = peak_heap - before;
        console_log!("256 MiB transfer: live JS memory grew by {growth} bytes");
        assert!(
            growth < 32.0 * MIB as f64,
            "the JS heap grew by {growth} bytes"
        );
    }
}

/// A transfer of `blocks` MiB from `a` to `b`, dropped by the side that
/// `stop_sender` says once the receiver has read 4 MiB.
async fn cancelled_midway(stop_sender: bool) -> (webrtc_wasm::Result<()>, Option<Error>) {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let mut incoming = pair.b.incoming_files();
    let (content, _) = content(64);
    let halfway = Rc::new(Cell::new(false));
    let sending = pair.a.send_file(info("c.bin", None), content, |_| {});
    let stop = {
        let halfway = halfway.clone();
        async move {
            while !halfway.get() {
                sleep(10).await;
            }
        }
    };
    let receiving = async {
        let mut receiver = offered(&mut incoming).await.accept().await.expect("accept");
        let mut bytes = 0;
        while bytes < 4 * MIB {
            bytes += receiver
                .next()
                .await
                .expect("a chunk")
                .expect("content")
                .len();
        }
        halfway.set(true);
        if stop_sender {
            read_all(&mut receiver).await.2
        } else {
            receiver.cancel();
            None
        }
    };
    if stop_sender {
        let sender = async {
            futures::pin_mut!(sending);
            match future::select(sending, Box::pin(stop)).await {
                future::Either::Left((result, _)) => Some(result),
                // The sender's future is dropped here, mid-transfer.
                future::Either::Right(_) => None,
            }
        };
        let (sent, error) = must_within("the cancel", LIMIT, future::join(sender, receiving)).await;
        assert!(
            sent.is_none(),
            "the transfer ended before it was cancelled: {sent:?}"
        );
        (Ok(()), error)
    } else {
        must_within("the cancel", LIMIT, future::join(sending, receiving)).await
    }
}

#[wasm_bindgen_test]
async fn the_sender_cancels_by_dropping_its_future_and_the_receiver_gets_abort_error() {
    let (_, error) = cancelled_midway(true).await;
    assert_eq!(
        error,
        Some(Error::Aborted("cancelled by the sender".into()))
    );
}

#[wasm_bindgen_test]
async fn the_receiver_cancels_and_the_sender_gets_abort_error() {
    let (sent, _) = cancelled_midway(false).await;
    assert_eq!(
        sent,
        Err(Error::Aborted("cancelled by the receiver".into()))
    );
}

#[wasm_bindgen_test]
async fn a_rejected_file_ends_the_send_with_the_reason() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let mut incoming = pair.b.incoming_files();
    let (content, _) = content(2);
    let receiving = async {
        offered(&mut incoming)
            .await
            .reject("no room")
            .await
            .expect("reject");
    };
    let (sent, ()) = must_within(
        "the rejection",
        LIMIT,
        future::join(
            pair.a.send_file(info("r.bin", None), content, |_| {}),
            receiving,
        ),
    )
    .await;
    assert_eq!(
        sent,
        Err(Error::Aborted(
            "the receiver refused the file: no room".into()
        ))
    );
}

/// A transfer where one connection closes when 2 MiB have arrived: both
/// sides settle, with the errors they ended with.
async fn vanishing(close_receiver: bool) -> (webrtc_wasm::Result<()>, Option<Error>) {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let mut incoming = pair.b.incoming_files();
    let (content, _) = content(64);
    let sending = pair.a.send_file(info("v.bin", None), content, |_| {});
    let receiving = async {
        let mut receiver = offered(&mut incoming).await.accept().await.expect("accept");
        let mut bytes = 0;
        while bytes < 2 * MIB {
            bytes += receiver
                .next()
                .await
                .expect("a chunk")
                .expect("content")
                .len();
        }
        if close_receiver {
            pair.b.close();
        } else {
            pair.a.close();
        }
        read_all(&mut receiver).await.2
    };
    must_within(
        "both sides to settle",
        LIMIT,
        future::join(sending, receiving),
    )
    .await
}

#[wasm_bindgen_test]
async fn a_receiver_that_vanishes_mid_transfer_settles_both_sides_with_typed_errors() {
    let (sent, error) = vanishing(true).await;
    assert_eq!(sent, Err(Error::Closed));
    assert_eq!(error, Some(Error::Closed));
}

#[wasm_bindgen_test]
async fn a_sender_that_vanishes_mid_transfer_settles_both_sides_with_typed_errors() {
    let (sent, error) = vanishing(false).await;
    assert_eq!(sent, Err(Error::Closed));
    // The receiver's channel ends with the error event the browser fires
    // for the aborted association (Chromium: an RTCError, `sctp-failure`),
    // or closes.
    match error {
        Some(Error::Closed) => {}
        Some(Error::Operation {
            detail: Some(detail),
            ..
        }) => assert_eq!(detail.error_detail, RtcErrorDetailType::SctpFailure),
        other => panic!("receiver: {other:?}"),
    }
}

/// `b` offered a file that `a` sends by hand over a raw transfer channel;
/// returns `a`'s channel, accepted.
async fn by_hand(pair: &Pair, header: &str) -> (DataChannel, FileReceiver) {
    let mut incoming = pair.b.incoming_files();
    let mut channel = pair
        .a
        .create_data_channel(
            "file:by-hand",
            &DataChannelInit::default().protocol(FILE_PROTOCOL),
        )
        .expect("channel");
    must_within("open", LIMIT, channel.open())
        .await
        .expect("open");
    channel.send(Message::text(header)).await.expect("header");
    let receiver = offered(&mut incoming).await.accept().await.expect("accept");
    let accept = must_within("the accept", LIMIT, channel.next()).await;
    assert_eq!(accept, Some(Ok(Message::text(r#"{"accept":{}}"#))));
    (channel, receiver)
}

#[wasm_bindgen_test]
async fn corrupted_content_is_detected_and_the_sender_told() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let (mut channel, mut receiver) = by_hand(&pair, r#"{"file":{"name":"x","size":4}}"#).await;
    channel
        .send(Message::binary(vec![1, 2, 3, 4]))
        .await
        .expect("chunk");
    // The hash of other bytes.
    let wrong = content_hash(&[1, 2, 3, 5]);
    let end = format!(r#"{{"end":{{"size":4,"content_hash":"{wrong}"}}}}"#);
    channel.send(Message::text(end)).await.expect("end");
    let (bytes, _, error) = must_within("the end", LIMIT, read_all(&mut receiver)).await;
    assert_eq!(bytes, 4);
    assert_eq!(
        error,
        Some(Error::Integrity(
            "the content does not match its content hash".into()
        ))
    );
    let cancel = must_within("the cancel", LIMIT, channel.next()).await;
    assert_eq!(
        cancel,
        Some(Ok(Message::text(
            r#"{"cancel":{"reason":"the content does not match its content hash","integrity":true}}"#
        )))
    );
}

#[wasm_bindgen_test]
async fn content_longer_than_its_header_says_is_detected() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let (channel, mut receiver) = by_hand(&pair, r#"{"file":{"name":"x","size":2}}"#).await;
    channel
        .send(Message::binary(vec![1, 2, 3]))
        .await
        .expect("chunk");
    let (bytes, _, error) = must_within("the end", LIMIT, read_all(&mut receiver)).await;
    assert_eq!(bytes, 0);
    assert_eq!(
        error,
        Some(Error::Integrity(
            "more content than the 2 bytes the header says".into()
        ))
    );
}

#[wasm_bindgen_test]
async fn a_channel_with_a_bad_header_is_never_offered_and_is_closed() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let mut incoming = pair.b.incoming_files();
    // b reads its offers all along, as an application does.
    let receiving = async {
        let file = offered(&mut incoming).await;
        assert_eq!(file.info().name, "good.bin");
        read_all(&mut file.accept().await.expect("accept")).await
    };
    let sending = async {
        let mut bad = pair
            .a
            .create_data_channel(
                "file:bad",
                &DataChannelInit::default().protocol(FILE_PROTOCOL),
            )
            .expect("channel");
        must_within("open", LIMIT, bad.open()).await.expect("open");
        bad.send(Message::binary(vec![0; 8]))
            .await
            .expect("not a header");
        // b answers with a cancel and closes the channel.
        let cancel = must_within("the cancel", LIMIT, bad.next()).await;
        assert!(
            matches!(&cancel, Some(Ok(Message::Text(text))) if text.starts_with(r#"{"cancel":"#)),
            "{cancel:?}"
        );
        must_within("the close", LIMIT, bad.closed()).await;
        // A good transfer after it is offered as usual.
        let (content, _) = content(1);
        pair.a
            .send_file(info("good.bin", None), content, |_| {})
            .await
    };
    let (sent, (bytes, _, error)) =
        must_within("the good transfer", LIMIT, future::join(sending, receiving)).await;
    sent.expect("sent");
    assert_eq!((bytes, error), (MIB as u64, None));
}

#[wasm_bindgen_test]
async fn chat_keeps_flowing_during_a_large_transfer() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let mut incoming = pair.b.incoming_files();
    let (content, expected) = content(64);
    let done = Rc::new(Cell::new(false));
    let sending = async {
        let result = pair
            .a
            .send_file(info("chat.bin", None), content, |_| {})
            .await;
        done.set(true);
        result
    };
    let receiving = async {
        let mut receiver = offered(&mut incoming).await.accept().await.expect("accept");
        read_all(&mut receiver).await
    };
    // Ping-pong on the chat channel while the file flows.
    let chatting = async {
        let (mut ping, mut pong) = (pair.channel.clone(), pair.remote.clone());
        let mut round_trips = Vec::new();
        let mut during = 0;
        for i in 0..40 {
            let started = js_sys::Date::now();
            ping.send(Message::text(format!("ping {i}")))
                .await
                .expect("ping");
            let got = pong.next().await.expect("ping arrives").expect("text");
            pong.send(got).await.expect("pong");
            ping.next().await.expect("pong arrives").expect("text");
            round_trips.push(js_sys::Date::now() - started);
            if !done.get() {
                during += 1;
            }
            sleep(20).await;
        }
        (round_trips, during)
    };
    let (sent, (_, hash, error), (round_trips, during)) = must_within(
        "the transfer and the chat",
        Duration::from_secs(60),
        future::join3(sending, receiving, chatting),
    )
    .await;
    sent.expect("sent");
    assert_eq!((hash, error), (expected, None));
    assert!(during >= 5, "only {during} round trips during the transfer");
    let worst = round_trips.iter().copied().fold(0.0, f64::max);
    assert!(
        worst < 1000.0,
        "a chat round trip took {worst} ms: {round_trips:?}"
    );
}

/// A peer that is not ours can speak the protocol from its own code: the
/// wire format as the module documents it.
#[wasm_bindgen_test]
async fn the_wire_format_is_the_documented_one() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let mut raw_receiver = pair.b.data_channels();
    let content = stream::iter([Ok(b"hello ".to_vec()), Ok(b"world".to_vec())]);
    let sending = pair.a.send_file(info("w.txt", Some(11)), content, |_| {});
    let by_hand = async {
        let mut channel = must_within("the channel", LIMIT, raw_receiver.next())
            .await
            .expect("channel");
        assert_eq!(channel.protocol(), FILE_PROTOCOL);
        assert_eq!(channel.label(), "file:w.txt");
        let header = channel.next().await.expect("header").expect("text");
        assert_eq!(
            header,
            Message::text(
                r#"{"file":{"name":"w.txt","size":11,"type":"application/octet-stream","metadata":{"from":"tests/transfer.rs","n":7}}}"#
            )
        );
        channel
            .send(Message::text(r#"{"accept":{}}"#))
            .await
            .expect("accept");
        let body = channel.next().await.expect("body").expect("binary");
        assert_eq!(body, Message::binary(b"hello world".to_vec()));
        let end = channel.next().await.expect("end").expect("text");
        // One block: the SHA-256 of the block's SHA-256.
        let hash = format!("{:x}", Sha256::digest(Sha256::digest(b"hello world")));
        assert_eq!(
            end,
            Message::text(format!(
                r#"{{"end":{{"size":11,"content_hash":"{hash}"}}}}"#
            ))
        );
        channel
            .send(Message::text(r#"{"done":{}}"#))
            .await
            .expect("done");
    };
    let (sent, ()) = must_within("the exchange", LIMIT, future::join(sending, by_hand)).await;
    sent.expect("the sender accepts a done from any implementation");
}

#[wasm_bindgen_test]
async fn content_shorter_than_its_declared_size_fails_on_the_sending_side() {
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let mut incoming = pair.b.incoming_files();
    let content = stream::iter([Ok(vec![0u8; 10])]);
    let receiving = async {
        let mut receiver = offered(&mut incoming).await.accept().await.expect("accept");
        read_all(&mut receiver).await.2
    };
    let (sent, error) = must_within(
        "the transfer",
        LIMIT,
        future::join(
            pair.a.send_file(info("s.bin", Some(20)), content, |_| {}),
            receiving,
        ),
    )
    .await;
    let expected = "the content has 10 bytes, not the 20 its header says";
    assert_eq!(sent, Err(Error::Integrity(expected.into())));
    assert_eq!(error, Some(Error::Integrity(expected.into())));
}

#[wasm_bindgen_test]
async fn an_accepted_file_reads_as_async_read_with_the_hash_checked() {
    use futures::io::{AsyncBufReadExt, AsyncReadExt};
    const BLOCKS: usize = 5;
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    let mut incoming = pair.b.incoming_files();
    let (content, expected) = content(BLOCKS);
    let size = (BLOCKS * MIB) as u64;
    let sending = pair
        .a
        .send_file(info("read.bin", Some(size)), content, |_| {});
    let receiving = async {
        let receiver = offered(&mut incoming).await.accept().await.expect("accept");
        let mut reader = receiver.into_reader();
        assert_eq!(reader.info(), &info("read.bin", Some(size)));
        // A part of the first chunk: the block's index (0), little-endian.
        let mut first = [0xffu8; 8];
        reader.read_exact(&mut first).await.expect("8 bytes");
        assert_eq!(first, 0u64.to_le_bytes());
        // The buffered rest of that chunk, without reading more.
        let buffered = reader.fill_buf().await.expect("the chunk's rest").len();
        assert!(buffered > 0, "the first chunk has more than 8 bytes");
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).await.expect("the rest");
        assert_eq!(8 + rest.len() as u64, size);
        let mut hasher = Sha256::new();
        hasher.update(first);
        hasher.update(&rest);
        assert_eq!(hasher.finalize().to_vec(), expected);
        assert_eq!(reader.read(&mut first).await.expect("the end"), 0);
        reader.progress()
    };
    let (sent, progress) = must_within("5 MiB", LIMIT, future::join(sending, receiving)).await;
    sent.expect("the sender saw the receiver confirm the hash");
    assert_eq!(progress.bytes, size);
    assert_eq!(progress.total, Some(size));
}

#[wasm_bindgen_test]
async fn a_reader_ends_with_an_io_error_that_carries_the_typed_one() {
    use futures::io::AsyncReadExt;
    use std::io::ErrorKind;
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    // What the sender does after 4 bytes of content, and what the reader's
    // read_to_end then ends with.
    let wrong = content_hash(&[1, 2, 3, 5]);
    let cases = [
        (
            Some(format!(
                r#"{{"end":{{"size":4,"content_hash":"{wrong}"}}}}"#
            )),
            ErrorKind::InvalidData,
            Error::Integrity("the content does not match its content hash".into()),
        ),
        (
            Some(r#"{"cancel":{"reason":"changed my mind","integrity":false}}"#.into()),
            ErrorKind::ConnectionAborted,
            Error::Aborted("changed my mind".into()),
        ),
        (None, ErrorKind::UnexpectedEof, Error::Closed),
    ];
    for (then, kind, typed) in cases {
        let (channel, receiver) = by_hand(&pair, r#"{"file":{"name":"x","size":4}}"#).await;
        channel
            .send(Message::binary(vec![1, 2, 3, 4]))
            .await
            .expect("chunk");
        match then {
            Some(control) => channel.send(Message::text(control)).await.expect("control"),
            None => channel.close(),
        }
        let mut reader = receiver.into_reader();
        let mut bytes = Vec::new();
        let error = must_within("the end", LIMIT, reader.read_to_end(&mut bytes))
            .await
            .expect_err("the reader ends with an error");
        assert_eq!(bytes, [1, 2, 3, 4], "{typed:?}");
        assert_eq!(error.kind(), kind, "{typed:?}");
        assert_eq!(
            error
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<Error>()),
            Some(&typed)
        );
    }
}

/// Content over several hash blocks, sent by hand in 256 KiB messages:
/// the receiver takes the content hash of the definition, and refuses a
/// plain SHA-256 of the whole content in its place.
#[wasm_bindgen_test]
async fn the_content_hash_spans_4_mib_blocks() {
    let bytes: Vec<u8> = (0..4 * MIB + 3).map(|i| (i * 7 % 253) as u8).collect();
    let pair = connected_pair(&Configuration::default(), &Configuration::default()).await;
    for (hash, error) in [
        (content_hash(&bytes), None),
        (
            format!("{:x}", Sha256::digest(&bytes)),
            Some(Error::Integrity(
                "the content does not match its content hash".into(),
            )),
        ),
    ] {
        let header = format!(r#"{{"file":{{"name":"blocks","size":{}}}}}"#, bytes.len());
        let (channel, mut receiver) = by_hand(&pair, &header).await;
        let sending = async {
            for piece in bytes.chunks(256 * 1024) {
                channel
                    .send(Message::binary(piece.to_vec()))
                    .await
                    .expect("content");
            }
            let end = format!(
                r#"{{"end":{{"size":{},"content_hash":"{hash}"}}}}"#,
                bytes.len()
            );
            channel.send(Message::text(end)).await.expect("end");
        };
        let ((), (received, _, ended)) = must_within(
            "the content",
            LIMIT,
            future::join(sending, read_all(&mut receiver)),
        )
        .await;
        assert_eq!(received, bytes.len() as u64);
        assert_eq!(ended, error);
    }
}
