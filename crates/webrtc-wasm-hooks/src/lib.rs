//! The part of `webrtc-wasm-leptos` and `webrtc-wasm-yew` that does not
//! depend on a framework: tasks that are counted and aborted by their
//! owner, and one future that follows a data channel (its state, its
//! messages, its send queue) and reports to whatever state the framework
//! keeps.
#![deny(missing_docs, missing_debug_implementations)]
#![warn(rust_2018_idioms)]

use std::cell::Cell;
use std::future::Future;

use futures::channel::mpsc;
use futures::future::{AbortHandle, Abortable};
use futures::{StreamExt, pin_mut};
use webrtc_wasm::{DataChannel, DataChannelState, Error, Message};

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
}

/// How many tasks the hooks are running now (a diagnostic for tests: it
/// goes back to its earlier value once the components that started them
/// are gone and the executor has run).
pub fn live_task_count() -> usize {
    LIVE.with(Cell::get)
}

/// Counts a task from its start until its future is dropped.
struct Counted;

impl Counted {
    fn new() -> Self {
        LIVE.with(|live| live.set(live.get() + 1));
        Counted
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        LIVE.with(|live| live.set(live.get() - 1));
    }
}

/// Spawns `task` on the page's executor, counted by [`live_task_count`];
/// aborting the handle drops its future (with every stream and listener
/// it holds) on the executor's next turn.
pub fn spawn(task: impl Future<Output = ()> + 'static) -> AbortHandle {
    let counted = Counted::new();
    let (handle, registration) = AbortHandle::new_pair();
    let task = Abortable::new(task, registration);
    wasm_bindgen_futures::spawn_local(async move {
        let _counted = counted;
        // Aborted is the owner's doing: nothing to report.
        if task.await.is_err() {}
    });
    handle
}

/// The tasks of one owner: dropping the set aborts them all.
#[derive(Debug, Default)]
pub struct Tasks(Vec<AbortHandle>);

impl Tasks {
    /// Spawns `task` (see [`spawn`]), aborted with this set.
    pub fn spawn(&mut self, task: impl Future<Output = ()> + 'static) {
        self.0.push(spawn(task));
    }
}

impl Drop for Tasks {
    fn drop(&mut self) {
        for handle in &self.0 {
            handle.abort();
        }
    }
}

/// Where [`follow_channel`] reports: a framework's signals or state.
pub trait ChannelView {
    /// The channel's `readyState` changed.
    fn set_ready_state(&self, state: DataChannelState);
    /// A message arrived.
    fn push_message(&self, message: Message);
    /// Receiving failed (an oversize message, the receive limit, the
    /// channel's `error` event).
    fn set_error(&self, error: Error);
    /// The send queue holds `bytes`.
    fn set_buffered_amount(&self, bytes: u32);
}

/// How often the buffered amount is read while it is above zero (the
/// browser has no event for it draining, only for crossing the threshold).
const BUFFERED_REFRESH_MS: u32 = 100;

/// Wakes the buffered-amount refresher of [`follow_channel`] after a send.
/// A wake already due is enough: a full queue loses nothing.
pub fn sent_one(wake: &mut mpsc::Sender<()>) {
    if let Err(full) = wake.try_send(()) {
        debug_assert!(full.is_full() || full.is_disconnected());
    }
}

/// The two ends of the buffered-amount refresher's wake-up: the sender for
/// [`sent_one`], the receiver for [`follow_channel`].
pub fn send_wakes() -> (mpsc::Sender<()>, mpsc::Receiver<()>) {
    mpsc::channel(1)
}

/// Follows `channel` until it closes, reporting to `view`: its state on
/// each `open`, `closing`, `close` and `error`; each message; and its
/// buffered amount whenever `wakes` says something was sent, then every
/// 100 ms until the queue is empty. One future, so that the one task
/// running it is all an owner has to abort.
pub async fn follow_channel(
    channel: DataChannel,
    view: impl ChannelView,
    mut wakes: mpsc::Receiver<()>,
) {
    view.set_ready_state(channel.ready_state());
    view.set_buffered_amount(channel.buffered_amount());
    let states = futures::stream::select_all([
        channel.open_events(),
        channel.closing_events(),
        channel.close_events(),
    ])
    .for_each(|()| {
        view.set_ready_state(channel.ready_state());
        std::future::ready(())
    });
    let errors = channel.errors().for_each(|error| {
        view.set_ready_state(channel.ready_state());
        view.set_error(error);
        std::future::ready(())
    });
    let mut incoming = channel.clone();
    let messages = async {
        while let Some(message) = incoming.next().await {
            match message {
                Ok(message) => view.push_message(message),
                Err(error) => view.set_error(error),
            }
        }
    };
    let buffered = async {
        while wakes.next().await.is_some() {
            loop {
                let amount = channel.buffered_amount();
                view.set_buffered_amount(amount);
                if amount == 0 {
                    break;
                }
                gloo_timers::future::TimeoutFuture::new(BUFFERED_REFRESH_MS).await;
            }
        }
    };
    // The message stream ends when the channel closes; the others only
    // with the task.
    pin_mut!(messages);
    let rest = futures::future::join3(states, errors, buffered);
    pin_mut!(rest);
    futures::future::select(messages, rest).await;
    view.set_ready_state(channel.ready_state());
}

/// Appends `message` to `kept`, dropping the oldest beyond `history` (a
/// flooding peer cannot grow it).
pub fn keep(kept: &mut Vec<Message>, message: Message, history: usize) {
    if history == 0 {
        return;
    }
    if kept.len() >= history {
        kept.drain(..=kept.len() - history);
    }
    kept.push(message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_holds_the_last_messages() {
        let mut kept = Vec::new();
        for n in 0..5 {
            keep(&mut kept, Message::text(n.to_string()), 3);
        }
        let texts: Vec<_> = kept.iter().filter_map(Message::as_text).collect();
        assert_eq!(texts, ["2", "3", "4"]);
        let mut none = Vec::new();
        keep(&mut none, Message::text("x"), 0);
        assert!(none.is_empty());
    }
}
