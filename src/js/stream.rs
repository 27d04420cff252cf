//! [`JsStream`]: a stream of events or messages, read from JavaScript
//! without losing an item to a reader that stops waiting.

use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::future::poll_fn;
use futures::stream::{LocalBoxStream, Stream, StreamExt};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::{Error, EventStream};

type Item = Result<JsValue, Error>;

#[derive(Default)]
struct State {
    stream: RefCell<Option<LocalBoxStream<'static, Item>>>,
    /// An item `ready()` took from the stream and nobody has read yet.
    peeked: RefCell<Option<Item>>,
    /// How many `ready()` calls wait; while one does, `tryNext()` only
    /// reads `peeked`, so that it never replaces the waiting task's waker.
    waiting: Cell<u32>,
    /// The tasks of waiting `ready()` calls, woken by `close()`.
    wakers: RefCell<Vec<Waker>>,
}

impl State {
    fn poll_peek(&self, cx: &mut Context<'_>) -> Poll<()> {
        let ready = self.poll_stream(cx);
        if ready.is_ready() {
            // Other waiting `ready()` calls see the same item or end.
            let wakers = std::mem::take(&mut *self.wakers.borrow_mut());
            for waker in wakers {
                if !waker.will_wake(cx.waker()) {
                    waker.wake();
                }
            }
        }
        ready
    }

    fn poll_stream(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.peeked.borrow().is_some() {
            return Poll::Ready(());
        }
        let mut stream = self.stream.borrow_mut();
        let Some(inner) = stream.as_mut() else {
            return Poll::Ready(());
        };
        match inner.poll_next_unpin(cx) {
            Poll::Ready(Some(item)) => {
                *self.peeked.borrow_mut() = Some(item);
                Poll::Ready(())
            }
            Poll::Ready(None) => {
                *stream = None;
                Poll::Ready(())
            }
            Poll::Pending => {
                let mut wakers = self.wakers.borrow_mut();
                if !wakers.iter().any(|w| w.will_wake(cx.waker())) {
                    wakers.push(cx.waker().clone());
                }
                Poll::Pending
            }
        }
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
        JsStream {
            state: Rc::new(State {
                stream: RefCell::new(Some(stream.boxed_local())),
                ..State::default()
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
        let convert = Rc::new(convert);
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
        let state = &self.state;
        if let Some(item) = state.peeked.borrow_mut().take() {
            return item;
        }
        if state.waiting.get() == 0 {
            let mut cx = Context::from_waker(futures::task::noop_waker_ref());
            if state.poll_peek(&mut cx).is_ready() {
                if let Some(item) = state.peeked.borrow_mut().take() {
                    return item;
                }
            }
        }
        Ok(JsValue::UNDEFINED)
    }

    /// Resolves when an item is there or the stream has ended; takes
    /// nothing.
    pub fn ready(&self) -> Promise {
        let state = self.state.clone();
        super::promise(async move {
            state.waiting.set(state.waiting.get() + 1);
            poll_fn(|cx| state.poll_peek(cx)).await;
            state.waiting.set(state.waiting.get() - 1);
            Ok(())
        })
    }

    /// Whether the stream has ended and every item was read.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> bool {
        self.state.stream.borrow().is_none() && self.state.peeked.borrow().is_none()
    }

    /// Ends the stream: its listeners are removed and unread items dropped.
    pub fn close(&self) {
        let stream = self.state.stream.borrow_mut().take();
        drop(stream);
        self.state.peeked.borrow_mut().take();
        let wakers = std::mem::take(&mut *self.state.wakers.borrow_mut());
        for waker in wakers {
            waker.wake();
        }
    }
}
