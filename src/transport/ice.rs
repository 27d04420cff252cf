//! [`IceTransport`]: the typed `RTCIceTransport`.

use std::fmt;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget};

use super::{has_method, not_supported};
use crate::error::Result;
use crate::event::Registry;
use crate::object::{get, get_string};
use crate::peer_connection::IceConnectionState;
use crate::session::IceCandidate;
use crate::sys;

/// The state of one ICE transport: the same seven states as the
/// connection's [`IceConnectionState`], which aggregates them.
///
/// See [`RTCIceTransport.state`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/state).
pub type IceTransportState = IceConnectionState;

string_enum! {
    /// The candidate gathering state of one ICE transport.
    ///
    /// See [`RTCIceTransport.gatheringState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/gatheringState).
    pub enum IceGathererState {
        /// `new`: nothing gathered yet.
        New = "new",
        /// `gathering`: gathering candidates.
        Gathering = "gathering",
        /// `complete`: gathering is done.
        Complete = "complete",
    }
}

string_enum! {
    /// The ICE agent's role in connectivity checks.
    ///
    /// See [`RTCIceTransport.role`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/role).
    pub enum IceRole {
        /// `unknown`: not decided yet.
        Undecided = "unknown",
        /// `controlling`: this side nominates the pair.
        Controlling = "controlling",
        /// `controlled`: the remote side nominates the pair.
        Controlled = "controlled",
    }
}

string_enum! {
    /// Which component an ICE transport carries.
    ///
    /// See [`RTCIceTransport.component`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/component).
    pub enum IceComponent {
        /// `rtp`: RTP (and, with RTCP multiplexing, RTCP too).
        Rtp = "rtp",
        /// `rtcp`: a separate RTCP transport.
        Rtcp = "rtcp",
    }
}

/// The local and the remote candidate of the pair an ICE transport sends on.
///
/// See [`RTCIceCandidatePair`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidatePair).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IceCandidatePair {
    /// The [local](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidatePair/local) candidate.
    pub local: IceCandidate,
    /// The [remote](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceCandidatePair/remote) candidate.
    pub remote: IceCandidate,
}

impl IceCandidatePair {
    fn from_js(value: &JsValue) -> Option<Self> {
        let candidate = |key| {
            let member = get(value, key);
            member
                .is_object()
                .then(|| IceCandidate::from_sys(member.unchecked_ref()))
        };
        Some(IceCandidatePair {
            local: candidate("local")?,
            remote: candidate("remote")?,
        })
    }
}

/// The ICE credentials of one side of a transport. The password is left out
/// of `Debug` output.
///
/// See [`RTCIceParameters`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/getLocalParameters#return_value).
#[derive(Clone, PartialEq, Eq)]
pub struct IceParameters {
    /// The `usernameFragment` (the SDP's `a=ice-ufrag`).
    pub username_fragment: String,
    /// The `password` (the SDP's `a=ice-pwd`).
    pub password: String,
}

impl IceParameters {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(IceParameters {
            username_fragment: get_string(value, "usernameFragment")?,
            password: get_string(value, "password")?,
        })
    }
}

impl fmt::Debug for IceParameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IceParameters")
            .field("username_fragment", &self.username_fragment)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// The ICE transport under a DTLS transport: the candidates, the selected
/// pair and the connectivity state of one component.
///
/// A handle to the browser object; clones and every handle for the same
/// transport compare equal. Reached with
/// [`DtlsTransport::ice_transport`](super::DtlsTransport::ice_transport).
///
/// See [`RTCIceTransport`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport).
#[derive(Debug, Clone)]
pub struct IceTransport {
    raw: sys::IceTransport,
    listeners: Registry,
}

impl PartialEq for IceTransport {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for IceTransport {}

impl IceTransport {
    pub(crate) fn from_raw(raw: sys::IceTransport, listeners: Registry) -> Self {
        IceTransport { raw, listeners }
    }

    /// The transport's [state](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/state).
    pub fn state(&self) -> IceTransportState {
        ice_state(&self.raw)
    }

    /// The candidate [gathering state](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/gatheringState).
    pub fn gathering_state(&self) -> IceGathererState {
        gathering_state(&self.raw)
    }

    /// The ICE [role](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/role);
    /// `None` where the browser does not report it (Chromium reports `null`
    /// for a connection's transports; Firefox reports the role).
    pub fn role(&self) -> Option<IceRole> {
        self.raw.role().map(|role| IceRole::from(role.as_str()))
    }

    /// The [component](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/component)
    /// this transport carries; `None` where the browser does not report it
    /// (neither Chromium nor Firefox does).
    pub fn component(&self) -> Option<IceComponent> {
        self.raw
            .component()
            .map(|component| IceComponent::from(component.as_str()))
    }

    /// The pair packets are sent on; `None` until one is selected.
    ///
    /// See [`RTCIceTransport.getSelectedCandidatePair()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/getSelectedCandidatePair).
    ///
    /// # Errors
    /// [`Error::NotSupported`](crate::Error::NotSupported) in browsers
    /// without the method (Firefox); the stats report's selected pair
    /// ([`StatsReport::selected_candidate_pair`](crate::StatsReport::selected_candidate_pair))
    /// works everywhere.
    pub fn selected_candidate_pair(&self) -> Result<Option<IceCandidatePair>> {
        if !has_method(&self.raw, "getSelectedCandidatePair") {
            return Err(not_supported("RTCIceTransport.getSelectedCandidatePair()"));
        }
        Ok(selected_pair(&self.raw))
    }

    /// The local candidates gathered so far.
    ///
    /// See [`RTCIceTransport.getLocalCandidates()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/getLocalCandidates).
    ///
    /// # Errors
    /// [`Error::NotSupported`](crate::Error::NotSupported) in browsers
    /// without the method (Firefox).
    pub fn local_candidates(&self) -> Result<Vec<IceCandidate>> {
        if !has_method(&self.raw, "getLocalCandidates") {
            return Err(not_supported("RTCIceTransport.getLocalCandidates()"));
        }
        Ok(candidates(self.raw.get_local_candidates()?))
    }

    /// The remote candidates received so far. Chromium lists only
    /// candidates added to this transport directly, so candidates given to
    /// [`PeerConnection::add_ice_candidate`](crate::PeerConnection::add_ice_candidate)
    /// are not listed there.
    ///
    /// See [`RTCIceTransport.getRemoteCandidates()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/getRemoteCandidates).
    ///
    /// # Errors
    /// [`Error::NotSupported`](crate::Error::NotSupported) in browsers
    /// without the method (Firefox).
    pub fn remote_candidates(&self) -> Result<Vec<IceCandidate>> {
        if !has_method(&self.raw, "getRemoteCandidates") {
            return Err(not_supported("RTCIceTransport.getRemoteCandidates()"));
        }
        Ok(candidates(self.raw.get_remote_candidates()?))
    }

    /// The local ICE credentials; `None` when the browser does not expose
    /// them (Chromium returns `null` for a connection's transports).
    ///
    /// See [`RTCIceTransport.getLocalParameters()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/getLocalParameters).
    ///
    /// # Errors
    /// [`Error::NotSupported`](crate::Error::NotSupported) in browsers
    /// without the method (Firefox).
    pub fn local_parameters(&self) -> Result<Option<IceParameters>> {
        if !has_method(&self.raw, "getLocalParameters") {
            return Err(not_supported("RTCIceTransport.getLocalParameters()"));
        }
        Ok(IceParameters::from_js(&self.raw.get_local_parameters()?))
    }

    /// The remote ICE credentials; `None` when the browser does not expose
    /// them (Chromium returns `null` for a connection's transports).
    ///
    /// See [`RTCIceTransport.getRemoteParameters()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/getRemoteParameters).
    ///
    /// # Errors
    /// [`Error::NotSupported`](crate::Error::NotSupported) in browsers
    /// without the method (Firefox).
    pub fn remote_parameters(&self) -> Result<Option<IceParameters>> {
        if !has_method(&self.raw, "getRemoteParameters") {
            return Err(not_supported("RTCIceTransport.getRemoteParameters()"));
        }
        Ok(IceParameters::from_js(&self.raw.get_remote_parameters()?))
    }

    /// The browser's `RTCIceTransport`.
    pub fn as_raw(&self) -> &EventTarget {
        self.raw.unchecked_ref()
    }

    fn event_registry(&self) -> &Registry {
        &self.listeners
    }

    fn event_target(&self) -> &EventTarget {
        self.raw.unchecked_ref()
    }

    fn reader<T: 'static>(
        &self,
        read: fn(&sys::IceTransport) -> T,
    ) -> impl Fn(&Event) -> T + 'static {
        let raw = self.raw.clone();
        move |_| read(&raw)
    }

    event_methods! {
        /// The new state, on each
        /// [`statechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/statechange_event).
        "statechange" => on_state_change, state_changes, IceTransportState,
            |this| this.reader(ice_state);

        /// The new gathering state, on each
        /// [`gatheringstatechange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/gatheringstatechange_event).
        "gatheringstatechange" => on_gathering_state_change, gathering_state_changes,
            IceGathererState, |this| this.reader(gathering_state);

        /// The newly selected pair (`None` if the browser cannot tell it), on each
        /// [`selectedcandidatepairchange`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceTransport/selectedcandidatepairchange_event).
        /// Firefox never fires it; the stats report's selected pair
        /// ([`StatsReport::selected_candidate_pair`](crate::StatsReport::selected_candidate_pair))
        /// works there.
        "selectedcandidatepairchange" => on_selected_candidate_pair_change,
            selected_candidate_pair_changes, Option<IceCandidatePair>,
            |this| this.reader(selected_pair);
    }
}

fn ice_state(raw: &sys::IceTransport) -> IceTransportState {
    IceTransportState::from(raw.state().unwrap_or_default().as_str())
}

fn gathering_state(raw: &sys::IceTransport) -> IceGathererState {
    IceGathererState::from(raw.gathering_state().unwrap_or_default().as_str())
}

fn selected_pair(raw: &sys::IceTransport) -> Option<IceCandidatePair> {
    if !has_method(raw, "getSelectedCandidatePair") {
        return None;
    }
    IceCandidatePair::from_js(&raw.get_selected_candidate_pair().ok()?)
}

fn candidates(list: js_sys::Array) -> Vec<IceCandidate> {
    list.iter()
        .filter(JsValue::is_object)
        .map(|candidate| IceCandidate::from_sys(candidate.unchecked_ref()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_use_the_spec_strings() {
        let strings = |known: &[IceTransportState]| {
            known
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            strings(IceTransportState::KNOWN),
            [
                "new",
                "checking",
                "connected",
                "completed",
                "disconnected",
                "failed",
                "closed"
            ]
        );
        assert_eq!(IceRole::from("unknown"), IceRole::Undecided);
        assert_eq!(IceRole::from("controlled").as_str(), "controlled");
        assert_eq!(IceComponent::from("rtcp"), IceComponent::Rtcp);
        assert_eq!(
            IceGathererState::from("complete"),
            IceGathererState::Complete
        );
    }

    #[test]
    fn parameters_hide_the_password_in_debug() {
        let parameters = IceParameters {
            username_fragment: "ufrag".into(),
            password: "secret-password".into(),
        };
        let debug = format!("{parameters:?}");
        assert!(debug.contains("ufrag"), "{debug}");
        assert!(!debug.contains("secret-password"), "{debug}");
    }
}
