//! A bounded single-reader queue for everything a remote peer or the
//! browser can fill faster than the application reads: event streams,
//! signaling inboxes and the negotiation driver's reports.
//!
//! Each item has a weight (1 for events, bytes for text); once the unread
//! weight would pass the limit, the queue stops taking items: the reader
//! gets everything taken before, then one [`Error::ReceiveBufferFull`],
//! then the end of the stream. Nothing is dropped without the reader
//! learning of it.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::Stream;

use crate::error::{Error, Result};

/// The default limit on unread events in an event stream.
pub const DEFAULT_EVENT_QUEUE_LIMIT: usize = 4096;

struct State<T> {
    items: VecDeque<T>,
    /// The sum of the unread items' weights.
    weight: usize,
    limit: usize,
    weigh: fn(&T) -> usize,
    waker: Option<Waker>,
    /// No more items will come; `overflowed` tells whether that is because
    /// the limit was reached.
    closed: bool,
    overflowed: bool,
    /// Whether the reader has been given the overflow error.
    reported: bool,
}

/// Why [`QueueSender::push`] did not take an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The queue was full; it is now closed and the reader will get
    /// [`Error::ReceiveBufferFull`] after the items it holds.
    Full {
        /// The queue's limit.
        limit: usize,
    },
    /// The reader is gone or the queue was closed earlier.
    Closed,
}

impl Refused {
    /// The error a producer reports for this refusal.
    pub(crate) fn into_error(self) -> Error {
        match self {
            Refused::Full { limit } => Error::ReceiveBufferFull { limit },
            Refused::Closed => Error::Closed,
        }
    }
}

/// The writing end of a bounded queue; clones write to the same queue.
pub(crate) struct QueueSender<T> {
    state: Rc<RefCell<State<T>>>,
}

impl<T> Clone for QueueSender<T> {
    fn clone(&self) -> Self {
        QueueSender {
            state: self.state.clone(),
        }
    }
}

impl<T> Drop for QueueSender<T> {
    /// The last writer gone ends the stream: its reader is woken to see it.
    fn drop(&mut self) {
        if Rc::strong_count(&self.state) == 2 {
            let waker = self
                .state
                .try_borrow_mut()
                .ok()
                .and_then(|mut state| state.waker.take());
            if let Some(waker) = waker {
                waker.wake();
            }
        }
    }
}

/// The reading end: a stream of `Ok(item)`, then `Err(ReceiveBufferFull)`
/// if the queue overflowed, then the end. Dropping it closes the queue.
pub(crate) struct QueueReceiver<T> {
    state: Rc<RefCell<State<T>>>,
}

/// A queue whose items weigh 1 each: `limit` is a number of items.
pub(crate) fn counted<T>(limit: usize) -> (QueueSender<T>, QueueReceiver<T>) {
    weighed(limit, |_| 1)
}

/// A queue whose unread items may weigh `limit` in all.
pub(crate) fn weighed<T>(
    limit: usize,
    weigh: fn(&T) -> usize,
) -> (QueueSender<T>, QueueReceiver<T>) {
    let state = Rc::new(RefCell::new(State {
        items: VecDeque::new(),
        weight: 0,
        limit,
        weigh,
        waker: None,
        closed: false,
        overflowed: false,
        reported: false,
    }));
    (
        QueueSender {
            state: state.clone(),
        },
        QueueReceiver { state },
    )
}

impl<T> QueueSender<T> {
    /// Queues `item`, or refuses it (and closes the queue) when it would
    /// take the unread weight past the limit.
    pub(crate) fn push(&self, item: T) -> std::result::Result<(), Refused> {
        let waker = {
            let mut state = self.state.borrow_mut();
            if state.closed {
                return Err(if state.overflowed {
                    Refused::Full { limit: state.limit }
                } else {
                    Refused::Closed
                });
            }
            let weight = (state.weigh)(&item).max(1);
            let total = state.weight.saturating_add(weight);
            if total > state.limit {
                state.closed = true;
                state.overflowed = true;
                let limit = state.limit;
                let waker = state.waker.take();
                drop(state);
                if let Some(waker) = waker {
                    waker.wake();
                }
                return Err(Refused::Full { limit });
            }
            state.weight = total;
            state.items.push_back(item);
            state.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
        Ok(())
    }

    /// Ends the queue: the reader gets what it holds, then the end.
    pub(crate) fn close(&self) {
        let waker = {
            let mut state = self.state.borrow_mut();
            state.closed = true;
            state.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<T> QueueReceiver<T> {
    /// Changes the limit (at least 1) for items taken from now on.
    pub(crate) fn set_limit(&self, limit: usize) {
        self.state.borrow_mut().limit = limit.max(1);
    }

    /// Whether the stream has ended.
    pub(crate) fn is_terminated(&self) -> bool {
        let state = self.state.borrow();
        state.items.is_empty() && state.closed && (!state.overflowed || state.reported)
    }
}

impl<T> Drop for QueueReceiver<T> {
    fn drop(&mut self) {
        let mut state = self.state.borrow_mut();
        state.closed = true;
        // Free what nobody will read (items may hold handles).
        let items = std::mem::take(&mut state.items);
        drop(state);
        drop(items);
    }
}

impl<T> Stream for QueueReceiver<T> {
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let mut state = self.state.borrow_mut();
        if let Some(item) = state.items.pop_front() {
            let weight = (state.weigh)(&item).max(1);
            state.weight = state.weight.saturating_sub(weight);
            return Poll::Ready(Some(Ok(item)));
        }
        if state.closed || Rc::strong_count(&self.state) == 1 {
            if state.overflowed && !state.reported {
                state.reported = true;
                return Poll::Ready(Some(Err(Error::ReceiveBufferFull { limit: state.limit })));
            }
            return Poll::Ready(None);
        }
        state.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl<T> fmt::Debug for QueueSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.borrow();
        f.debug_struct("QueueSender")
            .field("unread", &state.items.len())
            .field("limit", &state.limit)
            .finish()
    }
}

impl<T> fmt::Debug for QueueReceiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.borrow();
        f.debug_struct("QueueReceiver")
            .field("unread", &state.items.len())
            .field("limit", &state.limit)
            .field("overflowed", &state.overflowed)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;
    use futures::executor::block_on;

    #[test]
    fn a_full_queue_refuses_then_reports_after_what_it_holds() {
        let (sender, mut receiver) = counted::<u32>(2);
        assert_eq!(sender.push(1), Ok(()));
        assert_eq!(sender.push(2), Ok(()));
        assert_eq!(sender.push(3), Err(Refused::Full { limit: 2 }));
        assert_eq!(sender.push(4), Err(Refused::Full { limit: 2 }));
        let read: Vec<_> = block_on((&mut receiver).collect());
        assert_eq!(
            read,
            vec![Ok(1), Ok(2), Err(Error::ReceiveBufferFull { limit: 2 })]
        );
        assert!(receiver.is_terminated());
    }

    #[test]
    fn reading_makes_room_and_weights_count() {
        let (sender, mut receiver) = weighed::<String>(10, String::len);
        sender.push("12345".into()).unwrap();
        sender.push("12345".into()).unwrap();
        assert_eq!(block_on(receiver.next()), Some(Ok("12345".to_owned())));
        sender.push("abcde".into()).unwrap();
        // Empty items still weigh 1, so they cannot flood for free.
        assert_eq!(sender.push(String::new()), Err(Refused::Full { limit: 10 }));
        sender.close();
        let rest: Vec<_> = block_on(receiver.collect());
        assert_eq!(rest.len(), 3);
    }

    #[test]
    fn dropping_the_last_writer_wakes_the_reader_and_ends_the_stream() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::task::Wake;

        struct Count(AtomicUsize);
        impl Wake for Count {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let count = Arc::new(Count(AtomicUsize::new(0)));
        let waker = Waker::from(count.clone());
        let mut cx = Context::from_waker(&waker);
        let (sender, mut receiver) = counted::<u8>(4);
        let second = sender.clone();
        assert!(Pin::new(&mut receiver).poll_next(&mut cx).is_pending());
        drop(sender);
        assert_eq!(count.0.load(Ordering::SeqCst), 0, "a writer is left");
        drop(second);
        assert_eq!(count.0.load(Ordering::SeqCst), 1);
        assert_eq!(
            Pin::new(&mut receiver).poll_next(&mut cx),
            Poll::Ready(None)
        );
    }

    #[test]
    fn a_closed_queue_ends_without_error_and_a_gone_reader_refuses() {
        let (sender, receiver) = counted::<u8>(4);
        sender.push(1).unwrap();
        sender.close();
        assert_eq!(block_on(receiver.collect::<Vec<_>>()), vec![Ok(1)]);
        assert_eq!(sender.push(2), Err(Refused::Closed));
        let (sender, receiver) = counted::<u8>(4);
        drop(receiver);
        assert_eq!(sender.push(1), Err(Refused::Closed));
    }
}
