//! Tracks made in the page, with no device and no permission: a canvas-drawn
//! video track and a WebAudio oscillator track, for tests and demos.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{
    AudioContext, CanvasRenderingContext2d, HtmlCanvasElement, MediaStream, MediaStreamTrack,
    OscillatorNode,
};

use crate::error::{Error, Result};

fn window() -> Result<web_sys::Window> {
    web_sys::window().ok_or_else(|| Error::NotSupported("no window (not in a page)".into()))
}

/// A video track drawn on a canvas: a moving bar and a frame counter, so
/// every frame differs and the encoder always has something to send.
///
/// Dropping it stops the drawing and ends the track.
///
/// See [`HTMLCanvasElement.captureStream()`](https://developer.mozilla.org/en-US/docs/Web/API/HTMLCanvasElement/captureStream).
pub struct CanvasVideoSource {
    canvas: HtmlCanvasElement,
    stream: MediaStream,
    track: MediaStreamTrack,
    interval: i32,
    _draw: Closure<dyn FnMut()>,
}

impl CanvasVideoSource {
    /// Starts drawing `width` x `height` frames at `fps` frames per second.
    ///
    /// # Errors
    /// [`Error::Range`] for a zero size or rate; [`Error::NotSupported`]
    /// outside a page or without canvas capture.
    pub fn new(width: u32, height: u32, fps: u32) -> Result<Self> {
        if width == 0 || height == 0 || fps == 0 {
            return Err(Error::Range(
                "a canvas track needs a non-zero size and frame rate".into(),
            ));
        }
        let window = window()?;
        let document = window
            .document()
            .ok_or_else(|| Error::NotSupported("no document".into()))?;
        let canvas: HtmlCanvasElement = document
            .create_element("canvas")?
            .dyn_into()
            .map_err(|_| Error::NotSupported("no canvas element".into()))?;
        canvas.set_width(width);
        canvas.set_height(height);
        let context: CanvasRenderingContext2d = canvas
            .get_context("2d")?
            .ok_or_else(|| Error::NotSupported("no 2d canvas context".into()))?
            .dyn_into()
            .map_err(|_| Error::NotSupported("no 2d canvas context".into()))?;
        let stream = canvas.capture_stream_with_frame_request_rate(f64::from(fps))?;
        let track: MediaStreamTrack = stream
            .get_video_tracks()
            .get(0)
            .dyn_into()
            .map_err(|_| Error::NotSupported("canvas capture gave no video track".into()))?;
        let frame = Rc::new(Cell::new(0u32));
        let (w, h) = (f64::from(width), f64::from(height));
        let draw = Closure::<dyn FnMut()>::new(move || {
            let n = frame.get();
            frame.set(n.wrapping_add(1));
            context.set_fill_style_str(&format!("hsl({}, 70%, 40%)", n % 360));
            context.fill_rect(0.0, 0.0, w, h);
            context.set_fill_style_str("#fff");
            let x = f64::from(n % 100) / 100.0 * w;
            context.fill_rect(x, 0.0, w / 10.0, h);
            let _ = context.fill_text(&n.to_string(), 8.0, h - 8.0);
        });
        let interval = window.set_interval_with_callback_and_timeout_and_arguments_0(
            draw.as_ref().unchecked_ref(),
            (1000 / fps).max(1) as i32,
        )?;
        Ok(CanvasVideoSource {
            canvas,
            stream,
            track,
            interval,
            _draw: draw,
        })
    }

    /// The video track (the same track each time; `MediaStreamTrack::clone`
    /// would make a new one).
    pub fn track(&self) -> MediaStreamTrack {
        Clone::clone(&self.track)
    }

    /// A stream holding the track.
    pub fn stream(&self) -> MediaStream {
        Clone::clone(&self.stream)
    }

    /// The canvas being drawn on.
    pub fn canvas(&self) -> &HtmlCanvasElement {
        &self.canvas
    }
}

impl Drop for CanvasVideoSource {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_interval_with_handle(self.interval);
        }
        self.track.stop();
    }
}

impl fmt::Debug for CanvasVideoSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CanvasVideoSource")
            .field("width", &self.canvas.width())
            .field("height", &self.canvas.height())
            .field("track", &self.track.id())
            .finish()
    }
}

/// An audio track playing a sine tone from a WebAudio oscillator.
///
/// Dropping it stops the oscillator, ends the track and closes its audio
/// context.
///
/// See [`MediaStreamAudioDestinationNode`](https://developer.mozilla.org/en-US/docs/Web/API/MediaStreamAudioDestinationNode).
pub struct OscillatorAudioSource {
    context: AudioContext,
    oscillator: OscillatorNode,
    stream: MediaStream,
    track: MediaStreamTrack,
}

impl OscillatorAudioSource {
    /// Starts a sine tone of `frequency_hz`.
    ///
    /// # Errors
    /// [`Error::NotSupported`] without WebAudio; browser errors are typed.
    pub fn new(frequency_hz: f32) -> Result<Self> {
        let context = AudioContext::new()?;
        let oscillator = context.create_oscillator()?;
        oscillator.frequency().set_value(frequency_hz);
        let destination = context.create_media_stream_destination()?;
        oscillator.connect_with_audio_node(&destination)?;
        oscillator.start()?;
        // A context made without a user gesture may start suspended.
        let _ = context.resume();
        let stream = destination.stream();
        let track: MediaStreamTrack = stream
            .get_audio_tracks()
            .get(0)
            .dyn_into()
            .map_err(|_| Error::NotSupported("WebAudio gave no audio track".into()))?;
        Ok(OscillatorAudioSource {
            context,
            oscillator,
            stream,
            track,
        })
    }

    /// The audio track (the same track each time).
    pub fn track(&self) -> MediaStreamTrack {
        Clone::clone(&self.track)
    }

    /// A stream holding the track.
    pub fn stream(&self) -> MediaStream {
        Clone::clone(&self.stream)
    }
}

impl Drop for OscillatorAudioSource {
    fn drop(&mut self) {
        #[allow(deprecated)]
        let _ = self.oscillator.stop();
        self.track.stop();
        let _ = self.context.close();
    }
}

impl fmt::Debug for OscillatorAudioSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OscillatorAudioSource")
            .field("frequency", &self.oscillator.frequency().value())
            .field("track", &self.track.id())
            .finish()
    }
}
