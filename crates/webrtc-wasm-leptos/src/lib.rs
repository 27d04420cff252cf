//! [Leptos](https://leptos.dev) hooks for [`webrtc_wasm`]: a peer connection,
//! its data channels, a stats stream and perfect negotiation, each tied to
//! the component that calls the hook (and remote tracks, as they come).
//!
//! When the component's owner is cleaned up (the component unmounts, or
//! the [`UnmountHandle`](leptos::mount::UnmountHandle) of
//! [`mount_to`](leptos::mount::mount_to) is dropped), every task a hook
//! started is cancelled, every listener it registered is removed, and the
//! connection is closed. [`live_task_count`] and
//! [`webrtc_wasm::live_listener_count`] show it.
//!
//! The hooks return `Copy` structs of signals, usable in `view!` closures.
//! The browser handles ([`PeerConnection`](webrtc_wasm::PeerConnection),
//! [`DataChannel`](webrtc_wasm::DataChannel)) are `!Send`, so they are kept
//! in [`StoredValue::new_local`](leptos::prelude::StoredValue::new_local)
//! (a `Send + Sync` arena id), never behind an `unsafe impl Send`; the value
//! types (states, [`Message`](webrtc_wasm::Message),
//! [`StatsReport`](webrtc_wasm::StatsReport), [`Error`](webrtc_wasm::Error))
//! are `Send + Sync` and live in ordinary signals.
//!
//! A complete component (the README's example):
//!
//! ```no_run
//! use leptos::prelude::*;
//! use webrtc_wasm::signaling::PairTransport;
//! use webrtc_wasm::{Configuration, DataChannelInit, NegotiationOptions};
//! use webrtc_wasm_leptos::{
//!     DEFAULT_HISTORY, use_data_channel, use_peer_connection, use_perfect_negotiation,
//!     use_remote_data_channel,
//! };
//!
//! #[component]
//! fn Peer(transport: PairTransport, polite: bool) -> impl IntoView {
//!     let Ok(pc) = use_peer_connection(&Configuration::default()) else {
//!         return view! { <p role="alert">"No connection"</p> }.into_any();
//!     };
//!     let options = if polite { NegotiationOptions::polite() } else { NegotiationOptions::impolite() };
//!     let negotiation = use_perfect_negotiation(&pc, transport, options);
//!     // One side opens the channel and the other takes it: the first offer
//!     // comes from one side (see "Where the browsers differ").
//!     let chat = if polite {
//!         use_remote_data_channel(&pc, "chat", DEFAULT_HISTORY)
//!     } else {
//!         match use_data_channel(&pc, "chat", &DataChannelInit::default()) {
//!             Ok(chat) => chat,
//!             Err(error) => return view! { <p role="alert">{error.to_string()}</p> }.into_any(),
//!         }
//!     };
//!     let draft = RwSignal::new(String::new());
//!     let send = move |event: leptos::ev::SubmitEvent| {
//!         event.prevent_default();
//!         if chat.try_send(draft.get_untracked()).is_ok() {
//!             draft.set(String::new());
//!         }
//!     };
//!     view! {
//!         <p>{move || pc.connection_state.get().to_string()}
//!            {move || if negotiation.running.get() { "" } else { " (negotiation stopped)" }}</p>
//!         <ul aria-live="polite">{move || chat.messages.get().into_iter()
//!             .map(|m| view! { <li>{m.as_text().unwrap_or("(binary)").to_owned()}</li> })
//!             .collect_view()}</ul>
//!         <form on:submit=send>
//!             <input prop:value=draft on:input=move |e| draft.set(event_target_value(&e)) />
//!             <button>"Send"</button>
//!         </form>
//!         <p>"Queued: " {move || chat.buffered_amount.get()} " bytes"</p>
//!     }
//!     .into_any()
//! }
//! ```
#![deny(missing_docs, missing_debug_implementations)]
#![warn(rust_2018_idioms)]

mod connection;
mod data_channel;
mod negotiation;
mod stats;
mod task;
mod tracks;

pub use connection::{UsePeerConnection, use_peer_connection, use_peer_connection_from};
pub use data_channel::{
    DEFAULT_HISTORY, UseDataChannel, use_data_channel, use_data_channel_from,
    use_remote_data_channel,
};
pub use negotiation::{UsePerfectNegotiation, use_perfect_negotiation};
pub use stats::{UseStats, use_stats, use_stats_with_callback};
pub use tracks::use_remote_tracks;
pub use webrtc_wasm_hooks::live_task_count;
