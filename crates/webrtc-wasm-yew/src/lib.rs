//! [Yew](https://yew.rs) hooks for [`webrtc_wasm`]: a peer connection, its
//! data channels, remote tracks, a stats stream and perfect negotiation,
//! each tied to the component that calls the hook.
//!
//! Each hook starts its work in a `use_effect_with((), ..)` and stops it
//! in that effect's tear-down: when the component is destroyed (or the
//! `AppHandle` is destroyed), every task a hook started
//! is aborted, every listener it registered is removed, and the connection
//! is closed. [`live_task_count`] and [`webrtc_wasm::live_listener_count`]
//! show it.
//!
//! The handles the hooks return are `Clone + PartialEq` (the browser
//! handles inside compare by identity), so they can be props and effect
//! dependencies. Yew is single-threaded: the `!Send` browser handles are
//! held directly, never behind an `unsafe impl Send`.
//!
//! A component with a connection, a channel and its stats (the README's
//! example; `examples/yew-call` adds signaling with
//! [`use_perfect_negotiation`]):
//!
//! ```no_run
//! use std::time::Duration;
//! use webrtc_wasm::{Configuration, DataChannelInit};
//! use webrtc_wasm_yew::{use_data_channel, use_peer_connection, use_stats};
//! use yew::prelude::*;
//!
//! #[function_component]
//! fn Peer() -> Html {
//!     let pc = use_peer_connection(&Configuration::default());
//!     let chat = use_data_channel(&pc, "chat", &DataChannelInit::default());
//!     let stats = use_stats(&pc, Duration::from_secs(1));
//!     let hello = {
//!         let chat = chat.clone();
//!         Callback::from(move |_: MouseEvent| {
//!             if let Err(error) = chat.try_send("hello") {
//!                 web_sys::console::warn_1(&error.to_string().into());
//!             }
//!         })
//!     };
//!     html! {
//!         <>
//!             <p>{ pc.connection_state.to_string() }{ " · reports: " }{ stats.count }</p>
//!             <button onclick={hello}>{ "Say hello" }</button>
//!             <ul>{ for chat.messages().iter().map(|m| html! {
//!                 <li>{ m.as_text().unwrap_or("(binary)") }</li>
//!             }) }</ul>
//!         </>
//!     }
//! }
//! ```
#![deny(missing_docs, missing_debug_implementations)]
#![warn(rust_2018_idioms)]

mod connection;
mod data_channel;
mod negotiation;
mod stats;
mod tracks;

pub use connection::{UsePeerConnection, use_peer_connection};
pub use data_channel::{
    DEFAULT_HISTORY, MessageLog, UseDataChannel, use_data_channel, use_data_channel_with_history,
    use_remote_data_channel,
};
pub use negotiation::{UsePerfectNegotiation, use_perfect_negotiation};
pub use stats::{UseStats, use_stats, use_stats_with_callback};
pub use tracks::use_remote_tracks;
pub use webrtc_wasm_hooks::live_task_count;
