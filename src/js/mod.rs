//! The npm-facing JavaScript API (feature `js`): the wasm exports the npm
//! package's TypeScript layer wraps.
//!
//! Every policy lives here, in Rust: backpressure and the send queue's
//! watermarks, receive limits, option validation, perfect negotiation and
//! ICE restart. The package's TypeScript adds only what JavaScript idioms
//! need: async iterators, WHATWG streams, `AbortSignal`s, error classes and
//! typed event maps.
//!
//! Streams of events and messages are [`JsStream`]s: `tryNext()` takes an
//! item that is already there, `ready()` waits for one without taking it,
//! so a reader that stops waiting (an aborted signal, a `break`) never
//! loses an item.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::{Rc, Weak};

use futures::future::LocalBoxFuture;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::{Error, Listener};

mod convert;
mod data_channel;
mod negotiation;
mod peer_connection;
mod stream;

pub use data_channel::JsDataChannel;
pub use negotiation::JsNegotiation;
pub use peer_connection::JsPeerConnection;
pub use stream::JsStream;

/// Routes Rust panics to `console.error` with their message. Idempotent:
/// every class of the JavaScript API calls it when constructed, so the npm
/// package needs no start function of its own, and a Rust application
/// that enables the `js` feature keeps its own `#[wasm_bindgen(start)]`.
///
/// A build whose panics abort at once (`-Cpanic=immediate-abort`, as the
/// npm package's nightly build is) never runs a hook: there it does nothing.
#[wasm_bindgen(js_name = installPanicHook)]
pub fn install_panic_hook() {
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
}

/// How many event listeners the library holds on browser objects right now
/// (for leak checks).
#[wasm_bindgen(js_name = liveListenerCount)]
pub fn live_listener_count() -> usize {
    crate::live_listener_count()
}

/// How many bytes the package's wasm memory has now. A wasm memory grows
/// and never shrinks, so this is its high-water mark (for leak checks).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    js_sys::ArrayBuffer::from(memory.buffer()).byte_length() as f64
}

type SubscriptionList = Rc<RefCell<Vec<(u32, Listener)>>>;

/// The callbacks registered through one object of the JavaScript API.
#[derive(Debug, Default)]
pub(crate) struct Subscriptions {
    list: SubscriptionList,
    next_id: Cell<u32>,
}

impl Subscriptions {
    /// Keeps `listener` until unsubscribed or cleared.
    pub(crate) fn add(&self, listener: Listener) -> Subscription {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        self.list.borrow_mut().push((id, listener));
        Subscription {
            list: Rc::downgrade(&self.list),
            id,
        }
    }

    /// Removes every callback.
    pub(crate) fn clear(&self) {
        let removed = std::mem::take(&mut *self.list.borrow_mut());
        drop(removed);
    }
}

/// A registered callback. `unsubscribe()` removes it; so does closing or
/// freeing the object it was registered on. Losing this object does not:
/// like `addEventListener`, the callback runs until removed.
#[wasm_bindgen(js_name = WasmSubscription)]
#[derive(Debug)]
pub struct Subscription {
    list: Weak<RefCell<Vec<(u32, Listener)>>>,
    id: u32,
}

#[wasm_bindgen(js_class = WasmSubscription)]
impl Subscription {
    /// Removes the callback. Calling it again does nothing.
    pub fn unsubscribe(&self) {
        if let Some(list) = self.list.upgrade() {
            let removed: Vec<_> = {
                let mut list = list.borrow_mut();
                let (removed, kept) = list.drain(..).partition(|(id, _)| *id == self.id);
                *list = kept;
                removed
            };
            drop(removed);
        }
    }

    /// Whether the callback is still registered.
    #[wasm_bindgen(getter)]
    pub fn active(&self) -> bool {
        self.list.upgrade().is_some_and(|list| {
            list.borrow()
                .iter()
                .any(|(id, listener)| *id == self.id && listener.is_active())
        })
    }
}

/// Calls a JavaScript callback with one argument; an exception thrown by the
/// callback is reported on the console rather than lost or turned into a
/// panic.
pub(crate) fn call(callback: &Function, value: &JsValue) {
    if let Err(error) = callback.call1(&JsValue::NULL, value) {
        web_sys::console::error_2(&"webrtc-wasm: a callback threw".into(), &error);
    }
}

/// What a promise resolves with.
pub(crate) trait Resolve {
    fn into_js(self) -> JsValue;
}

impl Resolve for () {
    fn into_js(self) -> JsValue {
        JsValue::UNDEFINED
    }
}

impl Resolve for JsValue {
    fn into_js(self) -> JsValue {
        self
    }
}

impl Resolve for crate::SessionDescription {
    fn into_js(self) -> JsValue {
        self.into()
    }
}

/// A promise of a `'static` future's result.
pub(crate) fn promise<T: Resolve>(
    future: impl Future<Output = Result<T, Error>> + 'static,
) -> Promise {
    boxed_promise(Box::pin(async move { future.await.map(Resolve::into_js) }))
}

/// The one instance of `future_to_promise` (and of the task machinery
/// behind it) for every promise of the API: boxing keeps the wasm small.
fn boxed_promise(future: LocalBoxFuture<'static, Result<JsValue, Error>>) -> Promise {
    future_to_promise(async move { Ok(future.await?) })
}

/// A promise rejected with `error`.
pub(crate) fn rejected(error: Error) -> Promise {
    Promise::reject(&error.into())
}
