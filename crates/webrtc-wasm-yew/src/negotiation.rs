//! `use_perfect_negotiation`: perfect negotiation over a signaling
//! transport for as long as the component lives.

use futures::{Sink, Stream, StreamExt};
use webrtc_wasm::{NegotiationEvent, NegotiationOptions, PerfectNegotiation, Result, Signal};
use yew::prelude::*;

use crate::connection::UsePeerConnection;
use webrtc_wasm_hooks::Tasks;

/// Perfect negotiation running for the calling component. From
/// [`use_perfect_negotiation`]; each event renders the component again.
///
/// See [Perfect negotiation](https://developer.mozilla.org/en-US/docs/Web/API/WebRTC_API/Perfect_negotiation).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UsePerfectNegotiation {
    /// Whether the negotiation runs (from the first effect until the
    /// connection closes, the transport ends, or the component is
    /// destroyed).
    pub running: bool,
    /// The driver's last event (collisions, ICE restarts, errors).
    pub last_event: Option<NegotiationEvent>,
    /// How many ICE restarts the driver has started.
    pub ice_restarts: u32,
}

/// Runs perfect negotiation of the hook's connection over the transport
/// `transport` makes (a [`PairTransport`](webrtc_wasm::signaling::PairTransport),
/// a [`BroadcastChannelTransport`](webrtc_wasm::signaling::BroadcastChannelTransport),
/// a WebSocket transport, or any `Sink<Signal> + Stream<Item = Result<Signal>>`)
/// until the calling component is destroyed. `transport` is called once,
/// when the component is first rendered into the page; later renders' are
/// dropped uncalled.
#[hook]
pub fn use_perfect_negotiation<T, F>(
    connection: &UsePeerConnection,
    transport: F,
    options: NegotiationOptions,
) -> UsePerfectNegotiation
where
    T: Sink<Signal> + Stream<Item = Result<Signal>> + 'static,
    F: FnOnce() -> T + 'static,
{
    let state = use_state(UsePerfectNegotiation::default);
    {
        let connection = connection.connection().ok();
        let setter = state.setter();
        use_effect_with((), move |()| {
            let mut tasks = Tasks::default();
            let negotiation = connection
                .map(|connection| PerfectNegotiation::start(&connection, transport(), options));
            if let Some(negotiation) = &negotiation {
                let events = negotiation.events();
                let mut now = UsePerfectNegotiation {
                    running: true,
                    ..UsePerfectNegotiation::default()
                };
                setter.set(now.clone());
                tasks.spawn(async move {
                    let mut events = std::pin::pin!(events);
                    while let Some(event) = events.next().await {
                        if matches!(event, NegotiationEvent::IceRestart { .. }) {
                            now.ice_restarts += 1;
                        }
                        now.last_event = Some(event);
                        setter.set(now.clone());
                    }
                    // The driver stopped.
                    now.running = false;
                    setter.set(now);
                });
            }
            move || {
                drop(tasks);
                drop(negotiation);
            }
        });
    }
    (*state).clone()
}
