//! The configuration of a peer connection, and its certificates.
//!
//! See [`RTCPeerConnection()` options](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#parameters).

use std::fmt;

use js_sys::{Array, Object};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Error, Result};
use crate::object::{get, get_array, get_int, set};
use crate::sys;

string_enum! {
    /// Which ICE candidates may be used.
    ///
    /// See [`iceTransportPolicy`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#icetransportpolicy).
    pub enum IceTransportPolicy {
        /// `relay`: only TURN relay candidates.
        Relay = "relay",
        /// `all`: every candidate (the default).
        All = "all",
    }
}

string_enum! {
    /// How media tracks are bundled onto transports.
    ///
    /// See [`bundlePolicy`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#bundlepolicy).
    pub enum BundlePolicy {
        /// `balanced`: one transport per kind of media unless the peer bundles
        /// (the default).
        Balanced = "balanced",
        /// `max-compat`: one transport per track.
        MaxCompat = "max-compat",
        /// `max-bundle`: everything on one transport.
        MaxBundle = "max-bundle",
    }
}

string_enum! {
    /// Whether RTCP is multiplexed with RTP.
    ///
    /// See [`rtcpMuxPolicy`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#rtcpmuxpolicy).
    pub enum RtcpMuxPolicy {
        /// `require`: only RTCP-multiplexed candidates (the default).
        Require = "require",
        /// `negotiate`: deprecated. Chromium and Firefox accept it and read
        /// it back, but still offer multiplexed RTCP only (`a=rtcp-mux`).
        Negotiate = "negotiate",
    }
}

/// A STUN or TURN server.
///
/// See [`RTCIceServer`](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceServer).
/// `Debug` redacts the credential; serde keeps it (a configuration sent to a
/// client needs it).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IceServer {
    /// The server's [URLs](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceServer/urls)
    /// (`stun:`, `turn:` or `turns:`). Deserializes from a string or an
    /// array of strings, as the dictionary allows.
    #[serde(deserialize_with = "one_or_many")]
    pub urls: Vec<String>,
    /// The [username](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceServer/username)
    /// for TURN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The [credential](https://developer.mozilla.org/en-US/docs/Web/API/RTCIceServer/credential)
    /// (password) for TURN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

impl IceServer {
    /// A server with the given URLs and no credentials.
    pub fn new<I, S>(urls: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        IceServer {
            urls: urls.into_iter().map(Into::into).collect(),
            username: None,
            credential: None,
        }
    }

    /// A STUN server, e.g. `"stun:stun.example.org:3478"`.
    pub fn stun(url: impl Into<String>) -> Self {
        Self::new([url.into()])
    }

    /// A TURN server with long-term credentials, e.g.
    /// `IceServer::turn("turn:turn.example.org:3478", "user", "pass")`.
    pub fn turn(
        url: impl Into<String>,
        username: impl Into<String>,
        credential: impl Into<String>,
    ) -> Self {
        Self::new([url.into()]).credentials(username, credential)
    }

    /// Sets the username and credential.
    pub fn credentials(
        mut self,
        username: impl Into<String>,
        credential: impl Into<String>,
    ) -> Self {
        self.username = Some(username.into());
        self.credential = Some(credential.into());
        self
    }

    fn to_js(&self) -> JsValue {
        let object = Object::new();
        let urls: Array = self.urls.iter().map(|u| JsValue::from_str(u)).collect();
        set(&object, "urls", &urls);
        if let Some(username) = &self.username {
            set(&object, "username", &username.into());
        }
        if let Some(credential) = &self.credential {
            set(&object, "credential", &credential.into());
        }
        object.into()
    }

    fn from_js(value: &JsValue) -> Self {
        let urls = get(value, "urls");
        let urls = if Array::is_array(&urls) {
            Array::from(&urls)
                .iter()
                .filter_map(|u| u.as_string())
                .collect()
        } else {
            urls.as_string().into_iter().collect()
        };
        IceServer {
            urls,
            username: get(value, "username").as_string(),
            credential: get(value, "credential").as_string(),
        }
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(url) => vec![url],
        OneOrMany::Many(urls) => urls,
    })
}

impl fmt::Debug for IceServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IceServer")
            .field("urls", &self.urls)
            .field("username", &self.username)
            .field(
                "credential",
                &self.credential.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// The configuration of a [`PeerConnection`](crate::PeerConnection).
///
/// Every member left unset keeps the browser's default. Built with chained
/// setters:
///
/// ```
/// use webrtc_wasm::{Configuration, IceServer, IceTransportPolicy};
/// let config = Configuration::default()
///     .ice_server(IceServer::turn("turn:127.0.0.1:3478", "user", "pass"))
///     .ice_transport_policy(IceTransportPolicy::Relay);
/// assert!(!format!("{config:?}").contains("pass"));
/// ```
///
/// See [`RTCPeerConnection()` options](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#parameters).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Configuration {
    /// [`iceServers`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#iceservers).
    pub ice_servers: Vec<IceServer>,
    /// [`iceTransportPolicy`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#icetransportpolicy).
    pub ice_transport_policy: Option<IceTransportPolicy>,
    /// [`bundlePolicy`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#bundlepolicy).
    pub bundle_policy: Option<BundlePolicy>,
    /// [`rtcpMuxPolicy`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#rtcpmuxpolicy).
    pub rtcp_mux_policy: Option<RtcpMuxPolicy>,
    /// [`iceCandidatePoolSize`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#icecandidatepoolsize):
    /// candidates gathered before `set_local_description`.
    pub ice_candidate_pool_size: Option<u8>,
    /// [`certificates`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/RTCPeerConnection#certificates)
    /// for DTLS; empty lets the browser make one.
    pub certificates: Vec<Certificate>,
}

impl Configuration {
    /// Adds an ICE server.
    pub fn ice_server(mut self, server: IceServer) -> Self {
        self.ice_servers.push(server);
        self
    }

    /// Sets the ICE transport policy.
    pub fn ice_transport_policy(mut self, policy: IceTransportPolicy) -> Self {
        self.ice_transport_policy = Some(policy);
        self
    }

    /// Sets the bundle policy.
    pub fn bundle_policy(mut self, policy: BundlePolicy) -> Self {
        self.bundle_policy = Some(policy);
        self
    }

    /// Sets the RTCP multiplexing policy.
    pub fn rtcp_mux_policy(mut self, policy: RtcpMuxPolicy) -> Self {
        self.rtcp_mux_policy = Some(policy);
        self
    }

    /// Sets the ICE candidate pool size.
    pub fn ice_candidate_pool_size(mut self, size: u8) -> Self {
        self.ice_candidate_pool_size = Some(size);
        self
    }

    /// Adds a DTLS certificate (see
    /// [`PeerConnection::generate_certificate`](crate::PeerConnection::generate_certificate)).
    pub fn certificate(mut self, certificate: Certificate) -> Self {
        self.certificates.push(certificate);
        self
    }

    /// The `RTCConfiguration` dictionary.
    pub fn to_js(&self) -> JsValue {
        let object = Object::new();
        let servers: Array = self.ice_servers.iter().map(IceServer::to_js).collect();
        set(&object, "iceServers", &servers);
        if let Some(policy) = &self.ice_transport_policy {
            set(&object, "iceTransportPolicy", &policy.as_str().into());
        }
        if let Some(policy) = &self.bundle_policy {
            set(&object, "bundlePolicy", &policy.as_str().into());
        }
        if let Some(policy) = &self.rtcp_mux_policy {
            set(&object, "rtcpMuxPolicy", &policy.as_str().into());
        }
        if let Some(size) = self.ice_candidate_pool_size {
            set(&object, "iceCandidatePoolSize", &size.into());
        }
        if !self.certificates.is_empty() {
            let certificates: Array = self
                .certificates
                .iter()
                .map(|c| JsValue::from(c.raw.clone()))
                .collect();
            set(&object, "certificates", &certificates);
        }
        object.into()
    }

    /// Reads an `RTCConfiguration` dictionary, as `getConfiguration()`
    /// returns it. Members of the wrong type are left unset.
    pub fn from_js(value: &JsValue) -> Self {
        let ice_servers = get_array(value, "iceServers")
            .iter()
            .map(IceServer::from_js)
            .collect();
        let string = |key| get(value, key).as_string();
        let certificates = get_array(value, "certificates")
            .into_iter()
            .filter(JsValue::is_object)
            .map(|c| Certificate {
                raw: c.unchecked_into(),
            })
            .collect();
        Configuration {
            ice_servers,
            ice_transport_policy: string("iceTransportPolicy").map(|s| s.as_str().into()),
            bundle_policy: string("bundlePolicy").map(|s| s.as_str().into()),
            rtcp_mux_policy: string("rtcpMuxPolicy").map(|s| s.as_str().into()),
            ice_candidate_pool_size: get_int(value, "iceCandidatePoolSize"),
            certificates,
        }
    }
}

string_enum! {
    /// A hash function for an RSA certificate.
    pub enum HashAlgorithm {
        /// `SHA-256`.
        Sha256 = "SHA-256",
        /// `SHA-384`.
        Sha384 = "SHA-384",
        /// `SHA-512`.
        Sha512 = "SHA-512",
    }
}

/// The key algorithm of a generated certificate.
///
/// See [`generateCertificate()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/generateCertificate_static#keygenalgorithm).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum CertificateAlgorithm {
    /// ECDSA on the P-256 curve, which every browser supports.
    #[default]
    EcdsaP256,
    /// RSASSA-PKCS1-v1_5 with public exponent 65537.
    RsaPkcs1 {
        /// The modulus length in bits, e.g. 2048.
        modulus_length: u32,
        /// The hash function.
        hash: HashAlgorithm,
    },
}

impl CertificateAlgorithm {
    pub(crate) fn to_js(&self) -> JsValue {
        let object = Object::new();
        match self {
            CertificateAlgorithm::EcdsaP256 => {
                set(&object, "name", &"ECDSA".into());
                set(&object, "namedCurve", &"P-256".into());
            }
            CertificateAlgorithm::RsaPkcs1 {
                modulus_length,
                hash,
            } => {
                set(&object, "name", &"RSASSA-PKCS1-v1_5".into());
                set(&object, "modulusLength", &(*modulus_length).into());
                let exponent = js_sys::Uint8Array::from(&[1u8, 0, 1][..]);
                set(&object, "publicExponent", &exponent);
                set(&object, "hash", &hash.as_str().into());
            }
        }
        object.into()
    }
}

/// A certificate's fingerprint, as it appears in SDP `a=fingerprint` lines.
///
/// See [`RTCCertificate.getFingerprints()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCCertificate/getFingerprints).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CertificateFingerprint {
    /// The hash function, e.g. `"sha-256"`.
    pub algorithm: String,
    /// The fingerprint as colon-separated upper-case hex bytes.
    pub value: String,
}

/// A DTLS certificate for a peer connection.
///
/// Made by [`PeerConnection::generate_certificate`](crate::PeerConnection::generate_certificate)
/// and given to [`Configuration::certificate`]. A certificate can be reused by
/// many connections to keep one identity.
///
/// See [`RTCCertificate`](https://developer.mozilla.org/en-US/docs/Web/API/RTCCertificate).
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    raw: sys::Certificate,
}

impl Certificate {
    pub(crate) fn from_raw(raw: sys::Certificate) -> Self {
        Certificate { raw }
    }

    /// When the certificate expires, in milliseconds since the Unix epoch.
    ///
    /// See [`RTCCertificate.expires`](https://developer.mozilla.org/en-US/docs/Web/API/RTCCertificate/expires).
    pub fn expires(&self) -> f64 {
        self.raw.expires()
    }

    /// The certificate's fingerprints.
    ///
    /// See [`RTCCertificate.getFingerprints()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCCertificate/getFingerprints).
    ///
    /// # Errors
    /// [`Error::NotSupported`] in browsers without `getFingerprints()`
    /// (Firefox); the fingerprint then appears only in the SDP's
    /// `a=fingerprint` line once the certificate is used.
    pub fn fingerprints(&self) -> Result<Vec<CertificateFingerprint>> {
        let method = get(&self.raw, "getFingerprints");
        if !method.is_function() {
            return Err(Error::NotSupported(
                "RTCCertificate.getFingerprints() is not available in this browser".into(),
            ));
        }
        let list = self.raw.get_fingerprints().map_err(Error::from_js)?;
        list.iter()
            .map(|entry| {
                let algorithm = get(&entry, "algorithm").as_string();
                let value = get(&entry, "value").as_string();
                match (algorithm, value) {
                    (Some(algorithm), Some(value)) => {
                        Ok(CertificateFingerprint { algorithm, value })
                    }
                    _ => Err(Error::Decode(
                        "a certificate fingerprint without algorithm or value".into(),
                    )),
                }
            })
            .collect()
    }

    /// The browser's `RTCCertificate`.
    pub fn as_raw(&self) -> &web_sys::RtcCertificate {
        self.raw.unchecked_ref()
    }
}

impl From<web_sys::RtcCertificate> for Certificate {
    fn from(raw: web_sys::RtcCertificate) -> Self {
        Certificate {
            raw: raw.unchecked_into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ice_server_debug_redacts_the_credential() {
        let server = IceServer::turn("turn:127.0.0.1:3478", "user", "hunter2");
        let debug = format!("{server:?}");
        assert!(debug.contains("user"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
        assert!(!debug.contains("hunter2"), "{debug}");
        let config = format!("{:?}", Configuration::default().ice_server(server));
        assert!(!config.contains("hunter2"), "{config}");
    }

    #[test]
    fn ice_server_serializes_to_the_dictionary_shape() {
        let server = IceServer::turn("turn:h:3478", "u", "p");
        assert_eq!(
            serde_json::to_value(&server).unwrap(),
            serde_json::json!({"urls": ["turn:h:3478"], "username": "u", "credential": "p"})
        );
        assert_eq!(
            serde_json::to_value(IceServer::stun("stun:h")).unwrap(),
            serde_json::json!({"urls": ["stun:h"]})
        );
        let single: IceServer =
            serde_json::from_str(r#"{"urls":"turn:h:3478","username":"u","credential":"p"}"#)
                .unwrap();
        assert_eq!(single, server);
        assert!(serde_json::from_str::<IceServer>(r#"{"urls":5}"#).is_err());
    }

    #[test]
    fn policies_round_trip_through_their_spec_strings() {
        for (value, s) in [
            (IceTransportPolicy::Relay, "relay"),
            (IceTransportPolicy::All, "all"),
        ] {
            assert_eq!(value.as_str(), s);
            assert_eq!(IceTransportPolicy::from(s), value);
        }
        for (value, s) in [
            (BundlePolicy::Balanced, "balanced"),
            (BundlePolicy::MaxCompat, "max-compat"),
            (BundlePolicy::MaxBundle, "max-bundle"),
        ] {
            assert_eq!(value.as_str(), s);
            assert_eq!(BundlePolicy::from(s), value);
        }
        assert_eq!(RtcpMuxPolicy::from("require"), RtcpMuxPolicy::Require);
        assert_eq!(HashAlgorithm::from("SHA-384"), HashAlgorithm::Sha384);
    }
}
