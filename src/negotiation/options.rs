//! The options of perfect negotiation and its ICE-restart policy.

use std::time::Duration;

/// When and how often the impolite side restarts ICE.
#[derive(Debug, Clone, PartialEq)]
pub struct IceRestartPolicy {
    /// How long `disconnected` may last before a restart (`failed` restarts
    /// at once).
    pub grace: Duration,
    /// The most restarts in a row without reaching `connected`.
    pub max_attempts: u32,
    /// The wait before the second restart; it doubles each time.
    pub backoff: Duration,
    /// The longest wait between restarts.
    pub max_backoff: Duration,
    /// How long a connection may stay `new` or `connecting` after an
    /// exchange before a restart: recovers a first connection whose
    /// candidates were lost on the way, which has no `failed` to react to.
    pub connect_timeout: Duration,
}

impl Default for IceRestartPolicy {
    fn default() -> Self {
        IceRestartPolicy {
            grace: Duration::from_secs(3),
            max_attempts: 8,
            backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(16),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// Options for [`PerfectNegotiation::start`](super::PerfectNegotiation::start).
#[derive(Debug, Clone, PartialEq)]
pub struct NegotiationOptions {
    /// Whether this side is the polite one. The two sides must differ.
    pub polite: bool,
    /// ICE-restart recovery; `None` turns it off. On by default.
    pub ice_restart: Option<IceRestartPolicy>,
}

impl NegotiationOptions {
    /// The polite side, with the default restart policy.
    pub fn polite() -> Self {
        NegotiationOptions {
            polite: true,
            ice_restart: Some(IceRestartPolicy::default()),
        }
    }

    /// The impolite side, with the default restart policy.
    pub fn impolite() -> Self {
        NegotiationOptions {
            polite: false,
            ..Self::polite()
        }
    }

    /// Sets the restart policy (`None` turns recovery off).
    pub fn ice_restart(mut self, policy: Option<IceRestartPolicy>) -> Self {
        self.ice_restart = policy;
        self
    }
}
