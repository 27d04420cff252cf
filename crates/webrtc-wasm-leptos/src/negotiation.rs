//! `use_perfect_negotiation`: perfect negotiation over a signaling
//! transport for as long as the component lives.

use futures::{Sink, Stream, StreamExt};
use leptos::prelude::*;
use webrtc_wasm::{NegotiationEvent, NegotiationOptions, PerfectNegotiation, Result, Signal};

use crate::connection::UsePeerConnection;
use crate::task::spawn;

/// Perfect negotiation running for the calling component. From
/// [`use_perfect_negotiation`].
///
/// See [Perfect negotiation](https://developer.mozilla.org/en-US/docs/Web/API/WebRTC_API/Perfect_negotiation).
#[derive(Debug, Clone, Copy)]
pub struct UsePerfectNegotiation {
    /// The driver, dropped (stopped) with the component's owner.
    _negotiation: StoredValue<Option<PerfectNegotiation>, LocalStorage>,
    /// Whether the negotiation still runs (it stops when the connection
    /// closes, the transport ends, or the component is cleaned up).
    pub running: ReadSignal<bool>,
    /// The driver's last event (collisions, ICE restarts, errors).
    pub last_event: ReadSignal<Option<NegotiationEvent>>,
    /// How many ICE restarts the driver has started.
    pub ice_restarts: ReadSignal<u32>,
}

/// Runs perfect negotiation of the hook's connection over `transport`
/// (a [`PairTransport`](webrtc_wasm::signaling::PairTransport), a
/// [`BroadcastChannelTransport`](webrtc_wasm::signaling::BroadcastChannelTransport),
/// a WebSocket transport, or any `Sink<Signal> + Stream<Item = Result<Signal>>`)
/// until the calling component is cleaned up.
///
/// Without the connection (its component is gone) nothing runs and
/// `running` is `false`.
pub fn use_perfect_negotiation<T>(
    connection: &UsePeerConnection,
    transport: T,
    options: NegotiationOptions,
) -> UsePerfectNegotiation
where
    T: Sink<Signal> + Stream<Item = Result<Signal>> + 'static,
{
    let negotiation = connection
        .connection()
        .map(|connection| PerfectNegotiation::start(&connection, transport, options));
    let (running, set_running) = signal(negotiation.is_some());
    let (last_event, set_last_event) = signal(None::<NegotiationEvent>);
    let (ice_restarts, set_ice_restarts) = signal(0_u32);
    if let Some(negotiation) = &negotiation {
        let events = negotiation.events();
        spawn(async move {
            let mut events = std::pin::pin!(events);
            while let Some(event) = events.next().await {
                if matches!(event, NegotiationEvent::IceRestart { .. }) {
                    set_ice_restarts.update(|count| *count += 1);
                }
                set_last_event.set(Some(event));
            }
            // The driver stopped.
            set_running.set(false);
        });
    }
    UsePerfectNegotiation {
        _negotiation: StoredValue::new_local(negotiation),
        running,
        last_event,
        ice_restarts,
    }
}
