//! The hooks' tasks: cancelled with their owner, and counted.

use std::cell::Cell;
use std::future::Future;

use futures::future::{AbortHandle, Abortable};
use leptos::prelude::on_cleanup;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
}

/// How many tasks the hooks of this crate are running now (a diagnostic
/// for tests: it goes back to its earlier value once the components that
/// started them are unmounted and the executor has run).
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

/// Spawns `task`; the current owner's clean-up cancels it (its future,
/// with every stream and listener it holds, is dropped).
///
/// Unlike `spawn_local_scoped_with_cancellation`, the task does not hold
/// the owner: a root owner (the one `mount_to` makes) is cleaned up when
/// its `UnmountHandle` is dropped even while the task waits, instead of
/// being kept alive by the very task its clean-up would cancel.
pub(crate) fn spawn(task: impl Future<Output = ()> + 'static) {
    let counted = Counted::new();
    let (handle, registration) = AbortHandle::new_pair();
    on_cleanup(move || handle.abort());
    let task = Abortable::new(task, registration);
    leptos::task::spawn_local(async move {
        let _counted = counted;
        // Aborted is the clean-up's doing: nothing to report.
        if task.await.is_err() {}
    });
}
