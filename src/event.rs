//! Event listeners that remove themselves, and events as streams.
//!
//! Every event of every wrapper is offered two ways: a callback that returns a
//! [`Listener`] guard (dropping the guard removes the listener from the
//! browser object), and an [`EventStream`] that owns such a guard. Listeners
//! registered through a connection are also removed when the last handle to
//! that connection is dropped, so a forgotten guard or stream cannot keep a
//! closure alive on a closed connection.
//!
//! See [`EventTarget.addEventListener`](https://developer.mozilla.org/en-US/docs/Web/API/EventTarget/addEventListener).

use std::cell::{Cell, RefCell};
use std::fmt;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll};

use futures::stream::{FusedStream, Stream};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, EventTarget};

use crate::error::Error;
use crate::queue::{self, DEFAULT_EVENT_QUEUE_LIMIT, QueueReceiver};

thread_local! {
    static LIVE_LISTENERS: Cell<usize> = const { Cell::new(0) };
}

/// How many listeners this crate has registered on browser objects and not
/// yet removed, across all objects of this thread.
///
/// Meant for leak checks in tests and benchmarks: once every wrapper, guard
/// and stream is dropped, the count returns to where it was.
pub fn live_listener_count() -> usize {
    LIVE_LISTENERS.with(Cell::get)
}

type EventClosure = Closure<dyn FnMut(Event)>;

/// What a [`Registration`] holds while it is active.
enum Hold {
    /// A closure registered with `addEventListener`.
    Closure(EventClosure),
    /// A callback that a listener the crate already keeps calls; removing
    /// it runs this.
    Slot(Box<dyn FnOnce()>),
}

/// One `addEventListener` registration, or one callback in a slot of a
/// listener the crate keeps anyway.
struct Registration {
    target: EventTarget,
    event_type: &'static str,
    hold: RefCell<Option<Hold>>,
}

impl Registration {
    fn register(
        target: &EventTarget,
        event_type: &'static str,
        callback: impl FnMut(Event) + 'static,
    ) -> Rc<Self> {
        Self::register_closure(target, event_type, EventClosure::new(callback))
    }

    /// The part of [`Registration::register`] that does not depend on the
    /// callback's type, compiled once rather than once per callback.
    fn register_closure(
        target: &EventTarget,
        event_type: &'static str,
        closure: EventClosure,
    ) -> Rc<Self> {
        // addEventListener only throws for a non-callable callback, which a
        // Closure never is.
        let added = target
            .add_event_listener_with_callback(event_type, closure.as_ref().unchecked_ref())
            .is_ok();
        if added {
            LIVE_LISTENERS.with(|n| n.set(n.get() + 1));
        }
        Rc::new(Registration {
            target: target.clone(),
            event_type,
            hold: RefCell::new(added.then_some(Hold::Closure(closure))),
        })
    }

    fn is_active(&self) -> bool {
        self.hold.borrow().is_some()
    }

    fn unregister(&self) {
        // Take the closure out before dropping it: wasm-bindgen defers the
        // actual free when the closure is running right now (a callback that
        // drops its own connection), so this is safe from inside the handler.
        let hold = self.hold.borrow_mut().take();
        match hold {
            Some(Hold::Closure(closure)) => {
                let _ = self.target.remove_event_listener_with_callback(
                    self.event_type,
                    closure.as_ref().unchecked_ref(),
                );
                LIVE_LISTENERS.with(|n| n.set(n.get().saturating_sub(1)));
            }
            Some(Hold::Slot(remove)) => remove(),
            None => {}
        }
    }
}

/// The listeners that belong to one wrapped object, so that they can all be
/// removed when the object goes away.
#[derive(Clone, Default)]
pub(crate) struct Registry {
    registrations: Rc<RefCell<Vec<Weak<Registration>>>>,
}

impl Registry {
    fn track(&self, registration: &Rc<Registration>) {
        let mut registrations = self.registrations.borrow_mut();
        registrations.retain(|weak| weak.upgrade().is_some_and(|r| r.is_active()));
        registrations.push(Rc::downgrade(registration));
    }

    /// Removes every listener registered through this registry; their guards
    /// become inert and their streams end.
    pub(crate) fn unregister_all(&self) {
        let registrations = std::mem::take(&mut *self.registrations.borrow_mut());
        for registration in registrations.iter().filter_map(Weak::upgrade) {
            registration.unregister();
        }
    }

    /// Registers `callback` for `event_type` on `target` and tracks it here.
    pub(crate) fn listen(
        &self,
        target: &EventTarget,
        event_type: &'static str,
        callback: impl FnMut(Event) + 'static,
    ) -> Listener {
        let listener = Listener::new(target, event_type, callback);
        self.track(&listener.registration);
        listener
    }

    /// A guard for a callback that one of the crate's own listeners calls
    /// (no second browser listener): dropping the guard, or removing every
    /// listener of this registry, runs `remove`.
    pub(crate) fn slot(
        &self,
        target: &EventTarget,
        event_type: &'static str,
        remove: impl FnOnce() + 'static,
    ) -> Listener {
        let listener = Listener {
            registration: Rc::new(Registration {
                target: target.clone(),
                event_type,
                hold: RefCell::new(Some(Hold::Slot(Box::new(remove)))),
            }),
        };
        self.track(&listener.registration);
        listener
    }

    /// Like [`Registry::listen`], but delivers `map(event)` into a stream
    /// that holds at most [`DEFAULT_EVENT_QUEUE_LIMIT`] unread events.
    pub(crate) fn stream<T: 'static>(
        &self,
        target: &EventTarget,
        event_type: &'static str,
        map: impl Fn(&Event) -> T + 'static,
    ) -> EventStream<T> {
        let (sender, receiver) = queue::counted(DEFAULT_EVENT_QUEUE_LIMIT);
        let registration: Rc<RefCell<Weak<Registration>>> = Rc::default();
        let listener = self.listen(target, event_type, {
            let registration = registration.clone();
            move |event| {
                // A refused event means the reader is gone (the guard is
                // being dropped) or fell behind by the whole limit: the
                // stream then ends with `Error::ReceiveBufferFull`, and the
                // listener goes, so nothing more is taken unseen.
                if sender.push(map(&event)).is_err() {
                    if let Some(registration) = registration.borrow().upgrade() {
                        registration.unregister();
                    }
                }
            }
        });
        *registration.borrow_mut() = Rc::downgrade(&listener.registration);
        EventStream::from_parts(receiver, listener)
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let registrations = self.registrations.borrow();
        let active = registrations
            .iter()
            .filter(|weak| weak.upgrade().is_some_and(|r| r.is_active()))
            .count();
        f.debug_struct("Registry").field("active", &active).finish()
    }
}

/// A registered event listener; dropping it removes the listener.
///
/// Returned by every `on_*` method. Keep it for as long as you want the
/// callback to run.
#[must_use = "the listener is removed as soon as this guard is dropped"]
pub struct Listener {
    registration: Rc<Registration>,
}

impl Listener {
    /// Registers `callback` for events of `event_type` on `target`, without
    /// tying it to any wrapper: the escape hatch for events this crate does not
    /// wrap.
    pub fn new(
        target: &EventTarget,
        event_type: &'static str,
        callback: impl FnMut(Event) + 'static,
    ) -> Self {
        Listener {
            registration: Registration::register(target, event_type, callback),
        }
    }

    /// The event type this listener is registered for.
    pub fn event_type(&self) -> &'static str {
        self.registration.event_type
    }

    /// Whether the listener is still registered. It stops being registered
    /// when the guard is dropped or when the object it belongs to is closed by
    /// dropping its last handle.
    pub fn is_active(&self) -> bool {
        self.registration.is_active()
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.registration.unregister();
    }
}

impl fmt::Debug for Listener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Listener")
            .field("event_type", &self.registration.event_type)
            .field("active", &self.is_active())
            .finish()
    }
}

/// A stream of events that owns its listener.
///
/// It yields one item per event the browser dispatches after the stream was
/// created, and ends when the object it listens on is dropped. Dropping the
/// stream removes the listener.
///
/// It holds at most [`DEFAULT_EVENT_QUEUE_LIMIT`] unread events
/// ([`set_limit`](Self::set_limit) changes it). A reader that falls that far behind
/// (a remote peer opening channels faster than they are taken, say) does
/// not lose events silently: the listener is removed, the stream yields the
/// events it holds and then ends, and [`EventStream::error`] is
/// [`Error::ReceiveBufferFull`]. An event that did not fit is dropped (an
/// incoming data channel that did not fit is closed).
#[must_use = "streams do nothing unless polled"]
pub struct EventStream<T> {
    receiver: QueueReceiver<T>,
    listener: Listener,
    error: Option<Error>,
}

impl<T> EventStream<T> {
    /// A stream over `receiver`, whose items `listener` feeds.
    pub(crate) fn from_parts(receiver: QueueReceiver<T>, listener: Listener) -> Self {
        EventStream {
            receiver,
            listener,
            error: None,
        }
    }

    /// Sets how many unread events the stream keeps (at least 1; default
    /// [`DEFAULT_EVENT_QUEUE_LIMIT`]) before it ends with
    /// [`Error::ReceiveBufferFull`].
    pub fn set_limit(&self, limit: usize) {
        self.receiver.set_limit(limit);
    }

    /// The listener behind this stream.
    pub fn listener(&self) -> &Listener {
        &self.listener
    }

    /// Why the stream ended early: [`Error::ReceiveBufferFull`] when its
    /// reader fell behind by more than the limit; `None` while it runs and
    /// when it ended because its object went away.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }
}

impl<T> Stream for EventStream<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        match Pin::new(&mut self.receiver).poll_next(cx) {
            Poll::Ready(Some(Ok(item))) => Poll::Ready(Some(item)),
            Poll::Ready(Some(Err(error))) => {
                self.error = Some(error);
                Poll::Ready(None)
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T> FusedStream for EventStream<T> {
    fn is_terminated(&self) -> bool {
        self.receiver.is_terminated()
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("listener", &self.listener)
            .field("queue", &self.receiver)
            .field("error", &self.error)
            .finish()
    }
}
