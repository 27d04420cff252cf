//! [`JsStream`]: a stream of events or messages, read from JavaScript
//! without losing an item to a reader that stops waiting.
//!
//! A reader takes what is there with `tryNext()`; when nothing is, it
//! registers a callback with `wait()`. The stream is polled with a waker
//! that calls the registered callbacks: a new item costs one JavaScript
//! call, with no task or promise of the executor in between.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use futures::stream::{LocalBoxStream, Stream, StreamExt};
use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::identity::IdMap;
use crate::{Error, EventStream};

type Item = Result<JsValue, Error>;

thread_local! {
    /// The callbacks of the readers waiting on each stream, by stream id.
    static WAITERS: RefCell<IdMap<Vec<Function>>> = RefCell::default();
    static NEXT_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Calls (and removes) the callbacks waiting on stream `id`.
fn notify(id: u64) {
    let waiting = WAITERS.with(|waiters| waiters.borrow_mut().remove(id));
    for callback in waiting.into_iter().flatten() {
        super::call(&callback, &JsValue::UNDEFINED);
    }
}

/// The waker a stream is polled with: it notifies the stream's readers.
struct Notify(u64);

impl Wake for Notify {
    fn wake(self: Arc<Self>) {
        notify(self.0);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        notify(self.0);
    }
}

struct State {
    id: u64,
    waker: Waker,
    stream: RefCell<Option<LocalBoxStream<'static, Item>>>,
}

impl State {
    /// The next item if there is one now; `None` when none is (then the
    /// stream's waker is registered) or the stream has ended.
    fn poll(&self) -> Option<Item> {
        let mut stream = self.stream.borrow_mut();
        let inner = stream.as_mut()?;
        match inner.poll_next_unpin(&mut Context::from_waker(&self.waker)) {
            Poll::Ready(Some(item)) => Some(item),
            Poll::Ready(None) => {
                let ended = stream.take();
                drop(stream);
                drop(ended);
                None
            }
            Poll::Pending => None,
        }
    }
}

impl Drop for State {
    fn drop(&mut self) {
        // Readers still waiting see the end.
        notify(self.id);
    }
}

/// A stream of events or messages for the JavaScript API's async
/// iterators. Items are never `undefined`.
#[wasm_bindgen(js_name = WasmStream)]
pub struct JsStream {
    state: Rc<State>,
}

impl std::fmt::Debug for JsStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsStream")
            .field("done", &self.done())
            .finish()
    }
}

impl JsStream {
    /// A stream of `stream`'s items.
    pub(crate) fn new(stream: impl Stream<Item = Item> + 'static) -> Self {
        let id = NEXT_ID.with(|next| {
            let id = next.get();
            next.set(id.wrapping_add(1));
            id
        });
        JsStream {
            state: Rc::new(State {
                id,
                waker: Waker::from(Arc::new(Notify(id))),
                stream: RefCell::new(Some(stream.boxed_local())),
            }),
        }
    }

    /// The items of an event stream, then the error that ended it, if
    /// any (an overflow of its bounded queue).
    pub(crate) fn of_events<T: 'static>(
        events: EventStream<T>,
        convert: impl Fn(T) -> JsValue + 'static,
    ) -> Self {
        let mut events = Some(events);
        Self::new(futures::stream::poll_fn(move |cx| {
            let Some(stream) = events.as_mut() else {
                return Poll::Ready(None);
            };
            match Pin::new(&mut *stream).poll_next(cx) {
                Poll::Ready(Some(item)) => Poll::Ready(Some(Ok(convert(item)))),
                Poll::Ready(None) => {
                    let error = stream.error().cloned();
                    events = None;
                    Poll::Ready(error.map(Err))
                }
                Poll::Pending => Poll::Pending,
            }
        }))
    }
}

#[wasm_bindgen(js_class = WasmStream)]
impl JsStream {
    /// The next item if one is there now; `undefined` when none is (then
    /// `done` tells whether one ever will be). Throws the error that ended
    /// the stream.
    #[wasm_bindgen(js_name = tryNext)]
    pub fn try_next(&self) -> Result<JsValue, Error> {
        self.state.poll().unwrap_or(Ok(JsValue::UNDEFINED))
    }

    /// Calls `callback()` once an item may be there or the stream has
    /// ended (then `tryNext()` tells), or at once — returning `true`
    /// instead — when that is already so. Takes nothing.
    pub fn wait(&self, callback: Function) -> bool {
        if self.done() {
            return true;
        }
        WAITERS.with(|waiters| {
            let mut waiters = waiters.borrow_mut();
            match waiters.get_mut(self.state.id) {
                Some(waiting) => waiting.push(callback),
                None => waiters.push(self.state.id, vec![callback]),
            }
        });
        false
    }

    /// Whether the stream has ended and every item was read.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> bool {
        self.state.stream.borrow().is_none()
    }

    /// Ends the stream: its listeners are removed, unread items dropped,
    /// and waiting readers called.
    pub fn close(&self) {
        let stream = self.state.stream.borrow_mut().take();
        drop(stream);
        notify(self.state.id);
    }
}
