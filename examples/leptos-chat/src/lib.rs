//! Two peers in one page chat over a data channel: each peer is a
//! component built on `webrtc-wasm-leptos`, negotiating over an in-page
//! signaling transport. A checkbox unmounts peer B (closing its
//! connection); checking it again starts a new session for both.

use std::time::Duration;

use leptos::prelude::*;
use webrtc_wasm::signaling::{PairTransport, pair};
use webrtc_wasm::{Configuration, DataChannelInit, Message, NegotiationOptions, StatsReport};
use webrtc_wasm_leptos::{
    DEFAULT_HISTORY, UseDataChannel, UseStats, use_data_channel, use_peer_connection,
    use_perfect_negotiation, use_remote_data_channel, use_stats,
};

/// The chat log's length: older lines go.
const LOG_LINES: usize = 200;

/// The size of the burst "Send 1 MiB" queues, in 64 KiB messages.
const BURST_MESSAGES: usize = 16;

/// The page: peer A, and peer B while its checkbox is checked.
#[component]
pub fn App() -> impl IntoView {
    let (b_mounted, set_b_mounted) = signal(true);
    let (session, set_session) = signal(1_u32);
    let toggle = move |_| {
        let mount = !b_mounted.get_untracked();
        if mount {
            // A new B needs a new A: a fresh pair of peers.
            set_session.update(|session| *session += 1);
        }
        set_b_mounted.set(mount);
    };
    view! {
        <main>
            <h1>"leptos-chat"</h1>
            <p>
                "Two peers in this page, connected by WebRTC through "
                <code>"webrtc-wasm-leptos"</code> "."
            </p>
            <label>
                <input type="checkbox" id="mount-b" prop:checked=b_mounted on:change=toggle />
                " Peer B mounted"
            </label>
            {move || {
                let session = session.get();
                let (a, b) = pair();
                let b = StoredValue::new_local(Some(b));
                view! {
                    <p class="session">"Session " {session}</p>
                    <div class="peers">
                        <Peer name="A" polite=false transport=a />
                        {move || {
                            b_mounted
                                .get()
                                .then(|| b.try_update_value(Option::take).flatten())
                                .flatten()
                                .map(|b| view! { <Peer name="B" polite=true transport=b /> })
                        }}
                    </div>
                }
            }}
        </main>
    }
}

/// One line of a peer's chat log.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    /// Its number in the log: the key that keeps a line's element when
    /// older lines go.
    number: u64,
    mine: bool,
    text: String,
}

/// One peer: its connection's states, the chat, and a stats panel.
#[component]
pub fn Peer(
    /// The name shown, and the id of its section (`peer-a`, ...).
    name: &'static str,
    /// The polite side of perfect negotiation.
    polite: bool,
    /// Its end of the signaling transport.
    transport: PairTransport,
) -> impl IntoView {
    let Ok(pc) = use_peer_connection(&Configuration::default()) else {
        return view! { <p role="alert">"This browser refused the connection."</p> }.into_any();
    };
    let options = if polite {
        NegotiationOptions::polite()
    } else {
        NegotiationOptions::impolite()
    };
    let negotiation = use_perfect_negotiation(&pc, transport, options);
    // The impolite side opens the channel and the polite side takes it, so
    // the first offer comes from one side only.
    let chat = if polite {
        use_remote_data_channel(&pc, "chat", DEFAULT_HISTORY)
    } else {
        let Ok(chat) = use_data_channel(&pc, "chat", &DataChannelInit::default()) else {
            return view! { <p role="alert">"The chat channel could not be created."</p> }
                .into_any();
        };
        chat
    };
    let stats = use_stats(&pc, Duration::from_secs(1));

    let log = RwSignal::new(Vec::<Line>::new());
    let push = move |mine: bool, text: String| {
        log.update(|lines| {
            let number = lines.last().map_or(0, |last| last.number + 1);
            if lines.len() == LOG_LINES {
                lines.remove(0);
            }
            lines.push(Line { number, mine, text });
        });
    };
    // Received messages join the log in order: the effect takes those that
    // arrived since it last ran.
    Effect::new(move |seen: Option<u64>| {
        let received = chat.received.get();
        let fresh = usize::try_from(received - seen.unwrap_or(0)).unwrap_or(usize::MAX);
        chat.messages.with_untracked(|messages| {
            for message in &messages[messages.len().saturating_sub(fresh)..] {
                push(false, describe(message));
            }
        });
        received
    });

    let draft = RwSignal::new(String::new());
    let (send_error, set_send_error) = signal(None::<String>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = draft.get_untracked();
        if text.is_empty() {
            return;
        }
        match chat.try_send(text.clone()) {
            Ok(()) => {
                push(true, text);
                draft.set(String::new());
                set_send_error.set(None);
            }
            Err(error) => set_send_error.set(Some(error.to_string())),
        }
    };
    let burst = move |_| {
        leptos::task::spawn_local_scoped_with_cancellation(send_burst(chat, set_send_error));
    };

    let id = format!("peer-{}", name.to_lowercase());
    view! {
        <section class="peer" id=id aria-label=format!("Peer {name}")>
            <h2>"Peer " {name}</h2>
            <dl>
                <dt>"Connection"</dt>
                <dd class="connection-state">{move || pc.connection_state.get().to_string()}</dd>
                <dt>"ICE"</dt>
                <dd class="ice-state">{move || pc.ice_connection_state.get().to_string()}</dd>
                <dt>"Signaling"</dt>
                <dd class="signaling-state">{move || pc.signaling_state.get().to_string()}</dd>
                <dt>"Negotiation"</dt>
                <dd class="negotiation">
                    {move || if negotiation.running.get() { "running" } else { "stopped" }}
                </dd>
                <dt>"Chat channel"</dt>
                <dd class="channel-state">{move || chat.ready_state.get().to_string()}</dd>
            </dl>
            <ul class="log" aria-live="polite" aria-label=format!("Messages at peer {name}")>
                <For each=move || log.get() key=|line| line.number let:line>
                    <li class:me=line.mine>{if line.mine { "me: " } else { "them: " }} {line.text}</li>
                </For>
            </ul>
            <form on:submit=submit>
                <input
                    name="message"
                    aria-label=format!("Message from peer {name}")
                    prop:value=draft
                    on:input=move |event| draft.set(event_target_value(&event))
                    autocomplete="off"
                />
                <button type="submit">"Send"</button>
            </form>
            <p class="send-error" role="status">{move || send_error.get()}</p>
            <Queue chat=chat />
            <button type="button" class="burst" on:click=burst>"Send 1 MiB"</button>
            <StatsPanel stats=stats />
        </section>
    }
    .into_any()
}

/// A message as a chat line: its text, or its size.
fn describe(message: &Message) -> String {
    match message.as_text() {
        Some(text) => text.to_owned(),
        None => format!("({} bytes)", message.len()),
    }
}

/// Queues 1 MiB in 64 KiB messages, waiting whenever the send queue is
/// above its high watermark.
async fn send_burst(chat: UseDataChannel, set_error: WriteSignal<Option<String>>) {
    for _ in 0..BURST_MESSAGES {
        if let Err(error) = chat.send(Message::binary(vec![0_u8; 64 * 1024])).await {
            set_error.set(Some(error.to_string()));
            return;
        }
    }
}

/// The send queue's level: the bytes the browser has yet to send.
#[component]
fn Queue(chat: UseDataChannel) -> impl IntoView {
    view! {
        <label>
            "Send queue: "
            <span class="buffered">{move || chat.buffered_amount.get()}</span>
            " bytes"
            <meter min="0" max="1048576" value=move || chat.buffered_amount.get()></meter>
        </label>
    }
}

/// The connection's statistics, refreshed every second.
#[component]
fn StatsPanel(stats: UseStats) -> impl IntoView {
    let field = move |read: fn(&StatsReport) -> Option<String>| {
        move || {
            stats
                .report
                .with(|report| report.as_ref().and_then(read))
                .unwrap_or_else(|| "–".to_owned())
        }
    };
    view! {
        <dl class="stats" aria-label="Statistics">
            <dt>"Reports"</dt>
            <dd class="stats-count">{move || stats.count.get()}</dd>
            <dt>"Path"</dt>
            <dd class="path">{field(|report| {
                report.selected_candidate_pair().map(|pair| {
                    let kind = pair.local.candidate_type.as_ref().map_or("?".to_owned(), ToString::to_string);
                    let protocol = pair.protocol().map_or("?".to_owned(), ToString::to_string);
                    format!("{kind} over {protocol}{}", if pair.is_relayed() { " (relayed)" } else { "" })
                })
            })}</dd>
            <dt>"Round trip"</dt>
            <dd class="rtt">{field(|report| {
                report
                    .selected_candidate_pair()
                    .and_then(|pair| pair.round_trip_time())
                    .map(|rtt| format!("{:.1} ms", rtt * 1000.0))
            })}</dd>
            <dt>"Chat bytes sent"</dt>
            <dd class="bytes-sent">{field(|report| {
                report.data_channels().find_map(|d| d.bytes_sent).map(|b| b.to_string())
            })}</dd>
            <dt>"Chat bytes received"</dt>
            <dd class="bytes-received">{field(|report| {
                report.data_channels().find_map(|d| d.bytes_received).map(|b| b.to_string())
            })}</dd>
            <dt>"Data in / out"</dt>
            <dd class="rates">{move || {
                stats.rates.get().map_or_else(
                    || "–".to_owned(),
                    |rates| format!(
                        "{:.0} / {:.0} B/s",
                        rates.data_channel_bytes_in_per_second,
                        rates.data_channel_bytes_out_per_second,
                    ),
                )
            }}</dd>
        </dl>
    }
}
