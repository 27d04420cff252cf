//! A connection's media: tracks, transceivers, senders and receivers.

use wasm_bindgen::{JsCast, JsValue};

use super::PeerConnection;
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;
use crate::media::{MediaKind, RtpReceiver, RtpSender, RtpTransceiver, TransceiverInit};

impl PeerConnection {
    /// Sends `track` to the remote peer, in `streams` on the remote side;
    /// reuses a free transceiver of the same kind or adds one.
    ///
    /// See [`RTCPeerConnection.addTrack()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/addTrack).
    ///
    /// # Errors
    /// [`Error::InvalidAccess`] when the track is already being sent;
    /// [`Error::InvalidState`] when the connection is closed.
    pub fn add_track(
        &self,
        track: &web_sys::MediaStreamTrack,
        streams: &[web_sys::MediaStream],
    ) -> Result<RtpSender> {
        Ok(RtpSender::from_raw(
            self.inner.raw.add_track(track, streams)?,
        ))
    }

    /// Stops sending the sender's track (the transceiver becomes
    /// `recvonly` or `inactive`; negotiation is needed).
    ///
    /// See [`RTCPeerConnection.removeTrack()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/removeTrack).
    ///
    /// # Errors
    /// [`Error::InvalidAccess`] for a sender of another connection;
    /// [`Error::InvalidState`] when the connection is closed.
    pub fn remove_track(&self, sender: &RtpSender) -> Result<()> {
        Ok(self.inner.raw.remove_track(sender.raw())?)
    }

    /// Adds a transceiver for a kind of media or for a track.
    ///
    /// See [`RTCPeerConnection.addTransceiver()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/addTransceiver).
    ///
    /// # Errors
    /// [`Error::Type`] for a bad kind or direction, [`Error::Range`] /
    /// [`Error::Type`] for bad encodings (e.g. a `scale_resolution_down_by`
    /// below 1, or rids missing for simulcast), [`Error::InvalidState`] when
    /// closed.
    pub fn add_transceiver(
        &self,
        track_or_kind: impl Into<TrackOrKind>,
        init: &TransceiverInit,
    ) -> Result<RtpTransceiver> {
        for encoding in &init.send_encodings {
            encoding.validate()?;
        }
        let first = match track_or_kind.into() {
            TrackOrKind::Kind(kind) => JsValue::from_str(kind.as_str()),
            TrackOrKind::Track(track) => track.into(),
        };
        let raw = self.inner.raw.add_transceiver(&first, &init.to_js())?;
        Ok(RtpTransceiver::from_raw(raw))
    }

    /// Every transceiver, in the order they were added.
    ///
    /// See [`RTCPeerConnection.getTransceivers()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getTransceivers).
    pub fn get_transceivers(&self) -> Vec<RtpTransceiver> {
        self.inner
            .raw
            .get_transceivers()
            .iter()
            .map(|t| RtpTransceiver::from_raw(t.unchecked_into()))
            .collect()
    }

    /// The senders of every transceiver that is not stopped.
    ///
    /// See [`RTCPeerConnection.getSenders()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getSenders).
    pub fn get_senders(&self) -> Vec<RtpSender> {
        self.inner
            .raw
            .get_senders()
            .iter()
            .map(|s| RtpSender::from_raw(s.unchecked_into()))
            .collect()
    }

    /// The receivers of every transceiver that is not stopped.
    ///
    /// See [`RTCPeerConnection.getReceivers()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getReceivers).
    pub fn get_receivers(&self) -> Vec<RtpReceiver> {
        self.inner
            .raw
            .get_receivers()
            .iter()
            .map(|r| RtpReceiver::from_raw(r.unchecked_into()))
            .collect()
    }
}

/// What [`PeerConnection::add_transceiver`] is for: a kind of media, or a
/// track to send.
#[derive(Debug, Clone)]
pub enum TrackOrKind {
    /// A kind of media, with no track yet.
    Kind(MediaKind),
    /// A track to send.
    Track(web_sys::MediaStreamTrack),
}

impl From<MediaKind> for TrackOrKind {
    fn from(kind: MediaKind) -> Self {
        TrackOrKind::Kind(kind)
    }
}

impl From<&web_sys::MediaStreamTrack> for TrackOrKind {
    fn from(track: &web_sys::MediaStreamTrack) -> Self {
        // `Clone::clone`: `MediaStreamTrack::clone` would make a new track.
        TrackOrKind::Track(Clone::clone(track))
    }
}
