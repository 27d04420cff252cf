//! A client of the [Janus](https://janus.conf.meetecho.com/docs/rest.html)
//! WebRTC server's JSON API over a WebSocket: a session kept alive, plugin
//! handles, plugin messages carrying JSEP, trickled candidates both ways,
//! and the events Janus sends.
//!
//! JSEP is this crate's own types: a [`SessionDescription`] is Janus's
//! `{"type", "sdp"}` and an [`IceCandidate`] its `{"candidate", "sdpMid",
//! "sdpMLineIndex"}`, so an offer from [`PeerConnection::create_offer`]
//! goes to [`JanusHandle::message`] as it is and the answer comes back
//! typed.
//!
//! ```no_run
//! use futures::StreamExt;
//! use serde_json::json;
//! use webrtc_wasm::signaling::janus::{JanusEvent, JanusSession};
//! use webrtc_wasm::{Configuration, OfferOptions, PeerConnection};
//!
//! # async fn run() -> Result<(), webrtc_wasm::Error> {
//! let janus = JanusSession::connect("ws://127.0.0.1:8188").await?;
//! let mut echo = janus.attach("janus.plugin.echotest").await?;
//! let pc = PeerConnection::new(&Configuration::default())?;
//! # let track: web_sys::MediaStreamTrack = todo!();
//! pc.add_track(&track, &[])?;
//! echo.trickle_from(&pc);
//! let offer = pc.create_offer(&OfferOptions::default()).await?;
//! pc.set_local_description(&offer).await?;
//! let reply = echo.message(&json!({ "video": true }), Some(&offer)).await?;
//! pc.set_remote_description(&reply.jsep.expect("an answer")).await?;
//! while let Some(event) = echo.next().await {
//!     match event? {
//!         JanusEvent::Candidate(candidate) => pc.add_ice_candidate(candidate.as_ref()).await?,
//!         JanusEvent::WebRtcUp => break,
//!         _ => {}
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! [`PeerConnection::create_offer`]: crate::PeerConnection::create_offer

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll};

use futures::channel::oneshot;
use futures::{Stream, StreamExt};
use serde_json::{Value, json};
use wasm_bindgen::JsCast;

use crate::error::{Error, Result};
use crate::event::Listener;
use crate::negotiation::MAX_SIGNAL_SIZE;
use crate::peer_connection::PeerConnection;
use crate::queue::{self, QueueReceiver, QueueSender};
use crate::session::{IceCandidate, SessionDescription};

/// How often the session sends a keep-alive: Janus ends a session after 60
/// seconds without one (its default `session_timeout`).
pub const KEEPALIVE_MS: u32 = 25_000;

/// The most unread events a handle keeps; past it the handle's event
/// stream ends with [`Error::ReceiveBufferFull`].
pub const MAX_UNREAD_EVENTS: usize = 1024;

/// What Janus sends a plugin handle that is not the reply to a request.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum JanusEvent {
    /// An event of the plugin (`plugindata.data`), with JSEP when the plugin
    /// sends an offer or answer, e.g. a VideoRoom subscriber's offer or a
    /// publisher's `"publishers"` list.
    Plugin {
        /// The plugin's data.
        data: Value,
        /// Its session description, if any.
        jsep: Option<SessionDescription>,
    },
    /// A candidate of Janus's side; `None` is the end of its candidates.
    Candidate(Option<IceCandidate>),
    /// ICE and DTLS are up on this handle's connection (`webrtcup`).
    WebRtcUp,
    /// Janus started or stopped receiving a kind of media (`media`).
    Media {
        /// `"audio"` or `"video"`.
        kind: String,
        /// The media section, where Janus says.
        mid: Option<String>,
        /// Whether it is receiving now.
        receiving: bool,
    },
    /// Janus sees losses on the connection (`slowlink`).
    SlowLink {
        /// Whether the losses are on what Janus receives (the uplink).
        uplink: bool,
        /// Packets lost (Janus's count).
        lost: u64,
    },
    /// Janus closed the handle's connection (`hangup`), with its reason.
    HangUp(String),
    /// The handle was detached (`detached`); nothing follows.
    Detached,
}

/// A plugin's reply to a message: its data and, for a message that carried
/// an offer (or asked for one), its session description.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginReply {
    /// `plugindata.data`.
    pub data: Value,
    /// The plugin's offer or answer.
    pub jsep: Option<SessionDescription>,
}

/// What a request waits for.
#[derive(Clone, Copy, PartialEq)]
enum Awaits {
    /// `success` (create, attach, hangup, detach, destroy).
    Success,
    /// `ack` (trickle, keep-alive).
    Ack,
    /// A plugin message: `event` (asynchronous) or `success`
    /// (synchronous); its `ack` is not the reply.
    Reply,
}

struct Pending {
    awaits: Awaits,
    reply: oneshot::Sender<Result<Value>>,
}

struct Shared {
    socket: web_sys::WebSocket,
    id: Cell<u64>,
    next_transaction: Cell<u64>,
    pending: RefCell<HashMap<String, Pending>>,
    handles: RefCell<HashMap<u64, QueueSender<Result<JanusEvent>>>>,
    closed: Cell<bool>,
    listeners: RefCell<Vec<Listener>>,
    keepalive: RefCell<Option<gloo_timers::callback::Interval>>,
}

impl Shared {
    /// Sends a request; its reply arrives through the returned receiver.
    fn request(&self, mut body: Value, awaits: Awaits) -> Result<oneshot::Receiver<Result<Value>>> {
        if self.closed.get() {
            return Err(Error::Closed);
        }
        let transaction = self.next_transaction.get();
        self.next_transaction.set(transaction + 1);
        let transaction = format!("t{transaction}");
        body["transaction"] = Value::String(transaction.clone());
        if self.id.get() != 0 {
            body["session_id"] = json!(self.id.get());
        }
        let (reply, receiver) = oneshot::channel();
        self.pending
            .borrow_mut()
            .insert(transaction.clone(), Pending { awaits, reply });
        if let Err(error) = self.socket.send_with_str(&body.to_string()) {
            self.pending.borrow_mut().remove(&transaction);
            return Err(Error::from_js(error));
        }
        Ok(receiver)
    }

    /// Routes one message from Janus.
    fn receive(&self, text: &str) {
        let Ok(message) = serde_json::from_str::<Value>(text) else {
            self.fail(Error::Decode("Janus sent text that is not JSON".into()));
            return;
        };
        let kind = message["janus"].as_str().unwrap_or_default();
        if kind == "timeout" {
            self.fail(Error::Other {
                name: "JanusError".into(),
                message: "the session timed out".into(),
            });
            return;
        }
        if let Some(transaction) = message["transaction"].as_str() {
            let awaited = self
                .pending
                .borrow()
                .get(transaction)
                .map(|pending| pending.awaits);
            let answers = matches!(
                (awaited, kind),
                (Some(_), "error")
                    | (Some(Awaits::Success), "success")
                    | (Some(Awaits::Ack), "ack")
                    | (Some(Awaits::Reply), "success" | "event")
            );
            if answers {
                if let Some(pending) = self.pending.borrow_mut().remove(transaction) {
                    // The caller may have stopped waiting: nothing to tell.
                    let _unwanted = pending.reply.send(reply_of(message));
                }
                return;
            }
            if kind == "ack" {
                return;
            }
        }
        let Some(sender) = message["sender"].as_u64() else {
            return;
        };
        let Some(event) = event_of(&message) else {
            return;
        };
        let detached = event == JanusEvent::Detached;
        let mut handles = self.handles.borrow_mut();
        if let Some(queue) = handles.get(&sender) {
            if queue.push(Ok(event)).is_err() || detached {
                // Overflowed (its reader gets the error) or finished.
                queue.close();
                handles.remove(&sender);
            }
        }
    }

    /// Ends the session: every request waiting gets `error`, and every
    /// handle's events end with it.
    fn fail(&self, error: Error) {
        self.closed.set(true);
        self.keepalive.borrow_mut().take();
        for (_, pending) in self.pending.borrow_mut().drain() {
            let _unwanted = pending.reply.send(Err(error.clone()));
        }
        for (_, queue) in self.handles.borrow_mut().drain() {
            // A full queue ends with its own overflow error instead.
            let _full = queue.push(Err(error.clone()));
            queue.close();
        }
    }
}

/// A request's reply as its result: Janus's `error`, or a plugin's error
/// in its data, is an error.
fn reply_of(message: Value) -> Result<Value> {
    if message["janus"] == "error" {
        let error = &message["error"];
        return Err(Error::Other {
            name: "JanusError".into(),
            message: format!(
                "{} {}",
                error["code"].as_i64().unwrap_or_default(),
                error["reason"].as_str().unwrap_or_default()
            ),
        });
    }
    let data = &message["plugindata"]["data"];
    if let Some(reason) = data["error"].as_str() {
        return Err(Error::Other {
            name: "JanusPluginError".into(),
            message: format!(
                "{} {reason}",
                data["error_code"].as_i64().unwrap_or_default()
            ),
        });
    }
    Ok(message)
}

/// The typed event of a message Janus sent unasked, if it is one.
fn event_of(message: &Value) -> Option<JanusEvent> {
    Some(match message["janus"].as_str()? {
        "event" => JanusEvent::Plugin {
            data: message["plugindata"]["data"].clone(),
            jsep: jsep_of(message).ok().flatten(),
        },
        "trickle" => {
            let candidate = &message["candidate"];
            if candidate["completed"] == true {
                JanusEvent::Candidate(None)
            } else {
                JanusEvent::Candidate(Some(serde_json::from_value(candidate.clone()).ok()?))
            }
        }
        "webrtcup" => JanusEvent::WebRtcUp,
        "media" => JanusEvent::Media {
            kind: message["type"].as_str().unwrap_or_default().to_owned(),
            mid: message["mid"].as_str().map(str::to_owned),
            receiving: message["receiving"] == true,
        },
        "slowlink" => JanusEvent::SlowLink {
            uplink: message["uplink"] == true,
            lost: message["lost"].as_u64().unwrap_or_default(),
        },
        "hangup" => JanusEvent::HangUp(message["reason"].as_str().unwrap_or_default().to_owned()),
        "detached" => JanusEvent::Detached,
        _ => return None,
    })
}

/// A message's `jsep`, typed.
fn jsep_of(message: &Value) -> Result<Option<SessionDescription>> {
    match message.get("jsep") {
        None | Some(Value::Null) => Ok(None),
        Some(jsep) => serde_json::from_value(jsep.clone())
            .map(Some)
            .map_err(|error| Error::Decode(format!("Janus's jsep: {error}"))),
    }
}

/// A Janus session over a WebSocket (the `janus-protocol` subprotocol),
/// kept alive while any handle of it exists. Dropping the last handle
/// destroys the session and closes the socket.
#[derive(Clone)]
pub struct JanusSession {
    shared: Rc<Shared>,
}

impl fmt::Debug for JanusSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JanusSession")
            .field("id", &self.shared.id.get())
            .field("closed", &self.shared.closed.get())
            .finish()
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        if !self.closed.get() && self.id.get() != 0 {
            let destroy =
                json!({"janus": "destroy", "session_id": self.id.get(), "transaction": "destroy"});
            // The socket closes next: there is no one left to tell of a
            // failure to send.
            let _closing = self.socket.send_with_str(&destroy.to_string());
        }
        let _closing = self.socket.close();
    }
}

impl JanusSession {
    /// Connects to Janus's WebSocket transport at `url` and creates a
    /// session.
    ///
    /// # Errors
    /// [`Error::Syntax`] for a bad URL; [`Error::Closed`] when the socket
    /// does not open; `JanusError` ([`Error::Other`]) when Janus refuses
    /// the session.
    pub async fn connect(url: &str) -> Result<Self> {
        let socket = web_sys::WebSocket::new_with_str(url, "janus-protocol")?;
        super::opened(&socket).await?;
        let target: &web_sys::EventTarget = socket.as_ref();
        let shared = Rc::new(Shared {
            socket: socket.clone(),
            id: Cell::new(0),
            next_transaction: Cell::new(1),
            pending: RefCell::default(),
            handles: RefCell::default(),
            closed: Cell::new(false),
            listeners: RefCell::default(),
            keepalive: RefCell::default(),
        });
        let weak = Rc::downgrade(&shared);
        let on_message = Listener::new(target, "message", {
            let weak = weak.clone();
            move |event| {
                let Some(shared) = weak.upgrade() else { return };
                let data = event.unchecked_ref::<web_sys::MessageEvent>().data();
                match data.dyn_into::<js_sys::JsString>() {
                    Ok(text) if text.length() as usize <= MAX_SIGNAL_SIZE => {
                        shared.receive(&String::from(text));
                    }
                    Ok(text) => shared.fail(Error::Decode(format!(
                        "Janus sent {} characters, over the {MAX_SIGNAL_SIZE}-byte limit",
                        text.length()
                    ))),
                    Err(_) => shared.fail(Error::Decode("Janus sent a binary frame".into())),
                }
            }
        });
        let on_close = Listener::new(target, "close", move |_| {
            if let Some(shared) = weak.upgrade() {
                shared.fail(Error::Closed);
            }
        });
        shared.listeners.borrow_mut().extend([on_message, on_close]);
        let session = JanusSession { shared };
        let created = session
            .call(json!({"janus": "create"}), Awaits::Success)
            .await?;
        let id = created["data"]["id"]
            .as_u64()
            .ok_or_else(|| Error::Decode("Janus's session has no id".into()))?;
        session.shared.id.set(id);
        let weak = Rc::downgrade(&session.shared);
        *session.shared.keepalive.borrow_mut() = Some(gloo_timers::callback::Interval::new(
            KEEPALIVE_MS,
            move || {
                if let Some(shared) = weak.upgrade() {
                    // A keep-alive that cannot be sent means the socket is
                    // closing, which its close event reports.
                    let _reported_by_close =
                        shared.request(json!({"janus": "keepalive"}), Awaits::Ack);
                }
            },
        ));
        Ok(session)
    }

    /// The session's id.
    pub fn id(&self) -> u64 {
        self.shared.id.get()
    }

    /// The browser's `WebSocket`.
    pub fn as_raw(&self) -> &web_sys::WebSocket {
        &self.shared.socket
    }

    async fn call(&self, body: Value, awaits: Awaits) -> Result<Value> {
        let reply = self.shared.request(body, awaits)?;
        reply.await.map_err(|_| Error::Closed)?
    }

    /// Attaches to `plugin` (e.g. `"janus.plugin.videoroom"`).
    ///
    /// # Errors
    /// `JanusError` ([`Error::Other`]) for a plugin Janus does not have;
    /// [`Error::Closed`] when the session is gone.
    pub async fn attach(&self, plugin: &str) -> Result<JanusHandle> {
        let reply = self
            .call(
                json!({"janus": "attach", "plugin": plugin}),
                Awaits::Success,
            )
            .await?;
        let id = reply["data"]["id"]
            .as_u64()
            .ok_or_else(|| Error::Decode("Janus's handle has no id".into()))?;
        let (sender, events) = queue::counted(MAX_UNREAD_EVENTS);
        self.shared.handles.borrow_mut().insert(id, sender);
        Ok(JanusHandle {
            session: self.clone(),
            id,
            events,
            detached: Cell::new(false),
        })
    }
}

/// A handle of a Janus plugin: requests to it, and its events as a
/// [`Stream`]. Dropping it detaches it.
pub struct JanusHandle {
    session: JanusSession,
    id: u64,
    events: QueueReceiver<Result<JanusEvent>>,
    detached: Cell<bool>,
}

impl fmt::Debug for JanusHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JanusHandle")
            .field("session", &self.session.id())
            .field("id", &self.id)
            .finish()
    }
}

impl JanusHandle {
    /// The handle's id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The session it belongs to.
    pub fn session(&self) -> &JanusSession {
        &self.session
    }

    fn body(&self, mut body: Value) -> Value {
        body["handle_id"] = json!(self.id);
        body
    }

    /// Sends `body` to the plugin, with `jsep` if given, and waits for its
    /// reply: the event with this request's transaction (or the plugin's
    /// synchronous answer).
    ///
    /// # Errors
    /// `JanusError` or `JanusPluginError` ([`Error::Other`]) with Janus's
    /// code and reason; [`Error::Decode`] for a reply whose `jsep` is not a
    /// session description; [`Error::Closed`] when the session is gone.
    pub async fn message(
        &self,
        body: &Value,
        jsep: Option<&SessionDescription>,
    ) -> Result<PluginReply> {
        let mut request = self.body(json!({"janus": "message", "body": body}));
        if let Some(jsep) = jsep {
            request["jsep"] = serde_json::to_value(jsep)
                .map_err(|error| Error::Decode(format!("a session description: {error}")))?;
        }
        let reply = self.session.call(request, Awaits::Reply).await?;
        Ok(PluginReply {
            data: reply["plugindata"]["data"].clone(),
            jsep: jsep_of(&reply)?,
        })
    }

    /// Sends one of the connection's candidates to Janus; `None` says the
    /// candidates are complete.
    ///
    /// # Errors
    /// `JanusError` ([`Error::Other`]) when Janus refuses it;
    /// [`Error::Closed`] when the session is gone.
    pub async fn trickle(&self, candidate: Option<&IceCandidate>) -> Result<()> {
        let request = self.body(json!({"janus": "trickle", "candidate": trickled(candidate)}));
        self.session.call(request, Awaits::Ack).await.map(drop)
    }

    /// Sends every candidate `pc` gathers from now on to Janus, until `pc`
    /// or this handle's session is dropped. A candidate Janus refuses ends
    /// this handle's event stream with that error.
    pub fn trickle_from(&self, pc: &PeerConnection) {
        let mut candidates = pc.ice_candidates();
        let session = Rc::downgrade(&self.session.shared);
        let id = self.id;
        wasm_bindgen_futures::spawn_local(async move {
            while let Some(candidate) = candidates.next().await {
                let Some(shared) = session.upgrade() else {
                    return;
                };
                let sent = shared.request(
                    json!({"janus": "trickle", "handle_id": id, "candidate": trickled(candidate.as_ref())}),
                    Awaits::Ack,
                );
                drop(shared);
                let outcome = match sent {
                    Ok(reply) => reply.await.unwrap_or(Err(Error::Closed)),
                    Err(error) => Err(error),
                };
                if let Err(error) = outcome {
                    report(&session, id, error);
                    return;
                }
            }
        });
    }

    /// Asks Janus to close this handle's connection (`hangup`).
    ///
    /// # Errors
    /// As [`trickle`](Self::trickle).
    pub async fn hang_up(&self) -> Result<()> {
        let request = self.body(json!({"janus": "hangup"}));
        self.session.call(request, Awaits::Success).await.map(drop)
    }

    /// Detaches from the plugin and waits for Janus to confirm.
    ///
    /// # Errors
    /// As [`trickle`](Self::trickle).
    pub async fn detach(self) -> Result<()> {
        self.detached.set(true);
        let request = self.body(json!({"janus": "detach"}));
        self.session.call(request, Awaits::Success).await.map(drop)
    }
}

/// A candidate as Janus's `trickle` takes it; `None`, the end of
/// candidates, as `{"completed": true}`.
fn trickled(candidate: Option<&IceCandidate>) -> Value {
    match candidate {
        Some(candidate) => json!({
            "candidate": candidate.candidate,
            "sdpMid": candidate.sdp_mid,
            "sdpMLineIndex": candidate.sdp_m_line_index,
        }),
        None => json!({"completed": true}),
    }
}

/// Ends a handle's events with `error` (a failure of a task of its own).
fn report(session: &Weak<Shared>, id: u64, error: Error) {
    let Some(shared) = session.upgrade() else {
        return;
    };
    let queue = shared.handles.borrow_mut().remove(&id);
    if let Some(queue) = queue {
        // The reader gets the events before it, then the error, then the
        // end; a full queue already ends with its own error.
        let _full = queue.push(Err(error));
        queue.close();
    }
}

impl Stream for JanusHandle {
    type Item = Result<JanusEvent>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.events)
            .poll_next(cx)
            .map(|item| item.map(|event| event.and_then(|event| event)))
    }
}

impl futures::stream::FusedStream for JanusHandle {
    fn is_terminated(&self) -> bool {
        self.events.is_terminated()
    }
}

impl Drop for JanusHandle {
    fn drop(&mut self) {
        self.session.shared.handles.borrow_mut().remove(&self.id);
        if !self.detached.get() {
            // Nobody is left to hear the reply; Janus frees the handle.
            let _unheard = self
                .session
                .shared
                .request(self.body(json!({"janus": "detach"})), Awaits::Success);
        }
    }
}
