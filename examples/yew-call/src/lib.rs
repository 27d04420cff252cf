//! An audio and video call between two peers in one page: each party is a
//! component built on `webrtc-wasm-yew`, sending a canvas video and an
//! oscillator tone, negotiating over an in-page signaling transport.
//! Muting and turning the camera off change the transceivers' direction;
//! perfect negotiation carries the change to the other side.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use webrtc_wasm::signaling::{PairTransport, pair};
use webrtc_wasm::{
    CanvasVideoSource, Configuration, Error, MediaKind, NegotiationOptions, OscillatorAudioSource,
    PeerConnectionState, RtpTransceiver, StatsReport, TransceiverDirection,
};
use webrtc_wasm_yew::{
    UsePeerConnection, UseStats, use_peer_connection, use_perfect_negotiation, use_remote_tracks,
    use_stats,
};
use yew::prelude::*;

/// The page: two parties in a call.
#[function_component]
pub fn App() -> Html {
    let transports = use_memo((), |()| {
        let (a, b) = pair();
        (Transport::new(a), Transport::new(b))
    });
    html! {
        <main>
            <h1>{ "yew-call" }</h1>
            <p>
                { "An audio and video call between two peers in this page, through " }
                <code>{ "webrtc-wasm-yew" }</code>{ ". Each sends a drawn video and a tone." }
            </p>
            <div class="peers">
                <Party name="A" polite={false} tone={440.0} transport={transports.0.clone()} />
                <Party name="B" polite={true} tone={660.0} transport={transports.1.clone()} />
            </div>
        </main>
    }
}

/// One end of the in-page signaling transport, handed to a party once.
#[derive(Clone)]
pub struct Transport(Rc<RefCell<Option<PairTransport>>>);

impl Transport {
    fn new(transport: PairTransport) -> Self {
        Transport(Rc::new(RefCell::new(Some(transport))))
    }
}

impl PartialEq for Transport {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A party's properties.
#[derive(Properties, PartialEq)]
pub struct PartyProps {
    /// The name shown, and the id of its section (`party-a`, ...).
    pub name: AttrValue,
    /// The polite side of perfect negotiation.
    pub polite: bool,
    /// The frequency of its tone, in Hz.
    pub tone: f32,
    /// Its end of the signaling transport.
    pub transport: Transport,
}

/// What a party sends: its sources and their transceivers.
struct Sending {
    _video: CanvasVideoSource,
    _audio: OscillatorAudioSource,
    video: RtpTransceiver,
    audio: RtpTransceiver,
}

/// One party of the call.
#[function_component]
pub fn Party(props: &PartyProps) -> Html {
    let pc = use_peer_connection(&Configuration::default());
    let options = if props.polite {
        NegotiationOptions::polite()
    } else {
        NegotiationOptions::impolite()
    };
    let transport = props.transport.clone();
    let negotiation = use_perfect_negotiation(
        &pc,
        move || {
            transport
                .0
                .borrow_mut()
                .take()
                .expect("a transport for each party")
        },
        options,
    );
    // The impolite party starts sending once negotiation listens, and its
    // first offer connects the call; the polite party adds its media once
    // connected, so the first offer never collides (see the README's
    // browser table).
    let sending = use_state(|| None::<Rc<Sending>>);
    let failure = use_state(|| None::<String>);
    {
        let ready = !props.polite || pc.connection_state == PeerConnectionState::Connected;
        let started = sending.is_some() || failure.is_some();
        let (sending, failure) = (sending.setter(), failure.setter());
        let (pc, tone) = (pc.clone(), props.tone);
        use_effect_with(ready, move |ready| {
            if *ready && !started {
                match start_sending(&pc, tone) {
                    Ok(started) => sending.set(Some(Rc::new(started))),
                    Err(error) => failure.set(Some(error.to_string())),
                }
            }
        });
    }
    let remote = use_remote_tracks(&pc);
    let video_ref = use_node_ref();
    {
        let video_ref = video_ref.clone();
        let tracks: Vec<web_sys::MediaStreamTrack> =
            remote.iter().map(|event| event.track.clone()).collect();
        use_effect_with(tracks.len(), move |_| {
            if let Some(video) = video_ref.cast::<web_sys::HtmlVideoElement>() {
                let list: js_sys::Array = tracks.iter().collect();
                if let Ok(stream) = web_sys::MediaStream::new_with_tracks(&list) {
                    video.set_src_object(Some(&stream));
                }
            }
        });
    }
    let stats = use_stats(&pc, Duration::from_secs(1));
    let redraw = use_force_update();

    let toggle = |kind: MediaKind| {
        let sending = (*sending).clone();
        let failure = failure.setter();
        let redraw = redraw.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(sending) = &sending else { return };
            let transceiver = match kind {
                MediaKind::Audio => &sending.audio,
                _ => &sending.video,
            };
            let next = match transceiver.direction() {
                TransceiverDirection::SendRecv => TransceiverDirection::RecvOnly,
                _ => TransceiverDirection::SendRecv,
            };
            if let Err(error) = transceiver.set_direction(next) {
                failure.set(Some(error.to_string()));
            }
            redraw.force_update();
        })
    };
    let direction = |which: fn(&Sending) -> &RtpTransceiver| {
        sending.as_ref().map_or("–".to_owned(), |sending| {
            let transceiver = which(sending);
            let wanted = transceiver.direction().to_string();
            match transceiver.current_direction() {
                Some(current) if current.to_string() == wanted => wanted,
                Some(current) => format!("{current} → {wanted}"),
                None => format!("→ {wanted}"),
            }
        })
    };
    let muted = sending
        .as_ref()
        .is_some_and(|s| s.audio.direction() != TransceiverDirection::SendRecv);
    let camera_off = sending
        .as_ref()
        .is_some_and(|s| s.video.direction() != TransceiverDirection::SendRecv);
    let id = format!("party-{}", props.name.to_lowercase());
    html! {
        <section class="peer" {id} aria-label={format!("Party {}", props.name)}>
            <h2>{ format!("Party {}", props.name) }</h2>
            <video ref={video_ref} class="remote" autoplay=true muted=true playsinline=true
                aria-label={format!("What party {} receives", props.name)} />
            <div class="controls">
                <button class="mute" onclick={toggle(MediaKind::Audio)} aria-pressed={muted.to_string()}>
                    { if muted { "Unmute" } else { "Mute" } }
                </button>
                <button class="camera" onclick={toggle(MediaKind::Video)} aria-pressed={camera_off.to_string()}>
                    { if camera_off { "Camera on" } else { "Camera off" } }
                </button>
            </div>
            if let Some(failure) = &*failure {
                <p role="alert" class="failure">{ failure.clone() }</p>
            }
            <dl>
                <dt>{ "Connection" }</dt>
                <dd class="connection-state">{ pc.connection_state.to_string() }</dd>
                <dt>{ "Negotiation" }</dt>
                <dd class="negotiation">{ if negotiation.running { "running" } else { "stopped" } }</dd>
                <dt>{ "Audio" }</dt>
                <dd class="audio-direction">{ direction(|s| &s.audio) }</dd>
                <dt>{ "Video" }</dt>
                <dd class="video-direction">{ direction(|s| &s.video) }</dd>
                <dt>{ "Remote tracks" }</dt>
                <dd class="remote-tracks">{ remote.len() }</dd>
            </dl>
            <StatsPanel stats={stats} />
        </section>
    }
}

/// Starts the party's sources and sends them with `addTrack`: on the
/// party that connects first it makes a transceiver for each; on the other
/// it takes over the transceivers the first party's offer made, so that the
/// call has one audio and one video section, each sent both ways.
fn start_sending(pc: &UsePeerConnection, tone: f32) -> webrtc_wasm::Result<Sending> {
    let connection = pc.connection()?;
    let video = CanvasVideoSource::new(320, 240, 15)?;
    let audio = OscillatorAudioSource::new(tone)?;
    // Both tracks in one stream: the other side plays them together.
    let stream = video.stream();
    let transceiver_of = |track: &web_sys::MediaStreamTrack| {
        let sender = connection.add_track(track, std::slice::from_ref(&stream))?;
        connection
            .get_transceivers()
            .into_iter()
            .find(|transceiver| transceiver.sender() == sender)
            .ok_or_else(|| Error::InvalidState("addTrack made no transceiver".into()))
    };
    Ok(Sending {
        video: transceiver_of(&video.track())?,
        audio: transceiver_of(&audio.track())?,
        _video: video,
        _audio: audio,
    })
}

/// The properties of [`StatsPanel`].
#[derive(Properties, PartialEq)]
pub struct StatsProps {
    /// The stats hook's value.
    pub stats: UseStats,
}

/// The call's statistics, refreshed every second.
#[function_component]
pub fn StatsPanel(props: &StatsProps) -> Html {
    let stats = &props.stats;
    let report = |read: fn(&StatsReport) -> Option<String>| {
        stats
            .report
            .as_deref()
            .and_then(read)
            .unwrap_or_else(|| "–".to_owned())
    };
    let rate = |read: fn(&webrtc_wasm::StatsDelta) -> String| {
        stats.rates.as_ref().map_or_else(|| "–".to_owned(), read)
    };
    html! {
        <dl class="stats" aria-label="Statistics">
            <dt>{ "Reports" }</dt>
            <dd class="stats-count">{ stats.count }</dd>
            <dt>{ "Video codec" }</dt>
            <dd class="codec">{ report(|r| {
                let outbound = r.outbound_rtp_of(MediaKind::Video).next()?;
                r.codec(outbound.codec_id.as_ref()).and_then(|c| c.mime_type.clone())
            }) }</dd>
            <dt>{ "Frames in" }</dt>
            <dd class="frames">{ report(|r| {
                r.inbound_rtp_of(MediaKind::Video).next()?.frames_decoded.map(|f| f.to_string())
            }) }</dd>
            <dt>{ "Frames per second" }</dt>
            <dd class="fps">{ rate(|d| format!("{:.0}", d.frames_per_second)) }</dd>
            <dt>{ "Bitrate in / out" }</dt>
            <dd class="bitrate">{ rate(|d| format!("{:.0} / {:.0} kbit/s", d.bitrate_in / 1000.0, d.bitrate_out / 1000.0)) }</dd>
            <dt>{ "Round trip" }</dt>
            <dd class="rtt">{ report(|r| {
                r.selected_candidate_pair()?.round_trip_time().map(|rtt| format!("{:.1} ms", rtt * 1000.0))
            }) }</dd>
        </dl>
    }
}
