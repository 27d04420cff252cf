//! What the browser tests share beyond the testing kit
//! (`webrtc_wasm::testing`): panicking forms of its helpers that also fail a
//! test on any rejected candidate, the coturn server the test command
//! starts, raw stats reads and a listener probe.
#![allow(dead_code)]

use std::cell::RefCell;
use std::future::Future;
use std::time::Duration;

use futures::{FutureExt, StreamExt};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_futures::spawn_local;
use webrtc_wasm::testing::{self, ChannelPair, Trickle};
use webrtc_wasm::{
    Configuration, DataChannelInit, IceServer, IceTransportPolicy, OfferOptions, PeerConnection,
};

/// The coturn server `npm test` starts on loopback.
pub fn turn_url() -> String {
    let port = option_env!("WEBRTC_WASM_TURN_PORT").unwrap_or("34780");
    format!("turn:127.0.0.1:{port}?transport=udp")
}

/// The test services (coturn control, WebSocket relay) `npm test` starts.
pub fn services_port() -> &'static str {
    option_env!("WEBRTC_WASM_SERVICES_PORT").unwrap_or("34781")
}

/// Asks the test services to stop or start coturn; waits until done.
pub async fn turn_control(action: &str) {
    service(&format!("turn/{action}")).await;
}

/// Posts to a control endpoint of the test services (`turn/stop`,
/// `janus/block/<port>`, ...) and waits until it is done.
pub async fn service(path: &str) {
    let url = format!("http://127.0.0.1:{}/{path}", services_port());
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let window = web_sys::window().unwrap();
    let response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(&url, &init))
            .await
            .unwrap_or_else(|e| panic!("test services at {url}: {e:?}"));
    let response: web_sys::Response = wasm_bindgen::JsCast::unchecked_into(response);
    assert!(response.ok(), "{path} failed: {}", response.status());
}

/// A fault the test services made, undone before anything is asserted:
/// [`end`](Self::end) undoes it (a failed assertion aborts a wasm test
/// without unwinding, so no destructor would run), and dropping the guard
/// unawaited (a test the harness timed out) undoes it too.
pub struct Fault {
    undo: &'static str,
    over: bool,
}

impl Fault {
    /// Posts `path` to the test services; `undo` is what ends the fault.
    async fn begin(path: &str, undo: &'static str) -> Self {
        service(path).await;
        Fault { undo, over: false }
    }

    /// Stops coturn.
    pub async fn turn_outage() -> Self {
        Self::begin("turn/stop", "turn/start").await
    }

    /// Cuts the path of the connection that uses Janus's media port `port`
    /// (UDP to and from it dropped).
    pub async fn janus_cut(port: u16) -> Self {
        Self::begin(&format!("janus/block/{port}"), "janus/unblock").await
    }

    /// Undoes the fault.
    pub async fn end(mut self) {
        self.over = true;
        service(self.undo).await;
    }
}

impl Drop for Fault {
    fn drop(&mut self) {
        if !self.over {
            spawn_local(service(self.undo));
        }
    }
}

/// A relay-only configuration against the test coturn.
pub fn relay_config(password: &str) -> Configuration {
    Configuration::default()
        .ice_server(IceServer::turn(turn_url(), "webrtc", password))
        .ice_transport_policy(IceTransportPolicy::Relay)
}

/// Waits at most `limit` for `fut`; `None` on timeout.
pub async fn within<T>(limit: Duration, fut: impl Future<Output = T>) -> Option<T> {
    testing::within("", limit, fut).await.ok()
}

/// Like [`within`] but fails the test on timeout, and on a candidate a peer
/// rejected since the last check.
pub async fn must_within<T>(what: &str, limit: Duration, fut: impl Future<Output = T>) -> T {
    let value = testing::within(what, limit, fut).await;
    assert_trickle_ok();
    value.unwrap_or_else(|error| panic!("{error}"))
}

pub async fn sleep(ms: u32) {
    TimeoutFuture::new(ms).await;
}

thread_local! {
    /// The forwarding [`trickle`] started, with how many of each one's
    /// rejections were reported already.
    static TRICKLES: RefCell<Vec<(Trickle, usize)>> = const { RefCell::new(Vec::new()) };
}

/// Fails the test if a peer rejected a candidate [`trickle`] forwarded
/// since the last check. [`must_within`] and [`negotiate`] call it.
pub fn assert_trickle_ok() {
    let failures = take_trickle_failures();
    assert!(
        failures.is_empty(),
        "trickled candidates were rejected: {failures:#?}"
    );
}

/// The rejections [`trickle`] recorded since the last call (or the last
/// [`assert_trickle_ok`]).
pub fn take_trickle_failures() -> Vec<String> {
    TRICKLES.with(|trickles| {
        let mut failures = Vec::new();
        for (trickle, seen) in trickles.borrow_mut().iter_mut() {
            let rejected = trickle.rejected();
            failures.extend(rejected[*seen..].iter().map(ToString::to_string));
            *seen = rejected.len();
        }
        failures
    })
}

/// The kit's [`testing::trickle`], its rejections failing the test at the
/// next [`assert_trickle_ok`].
pub fn trickle(from: &PeerConnection, to: &PeerConnection) {
    let trickle = testing::trickle(from, to);
    TRICKLES.with(|trickles| trickles.borrow_mut().push((trickle, 0)));
}

/// One offer/answer exchange from `offerer` to `answerer`.
pub async fn negotiate(offerer: &PeerConnection, answerer: &PeerConnection) {
    testing::exchange(offerer, answerer)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_trickle_ok();
}

/// A host candidate string that no test's peer really has.
pub const HOST_CANDIDATE: &str = "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host";

/// A caller and a callee that has applied the caller's offer of one
/// data-channel section (mid "0").
pub async fn callee_with_remote_offer() -> (PeerConnection, PeerConnection) {
    let caller = PeerConnection::new(&Configuration::default()).expect("new caller");
    let callee = PeerConnection::new(&Configuration::default()).expect("new callee");
    let _channel = caller
        .create_data_channel("x", &DataChannelInit::default())
        .unwrap();
    let offer = caller.create_offer(&OfferOptions::default()).await.unwrap();
    caller.set_local_description(&offer).await.unwrap();
    callee.set_remote_description(&offer).await.unwrap();
    (caller, callee)
}

/// Two connected peers with an open data channel labelled "test" from
/// `a` (`channel`) to `b` (`remote`).
pub type Pair = ChannelPair;

pub async fn connected_pair(config_a: &Configuration, config_b: &Configuration) -> Pair {
    ChannelPair::with(config_a, config_b, "test", &DataChannelInit::default())
        .await
        .unwrap_or_else(|error| panic!("a connected pair: {error}"))
}

/// Drains what a stream has yielded so far without waiting.
pub fn drain<S: futures::Stream + Unpin>(stream: &mut S) -> Vec<S::Item> {
    let mut items = Vec::new();
    while let Some(Some(item)) = stream.next().now_or_never() {
        items.push(item);
    }
    items
}

/// Reads the local candidate type of the selected candidate pair from the raw
/// stats report (Chromium: `transport.selectedCandidatePairId`; Firefox: the
/// pair flagged `selected`).
pub async fn selected_local_candidate_type(pc: &PeerConnection) -> Option<String> {
    use js_sys::{Array, Map, Reflect};
    use wasm_bindgen::JsCast;
    let report = wasm_bindgen_futures::JsFuture::from(pc.as_raw().get_stats())
        .await
        .ok()?;
    let map: &Map = report.unchecked_ref();
    let get = |v: &wasm_bindgen::JsValue, k: &str| {
        Reflect::get(v, &k.into())
            .ok()
            .filter(|v| !v.is_undefined())
    };
    let entries: Vec<wasm_bindgen::JsValue> = Array::from(&js_sys::Array::from(&map.values()))
        .iter()
        .collect();
    let by_id = |id: &wasm_bindgen::JsValue| map.get(id);
    let pair = entries
        .iter()
        .filter(|s| get(s, "type").and_then(|t| t.as_string()).as_deref() == Some("transport"))
        .find_map(|t| get(t, "selectedCandidatePairId"))
        .map(|id| by_id(&id))
        .or_else(|| {
            entries
                .iter()
                .find(|s| {
                    get(s, "type").and_then(|t| t.as_string()).as_deref() == Some("candidate-pair")
                        && get(s, "selected").and_then(|v| v.as_bool()) == Some(true)
                })
                .cloned()
        })?;
    let local = by_id(&get(&pair, "localCandidateId")?);
    get(&local, "candidateType")?.as_string()
}

/// Whether the tests run in Firefox (for the few members it does not report).
pub fn is_firefox() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .is_some_and(|ua| ua.contains("Firefox/"))
}

/// Every stats object of the raw report of `pc`.
pub async fn raw_stats(pc: &PeerConnection) -> Vec<wasm_bindgen::JsValue> {
    let report = pc.get_stats(None).await.expect("getStats");
    let values = js_sys::try_iter(&report)
        .ok()
        .flatten()
        .expect("an iterable report");
    values
        .filter_map(Result::ok)
        .map(|entry| js_sys::Array::from(&entry).get(1))
        .collect()
}

/// A member of a stats object.
pub fn member(stats: &wasm_bindgen::JsValue, key: &str) -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(stats, &key.into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
}

/// A numeric member of a stats object, 0 when missing.
pub fn number(stats: &wasm_bindgen::JsValue, key: &str) -> f64 {
    member(stats, key).as_f64().unwrap_or(0.0)
}

/// The stats objects of `kind` (`"inbound-rtp"`, ...) for media `media`.
pub async fn rtp_stats(pc: &PeerConnection, kind: &str, media: &str) -> Vec<wasm_bindgen::JsValue> {
    raw_stats(pc)
        .await
        .into_iter()
        .filter(|s| member(s, "type").as_string().as_deref() == Some(kind))
        .filter(|s| member(s, "kind").as_string().as_deref() == Some(media))
        .collect()
}

/// The sum of `key` over the stats objects of `kind` for `media`.
pub async fn rtp_total(pc: &PeerConnection, kind: &str, media: &str, key: &str) -> f64 {
    rtp_stats(pc, kind, media)
        .await
        .iter()
        .map(|s| number(s, key))
        .sum()
}

/// Waits until `key` of `kind`/`media` on `pc` exceeds `above`, and returns it.
pub async fn grows_past(
    pc: &PeerConnection,
    kind: &str,
    media: &str,
    key: &str,
    above: f64,
) -> f64 {
    let what = format!("{kind} {media} {key} above {above}");
    must_within(&what, Duration::from_secs(20), async {
        loop {
            let value = rtp_total(pc, kind, media, key).await;
            if value > above {
                return value;
            }
            sleep(250).await;
        }
    })
    .await
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
const registrations = new WeakMap();
let installed = false;
const keyOf = (type, options) =>
  type + "|" + (typeof options === "boolean" ? options : !!(options && options.capture));
export function install_listener_probe() {
  if (installed) return;
  installed = true;
  const proto = EventTarget.prototype;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  proto.addEventListener = function (type, listener, options) {
    if (listener) {
      let byKey = registrations.get(this);
      if (!byKey) registrations.set(this, (byKey = new Map()));
      const key = keyOf(type, options);
      if (!byKey.has(key)) byKey.set(key, new Set());
      byKey.get(key).add(listener);
    }
    return add.call(this, type, listener, options);
  };
  proto.removeEventListener = function (type, listener, options) {
    const set = registrations.get(this)?.get(keyOf(type, options));
    if (set) set.delete(listener);
    return remove.call(this, type, listener, options);
  };
}
export function listeners_on(target) {
  let count = 0;
  for (const set of registrations.get(target)?.values() ?? []) count += set.size;
  return count;
}
export function handler_slots_in_use(target) {
  const used = [];
  for (const key in target) {
    if (key.startsWith("on") && target[key] != null) used.push(key);
  }
  return used;
}
"#)]
extern "C" {
    /// Wraps `EventTarget.prototype.addEventListener` and
    /// `removeEventListener` (once per page) to count, per target, the
    /// listeners registered and not removed since.
    pub fn install_listener_probe();
    /// How many listeners are on `target` now, by the probe's count.
    pub fn listeners_on(target: &wasm_bindgen::JsValue) -> u32;
    /// The `on*` handler attributes of `target` that are not null.
    pub fn handler_slots_in_use(target: &wasm_bindgen::JsValue) -> Vec<String>;
}
