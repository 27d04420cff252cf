//! The hooks' tasks: aborted by their effect's tear-down, and counted.

use std::cell::Cell;
use std::future::Future;

use futures::future::{AbortHandle, Abortable};

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
}

/// How many tasks the hooks of this crate are running now (a diagnostic
/// for tests: it goes back to its earlier value once the components that
/// started them are destroyed and the executor has run).
pub fn live_task_count() -> usize {
    LIVE.with(Cell::get)
}

/// Counts a task from its start until its future is dropped.
struct Counted;

impl Drop for Counted {
    fn drop(&mut self) {
        LIVE.with(|live| live.set(live.get() - 1));
    }
}

/// The tasks of one effect: dropping it (in the tear-down) aborts them all.
#[derive(Debug, Default)]
pub(crate) struct Tasks(Vec<AbortHandle>);

impl Tasks {
    /// Spawns `task` on the page's executor, aborted with this set.
    pub(crate) fn spawn(&mut self, task: impl Future<Output = ()> + 'static) {
        LIVE.with(|live| live.set(live.get() + 1));
        let counted = Counted;
        let (handle, registration) = AbortHandle::new_pair();
        self.0.push(handle);
        let task = Abortable::new(task, registration);
        wasm_bindgen_futures::spawn_local(async move {
            let _counted = counted;
            // Aborted is the tear-down's doing: nothing to report.
            if task.await.is_err() {}
        });
    }
}

impl Drop for Tasks {
    fn drop(&mut self) {
        for handle in &self.0 {
            handle.abort();
        }
    }
}
