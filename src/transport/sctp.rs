//! [`SctpTransport`]: the typed `RTCSctpTransport`.

use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

use super::dtls::DtlsTransport;
use super::not_supported;
use crate::error::Result;
use crate::event::Registry;
use crate::sys;

string_enum! {
    /// The state of the SCTP association that carries data channels.
    ///
    /// See [`RTCSctpTransport.state`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSctpTransport/state).
    pub enum SctpTransportState {
        /// `connecting`: the association is being set up.
        Connecting = "connecting",
        /// `connected`: the association is up.
        Connected = "connected",
        /// `closed`: the association is closed.
        Closed = "closed",
    }
}

/// The SCTP transport that carries a connection's data channels.
///
/// Its listeners belong to the connection it came from: closing that
/// connection removes them and ends their streams.
///
/// See [`RTCSctpTransport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSctpTransport).
#[derive(Debug, Clone)]
pub struct SctpTransport {
    raw: sys::SctpTransport,
    listeners: Registry,
}

impl PartialEq for SctpTransport {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for SctpTransport {}

impl SctpTransport {
    pub(crate) fn from_raw(raw: sys::SctpTransport, listeners: Registry) -> Self {
        SctpTransport { raw, listeners }
    }

    /// The largest message, in bytes, that a data channel can send; `None`
    /// when the browser reports no limit (`Infinity`).
    ///
    /// See [`RTCSctpTransport.maxMessageSize`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSctpTransport/maxMessageSize).
    pub fn max_message_size(&self) -> Option<u64> {
        let size = self.raw.max_message_size();
        (size.is_finite() && size >= 0.0).then_some(size as u64)
    }

    /// How many data channels can be open at once; `None` until the
    /// association is connected, and always in Firefox, which does not report
    /// it.
    ///
    /// See [`RTCSctpTransport.maxChannels`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSctpTransport/maxChannels).
    pub fn max_channels(&self) -> Option<u16> {
        self.raw.max_channels()
    }

    /// The association's state.
    ///
    /// See [`RTCSctpTransport.state`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSctpTransport/state).
    pub fn state(&self) -> SctpTransportState {
        sctp_state(&self.raw)
    }

    /// The DTLS transport the association runs over (the same one as the
    /// connection's media when they are bundled). Its listeners, and those
    /// of its ICE transport, belong to the connection as this transport's do.
    ///
    /// See [`RTCSctpTransport.transport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSctpTransport/transport).
    ///
    /// # Errors
    /// [`Error::NotSupported`](crate::Error::NotSupported) in a browser
    /// whose `RTCSctpTransport` has no `transport`.
    pub fn transport(&self) -> Result<DtlsTransport> {
        self.raw
            .dtls_transport()
            .map(|raw| DtlsTransport::with_listeners(raw, self.listeners.clone()))
            .ok_or_else(|| not_supported("RTCSctpTransport.transport"))
    }

    /// The browser's `RTCSctpTransport`.
    pub fn as_raw(&self) -> &EventTarget {
        self.raw.unchecked_ref()
    }

    fn event_registry(&self) -> &Registry {
        &self.listeners
    }

    fn event_target(&self) -> &EventTarget {
        self.raw.unchecked_ref()
    }

    fn state_reader(&self) -> impl Fn(&Event) -> SctpTransportState + 'static {
        let raw = self.raw.clone();
        move |_| sctp_state(&raw)
    }

    event_methods! {
        /// The new state, on each
        /// [`statechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCSctpTransport/statechange_event).
        "statechange" => on_state_change, state_changes, SctpTransportState,
            |this| this.state_reader();
    }
}

fn sctp_state(raw: &sys::SctpTransport) -> SctpTransportState {
    SctpTransportState::from(raw.state().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_use_the_spec_strings() {
        let strings: Vec<_> = SctpTransportState::KNOWN
            .iter()
            .map(SctpTransportState::as_str)
            .collect();
        assert_eq!(strings, ["connecting", "connected", "closed"]);
    }
}
