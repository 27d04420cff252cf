//! [`DtmfSender`]: telephone tones on an audio sender.

use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

use crate::error::{Error, Result};
use crate::event::Registry;
use crate::object::get_bool;
use crate::sys;

/// The shortest and longest tone, in milliseconds.
pub const DTMF_DURATION_MS: std::ops::RangeInclusive<u32> = 40..=6000;
/// The shortest and longest gap between tones, in milliseconds.
pub const DTMF_GAP_MS: std::ops::RangeInclusive<u32> = 30..=6000;

/// Sends DTMF tones (RFC 4733 telephone events) on an audio sender.
///
/// See [`RTCDTMFSender`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDTMFSender).
#[derive(Debug, Clone)]
pub struct DtmfSender {
    raw: sys::DtmfSender,
    listeners: Registry,
}

impl PartialEq for DtmfSender {
    /// Handles are equal when they stand for the same browser object.
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for DtmfSender {}

fn tone_of(event: &Event) -> String {
    event.unchecked_ref::<sys::ToneChangeEvent>().tone()
}

impl DtmfSender {
    pub(crate) fn from_raw(raw: sys::DtmfSender) -> Self {
        DtmfSender {
            raw,
            listeners: Registry::default(),
        }
    }

    fn target(&self) -> &EventTarget {
        self.raw.unchecked_ref()
    }

    fn event_registry(&self) -> &Registry {
        &self.listeners
    }

    fn event_target(&self) -> &EventTarget {
        self.target()
    }

    event_methods! {
        /// Each tone as it starts, then `""` once the buffer is empty
        /// ([`tonechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDTMFSender/tonechange_event)).
        "tonechange" => on_tone_change, tone_changes, String, |_this| tone_of;
    }

    /// Queues `tones` (`0`-`9`, `A`-`D`, `#`, `*`, and `,` for a two-second
    /// pause), each lasting `duration_ms` with `gap_ms` between them. An empty
    /// string cancels the tones still queued.
    ///
    /// See [`RTCDTMFSender.insertDTMF()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDTMFSender/insertDTMF).
    ///
    /// # Errors
    /// [`Error::InvalidCharacter`] for any other character;
    /// [`Error::Range`] for a duration outside 40..=6000 ms or a gap outside
    /// 30..=6000 ms (the browser would silently clamp them);
    /// [`Error::InvalidState`] when the sender cannot send tones (no track,
    /// not sending, or stopped).
    pub fn insert_dtmf(&self, tones: &str, duration_ms: u32, gap_ms: u32) -> Result<()> {
        if let Some(bad) = tones
            .chars()
            .find(|c| !matches!(c.to_ascii_uppercase(), '0'..='9' | 'A'..='D' | '#' | '*' | ','))
        {
            return Err(Error::InvalidCharacter(format!(
                "{bad:?} is not a DTMF tone (0-9, A-D, #, *, or ',')"
            )));
        }
        if !DTMF_DURATION_MS.contains(&duration_ms) {
            return Err(Error::Range(format!(
                "a DTMF tone lasts 40 to 6000 ms, not {duration_ms}"
            )));
        }
        if !DTMF_GAP_MS.contains(&gap_ms) {
            return Err(Error::Range(format!(
                "the gap between DTMF tones is 30 to 6000 ms, not {gap_ms}"
            )));
        }
        Ok(self.raw.insert_dtmf(tones, duration_ms, gap_ms)?)
    }

    /// The tones still to play.
    ///
    /// See [`RTCDTMFSender.toneBuffer`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDTMFSender/toneBuffer).
    pub fn tone_buffer(&self) -> String {
        self.raw.tone_buffer()
    }

    /// Whether tones can be sent now (`false` until the sender is connected
    /// and sending); `None` in browsers without the attribute.
    ///
    /// See [`RTCDTMFSender.canInsertDTMF`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDTMFSender/canInsertDTMF).
    pub fn can_insert_dtmf(&self) -> Option<bool> {
        get_bool(&self.raw, "canInsertDTMF")
    }

    /// The browser's `RTCDTMFSender`.
    pub fn as_raw(&self) -> &EventTarget {
        self.target()
    }
}
