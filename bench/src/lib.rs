//! The webrtc-wasm side of `npm run bench`.
//!
//! Each export does what its counterpart in `bench/page/raw.js` does with the
//! browser's objects directly, through the library's public API, and returns
//! the time it measured with `performance.now()`. The page
//! (`bench/page/main.js`) runs both sides in turn and compares them.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::future::{join, try_join, try_join_all};
use futures::{Stream, StreamExt};
use js_sys::Float64Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use webrtc_wasm::{
    CanvasVideoSource, Configuration, DataChannel, DataChannelInit, Error, Listener, MediaKind,
    Message, OfferOptions, OscillatorAudioSource, PeerConnection,
};

fn now() -> f64 {
    // A page always has a window with `performance`.
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// Forwards `from`'s candidates to `to` until either is gone.
fn trickle(from: &PeerConnection, to: &PeerConnection) {
    let mut candidates = from.ice_candidates();
    let to = to.downgrade();
    spawn_local(async move {
        while let Some(candidate) = candidates.next().await {
            let Some(to) = to.upgrade() else { break };
            let added = to.add_ice_candidate(candidate.as_ref());
            drop(to);
            // After a close the browser rejects: nothing to do then.
            let _ = added.await;
        }
    });
}

/// Offer from `a`, answer from `b`.
async fn negotiate(a: &PeerConnection, b: &PeerConnection) -> Result<(), Error> {
    let offer = a.create_offer(&OfferOptions::default()).await?;
    a.set_local_description(&offer).await?;
    b.set_remote_description(&offer).await?;
    let answer = b.create_answer().await?;
    b.set_local_description(&answer).await?;
    a.set_remote_description(&answer).await
}

/// Two peers in this page with an open data channel from `a` to `b`.
struct Pair {
    a: PeerConnection,
    b: PeerConnection,
    channel: DataChannel,
    remote: DataChannel,
}

impl Pair {
    async fn connect() -> Result<Pair, Error> {
        let config = Configuration::default();
        let a = PeerConnection::new(&config)?;
        let b = PeerConnection::new(&config)?;
        trickle(&a, &b);
        trickle(&b, &a);
        let mut announced = b.data_channels();
        let channel = a.create_data_channel("bench", &DataChannelInit::default())?;
        negotiate(&a, &b).await?;
        let remote = async {
            let remote = announced.next().await.ok_or(Error::Closed)?;
            remote.open().await?;
            Ok(remote)
        };
        let ((), remote) = try_join(channel.open(), remote).await?;
        Ok(Pair {
            a,
            b,
            channel,
            remote,
        })
    }

    fn close(self) {
        self.a.close();
        self.b.close();
    }

    /// Gives both browser connections to `track` (the page's probe of those
    /// not yet collected), then closes them.
    fn close_tracked(self, track: Option<&js_sys::Function>) -> Result<(), Error> {
        if let Some(track) = track {
            track.call1(&JsValue::NULL, self.a.as_raw())?;
            track.call1(&JsValue::NULL, self.b.as_raw())?;
        }
        self.close();
        Ok(())
    }
}

/// Reads messages until `total` bytes or `count` messages have arrived.
async fn receive(
    mut messages: impl Stream<Item = Result<Message, Error>> + Unpin,
    total: usize,
    count: usize,
) -> Result<(), Error> {
    let (mut bytes, mut seen) = (0, 0);
    while bytes < total || seen < count {
        bytes += messages.next().await.ok_or(Error::Closed)??.len();
        seen += 1;
    }
    Ok(())
}

/// Counts messages with an `on_message` callback; the future resolves once
/// `total` bytes and `count` messages have arrived (or on the first error).
fn receive_by_callback(
    channel: &DataChannel,
    total: usize,
    count: usize,
) -> (Listener, impl Future<Output = Result<(), Error>> + use<>) {
    let (done, finished) = oneshot::channel();
    let mut done = Some(done);
    let (mut bytes, mut seen) = (0, 0);
    let guard = channel.on_message(move |message| {
        let outcome = match message {
            Ok(message) => {
                bytes += message.len();
                seen += 1;
                if bytes < total || seen < count {
                    return;
                }
                Ok(())
            }
            Err(error) => Err(error),
        };
        if let Some(done) = done.take() {
            let _ = done.send(outcome);
        }
    });
    (guard, async { finished.await.map_err(|_| Error::Closed)? })
}

/// Sends `count` messages of `size` bytes from `a` to `b` with `send().await`
/// (backpressure at the default watermarks) and returns the milliseconds
/// until `b` has received them all, read from the channel as a stream or
/// with an `on_message` callback.
async fn one_way(count: usize, size: usize, callback: bool) -> Result<f64, Error> {
    let pair = Pair::connect().await?;
    let payload: Vec<u8> = (0..size).map(|i| i as u8).collect();
    let sender = pair.channel.clone();
    // The callback is in place before the first message can arrive.
    let by_callback = callback.then(|| receive_by_callback(&pair.remote, count * size, count));
    let start = now();
    let send = async {
        for _ in 0..count {
            sender.send(Message::Binary(payload.clone())).await?;
        }
        Ok(())
    };
    match by_callback {
        Some((_guard, received)) => try_join(send, received).await?,
        None => try_join(send, receive(pair.remote.clone(), count * size, count)).await?,
    };
    let elapsed = now() - start;
    pair.close();
    Ok(elapsed)
}

/// Case 1: `total` bytes in messages of `chunk` bytes; milliseconds.
#[wasm_bindgen]
pub async fn bulk(total: u32, chunk: u32) -> Result<f64, Error> {
    let count = (total as usize).div_ceil(chunk as usize);
    one_way(count, chunk as usize, false).await
}

/// Case 2: `count` messages of `size` bytes, read as a stream, or with an
/// `on_message` callback when `callback`; milliseconds.
#[wasm_bindgen]
pub async fn messages(count: u32, size: u32, callback: bool) -> Result<f64, Error> {
    one_way(count as usize, size as usize, callback).await
}

/// Where a ping's reply goes when replies come by callback.
type ReplySlot = Rc<RefCell<Option<oneshot::Sender<()>>>>;

/// Case 3: round trips of a message that the other peer echoes.
#[wasm_bindgen]
pub struct PingPong {
    pair: Pair,
    ping: Message,
    /// With callbacks: the echo's and the replies' guards, and the pending
    /// ping's reply slot.
    callbacks: Option<(Listener, Listener, ReplySlot)>,
}

#[wasm_bindgen]
impl PingPong {
    /// Connects two peers; `b` echoes every message it receives. Both ends
    /// read as streams, or with `on_message` callbacks when `callback`.
    pub async fn start(size: u32, callback: bool) -> Result<PingPong, Error> {
        let pair = Pair::connect().await?;
        let echo = pair.remote.clone();
        let callbacks = if callback {
            let echo_guard = pair.remote.on_message(move |message| {
                if let Ok(message) = message {
                    let _ = echo.try_send(message);
                }
            });
            let slot = ReplySlot::default();
            let reply_guard = pair.channel.on_message({
                let slot = slot.clone();
                move |_| {
                    if let Some(reply) = slot.borrow_mut().take() {
                        let _ = reply.send(());
                    }
                }
            });
            Some((echo_guard, reply_guard, slot))
        } else {
            spawn_local(async move {
                let mut incoming = echo.clone();
                while let Some(Ok(message)) = incoming.next().await {
                    if echo.send(message).await.is_err() {
                        break;
                    }
                }
            });
            None
        };
        Ok(PingPong {
            pair,
            ping: Message::Binary(vec![7; size as usize]),
            callbacks,
        })
    }

    /// One round trip; resolves to its milliseconds.
    pub fn ping(&self) -> js_sys::Promise {
        let channel = self.pair.channel.clone();
        let ping = self.ping.clone();
        let slot = self.callbacks.as_ref().map(|(_, _, slot)| slot.clone());
        wasm_bindgen_futures::future_to_promise(async move {
            let start = now();
            if let Some(slot) = slot {
                let (reply, replied) = oneshot::channel();
                *slot.borrow_mut() = Some(reply);
                channel.send(ping).await?;
                replied.await.map_err(|_| Error::Closed)?;
            } else {
                let mut replies = channel.clone();
                channel.send(ping).await?;
                replies.next().await.ok_or(Error::Closed)??;
            }
            Ok((now() - start).into())
        })
    }

    /// Closes both peers.
    pub fn close(self) {
        drop(self.callbacks);
        self.pair.close();
    }
}

/// Scale: `n` connection pairs set up at once; milliseconds until the
/// channel of every pair is open at both ends. Then all close.
/// `track` is given every browser connection (the page's probe of those not
/// yet collected).
#[wasm_bindgen(js_name = setupMany)]
pub async fn setup_many(n: u32, track: js_sys::Function) -> Result<f64, Error> {
    let start = now();
    let pairs = try_join_all((0..n).map(|_| Pair::connect())).await?;
    let elapsed = now() - start;
    for pair in pairs {
        pair.close_tracked(Some(&track))?;
    }
    Ok(elapsed)
}

/// Scale: many channels on one connection.
#[wasm_bindgen]
pub struct Channels {
    pair: Pair,
    channels: Vec<(DataChannel, DataChannel)>,
}

#[wasm_bindgen]
impl Channels {
    /// A connected pair with no channel but the bench's own.
    pub async fn connect() -> Result<Channels, Error> {
        Ok(Channels {
            pair: Pair::connect().await?,
            channels: Vec::new(),
        })
    }

    /// Opens `n` more channels from `a` and sends one message each way on
    /// each; milliseconds until every reply has arrived. The channels stay
    /// open until `close`.
    pub async fn open(&mut self, n: u32) -> Result<f64, Error> {
        let start = now();
        let mut announced = self.pair.b.data_channels();
        let locals = (0..n)
            .map(|i| {
                self.pair
                    .a
                    .create_data_channel(&format!("c{i}"), &DataChannelInit::default())
            })
            .collect::<Result<Vec<_>, _>>()?;
        let a_side = try_join_all(locals.iter().map(|channel| async move {
            channel.open().await?;
            channel.send(Message::Text("a".into())).await?;
            channel.clone().next().await.ok_or(Error::Closed)??;
            Ok::<_, Error>(())
        }));
        // Each announced channel echoes on its own as soon as its message
        // comes, as the raw side's `onmessage` does.
        let b_side = async {
            let (echoed, mut results) = futures::channel::mpsc::unbounded();
            let mut remotes = Vec::new();
            while remotes.len() < locals.len() {
                let remote = announced.next().await.ok_or(Error::Closed)?;
                let (echoed, echo) = (echoed.clone(), remote.clone());
                spawn_local(async move {
                    let result = async {
                        let message = echo.clone().next().await.ok_or(Error::Closed)??;
                        echo.send(message).await
                    };
                    // The receiver waits for every result.
                    let _ = echoed.unbounded_send(result.await);
                });
                remotes.push(remote);
            }
            for _ in 0..remotes.len() {
                results.next().await.ok_or(Error::Closed)??;
            }
            Ok(remotes)
        };
        let ((), remotes) = try_join(async { a_side.await.map(drop) }, b_side).await?;
        let elapsed = now() - start;
        self.channels.extend(locals.into_iter().zip(remotes));
        Ok(elapsed)
    }

    /// Closes the channels and the connections.
    pub fn close(self) {
        drop(self.channels);
        self.pair.close();
    }
}

/// Resolves after `ms` milliseconds (a `setTimeout`).
async fn sleep(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            // A page always has a window; the timer cannot fail to be set.
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.max(0.0) as i32,
            );
        }
    });
    // A setTimeout promise only resolves.
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Scale: `per_second` messages a second for `seconds` seconds, spread
/// round-robin over `channels` channels of one connection (in ticks of
/// 10 ms), each read as a stream at the other end. Returns every message's
/// one-way delay in milliseconds (each carries its send time).
#[wasm_bindgen]
pub async fn spread(channels: u32, per_second: u32, seconds: u32) -> Result<Float64Array, Error> {
    let mut set = Channels::connect().await?;
    set.open(channels).await?;
    let ticks = seconds * 100;
    let per_tick = (per_second / 100).max(1);
    let total = (ticks * per_tick) as usize;
    let delays = Rc::new(RefCell::new(Vec::with_capacity(total)));
    // The reader that takes the last message says so; the others then stop.
    let (done, all_in) = oneshot::channel::<()>();
    let done = Rc::new(RefCell::new(Some(done)));
    let readers = try_join_all(set.channels.iter().map(|(_, remote)| {
        let (delays, done, mut remote) = (delays.clone(), done.clone(), remote.clone());
        async move {
            while let Some(message) = remote.next().await {
                let message = message?;
                let sent: [u8; 8] = message
                    .as_bytes()
                    .try_into()
                    .map_err(|_| Error::Decode("a message of 8 bytes".into()))?;
                let mut delays = delays.borrow_mut();
                delays.push(now() - f64::from_le_bytes(sent));
                if delays.len() == total
                    && let Some(done) = done.borrow_mut().take()
                {
                    let _ = done.send(());
                }
            }
            Ok::<_, Error>(())
        }
    }));
    let senders: Vec<DataChannel> = set
        .channels
        .iter()
        .map(|(local, _)| local.clone())
        .collect();
    let send = async {
        let start = now();
        let mut next = 0;
        for tick in 0..ticks {
            sleep(start + f64::from(tick) * 10.0 - now()).await;
            for _ in 0..per_tick {
                let sent = now().to_le_bytes().to_vec();
                senders[next % senders.len()].try_send(Message::Binary(sent))?;
                next += 1;
            }
        }
        Ok::<_, Error>(())
    };
    let finished = async {
        match futures::future::select(Box::pin(readers), all_in).await {
            futures::future::Either::Left((result, _)) => result.map(drop),
            futures::future::Either::Right(_) => Ok(()),
        }
    };
    try_join(send, finished).await?;
    set.close();
    let delays = delays.borrow();
    Ok(Float64Array::from(&delays[..]))
}

/// Case 4 (and one cycle of case 6): milliseconds from creating two
/// connections to a data channel open at both ends; then both close. The
/// memory case passes `track`, which is given both browser connections (a
/// probe that counts those not yet collected).
#[wasm_bindgen]
pub async fn setup(track: Option<js_sys::Function>) -> Result<f64, Error> {
    let start = now();
    let pair = Pair::connect().await?;
    let elapsed = now() - start;
    pair.close_tracked(track.as_ref())?;
    Ok(elapsed)
}

/// Case 5: a call with audio, video and a data channel between two peers in
/// this page.
#[wasm_bindgen]
pub struct Call {
    pair: Pair,
    _video: CanvasVideoSource,
    _audio: OscillatorAudioSource,
}

#[wasm_bindgen]
impl Call {
    /// Connects the call; media flows from `a` to `b`.
    pub async fn start() -> Result<Call, Error> {
        let video = CanvasVideoSource::new(640, 360, 30)?;
        let audio = OscillatorAudioSource::new(440.0)?;
        let pair = Pair::connect().await?;
        let stream = video.stream();
        pair.a.add_track(&video.track(), &[stream.clone()])?;
        pair.a.add_track(&audio.track(), &[stream])?;
        negotiate(&pair.a, &pair.b).await?;
        let (a, b) = join(pair.a.connected(), pair.b.connected()).await;
        a?;
        b?;
        Ok(Call {
            pair,
            _video: video,
            _audio: audio,
        })
    }

    /// The sending connection, for the raw side of the comparison.
    #[wasm_bindgen(getter)]
    pub fn sender(&self) -> web_sys::RtcPeerConnection {
        self.pair.a.as_raw().clone()
    }

    /// The receiving connection, for the raw side of the lookup case.
    #[wasm_bindgen(getter)]
    pub fn receiver(&self) -> web_sys::RtcPeerConnection {
        self.pair.b.as_raw().clone()
    }

    /// Milliseconds to obtain the sender's typed report and decode every
    /// object in it; also returns how many stats objects it held
    /// (`[ms, count]`).
    pub async fn stats(&self) -> Result<Float64Array, Error> {
        let start = now();
        let report = self.pair.a.stats().await?;
        let decoded = report.iter().count();
        let elapsed = now() - start;
        Ok(Float64Array::from(&[elapsed, decoded as f64][..]))
    }

    /// Milliseconds to obtain the receiver's typed report and read what a
    /// call's stats panel shows each second: the selected pair's round-trip
    /// time and path, and the inbound video's frames decoded
    /// (`[ms, rtt or -1, frames or -1]`).
    pub async fn lookup(&self) -> Result<Float64Array, Error> {
        let start = now();
        let report = self.pair.b.stats().await?;
        let selected = report.selected_candidate_pair();
        let rtt = selected.and_then(|s| s.round_trip_time()).unwrap_or(-1.0);
        let relayed = selected.is_some_and(|s| s.is_relayed());
        let frames = report
            .inbound_rtp_of(MediaKind::Video)
            .find_map(|s| s.frames_decoded)
            .map_or(-1.0, |frames| frames as f64);
        let elapsed = now() - start;
        Ok(Float64Array::from(
            &[elapsed, rtt, frames, f64::from(u8::from(relayed))][..],
        ))
    }

    /// Ends the call.
    pub fn close(self) {
        self.pair.close();
    }
}

/// Bytes of wasm linear memory.
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// Event listeners the library holds on browser objects right now.
#[wasm_bindgen(js_name = liveListeners)]
pub fn live_listeners() -> usize {
    webrtc_wasm::live_listener_count()
}
