//! The hooks' tasks: cancelled with their owner, and counted.

use std::future::Future;

use leptos::prelude::on_cleanup;

/// Spawns `task`; the current owner's clean-up cancels it (its future,
/// with every stream and listener it holds, is dropped).
///
/// Unlike `spawn_local_scoped_with_cancellation`, the task does not hold
/// the owner: a root owner (the one `mount_to` makes) is cleaned up when
/// its `UnmountHandle` is dropped even while the task waits, instead of
/// being kept alive by the very task its clean-up would cancel.
pub(crate) fn spawn(task: impl Future<Output = ()> + 'static) {
    let handle = webrtc_wasm_hooks::spawn(task);
    on_cleanup(move || handle.abort());
}
