//! Values from JavaScript, checked strictly (a wrong type is a `TypeError`,
//! never a silent default), and the library's values into JavaScript.

use std::time::Duration;

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::negotiation::IceRestartPolicy;
use crate::object::{get, integer};
use crate::{
    DataChannelInit, Error, Message, Negotiation, NegotiationOptions, OfferOptions, Priority,
    Reliability,
};

type Result<T> = std::result::Result<T, Error>;

/// The member `key` of an options object, `None` when absent
/// (`undefined`).
fn member(options: &JsValue, key: &str) -> Option<JsValue> {
    Some(get(options, key)).filter(|value| !value.is_undefined())
}

/// Checks that `options` is an object or absent.
pub(crate) fn options_object(options: &JsValue, what: &str) -> Result<()> {
    if options.is_undefined() || options.is_null() || options.is_object() {
        Ok(())
    } else {
        Err(Error::Type(format!("{what} must be an object")))
    }
}

pub(crate) fn opt_bool(options: &JsValue, key: &str) -> Result<Option<bool>> {
    member(options, key)
        .map(|value| {
            value
                .as_bool()
                .ok_or_else(|| Error::Type(format!("{key} must be a boolean")))
        })
        .transpose()
}

pub(crate) fn opt_string(options: &JsValue, key: &str) -> Result<Option<String>> {
    member(options, key)
        .map(|value| {
            value
                .as_string()
                .ok_or_else(|| Error::Type(format!("{key} must be a string")))
        })
        .transpose()
}

/// An integer member in `T`'s range: a non-number is a `TypeError`, a
/// fraction, `NaN`, an infinity or a number out of range a `RangeError`.
pub(crate) fn opt_integer<T: TryFrom<i64>>(
    options: &JsValue,
    key: &str,
    range: &str,
) -> Result<Option<T>> {
    member(options, key)
        .map(|value| {
            let n = value
                .as_f64()
                .ok_or_else(|| Error::Type(format!("{key} must be a number")))?;
            integer::<T>(n)
                .ok_or_else(|| Error::Range(format!("{key} must be an integer in {range}")))
        })
        .transpose()
}

pub(crate) fn offer_options(value: &JsValue) -> Result<OfferOptions> {
    options_object(value, "the offer options")?;
    Ok(OfferOptions {
        ice_restart: opt_bool(value, "iceRestart")?.unwrap_or(false),
        voice_activity_detection: opt_bool(value, "voiceActivityDetection")?,
        offer_to_receive_audio: opt_bool(value, "offerToReceiveAudio")?,
        offer_to_receive_video: opt_bool(value, "offerToReceiveVideo")?,
    })
}

pub(crate) fn data_channel_init(value: &JsValue) -> Result<DataChannelInit> {
    options_object(value, "the data channel options")?;
    let u16_member = |key| opt_integer::<u16>(value, key, "0..=65535");
    let reliability = match (
        u16_member("maxRetransmits")?,
        u16_member("maxPacketLifeTime")?,
    ) {
        (Some(_), Some(_)) => {
            return Err(Error::Type(
                "maxRetransmits and maxPacketLifeTime cannot both be set".into(),
            ));
        }
        (Some(n), None) => Reliability::MaxRetransmits(n),
        (None, Some(ms)) => Reliability::MaxPacketLifeTime(ms),
        (None, None) => Reliability::Reliable,
    };
    let id = opt_integer::<u16>(value, "id", "0..=65534")?;
    if id == Some(u16::MAX) {
        return Err(Error::Range("id must be an integer in 0..=65534".into()));
    }
    let negotiation = match (opt_bool(value, "negotiated")?.unwrap_or(false), id) {
        (true, Some(id)) => Negotiation::OutOfBand { id },
        (true, None) => return Err(Error::Type("a negotiated channel needs an id".into())),
        // As in the browser, `id` only matters for a negotiated channel.
        (false, _) => Negotiation::InBand,
    };
    let priority = match opt_string(value, "priority")? {
        None => None,
        Some(p) => match Priority::from(p.as_str()) {
            Priority::Unknown(other) => {
                return Err(Error::Type(format!(
                    "priority must be very-low, low, medium or high, not \"{other}\""
                )));
            }
            known => Some(known),
        },
    };
    Ok(DataChannelInit {
        ordered: opt_bool(value, "ordered")?.unwrap_or(true),
        reliability,
        protocol: opt_string(value, "protocol")?.unwrap_or_default(),
        negotiation,
        priority,
    })
}

/// A duration member in milliseconds.
fn opt_millis(value: &JsValue, key: &str) -> Result<Option<Duration>> {
    Ok(opt_integer::<u32>(value, key, "0..=4294967295")?
        .map(|ms| Duration::from_millis(u64::from(ms))))
}

/// `{ polite, iceRestart?: { graceMs, maxAttempts, backoffMs, maxBackoffMs,
/// connectTimeoutMs } | false }`.
pub(crate) fn negotiation_options(value: &JsValue) -> Result<NegotiationOptions> {
    if !value.is_object() {
        return Err(Error::Type(
            "the negotiation options must be an object with `polite`".into(),
        ));
    }
    let polite = opt_bool(value, "polite")?.ok_or_else(|| {
        Error::Type("polite must be true on one side and false on the other".into())
    })?;
    let restart = match member(value, "iceRestart") {
        None => Some(IceRestartPolicy::default()),
        Some(v) if v.as_bool() == Some(false) => None,
        Some(v) if v.is_object() => {
            let mut policy = IceRestartPolicy::default();
            if let Some(grace) = opt_millis(&v, "graceMs")? {
                policy.grace = grace;
            }
            if let Some(n) = opt_integer::<u32>(&v, "maxAttempts", "0..=4294967295")? {
                policy.max_attempts = n;
            }
            if let Some(backoff) = opt_millis(&v, "backoffMs")? {
                policy.backoff = backoff;
            }
            if let Some(max) = opt_millis(&v, "maxBackoffMs")? {
                policy.max_backoff = max;
            }
            if let Some(timeout) = opt_millis(&v, "connectTimeoutMs")? {
                policy.connect_timeout = timeout;
            }
            Some(policy)
        }
        Some(_) => {
            return Err(Error::Type(
                "iceRestart must be a policy object or false".into(),
            ));
        }
    };
    Ok(NegotiationOptions {
        polite,
        ice_restart: restart,
    })
}

/// A text message to send. Binary data (an `ArrayBuffer` or any
/// `ArrayBufferView`) goes to the browser as it is, without this
/// conversion; anything else is a `TypeError`.
pub(crate) fn text_from_js(value: &JsValue) -> Result<Message> {
    value.as_string().map(Message::Text).ok_or_else(|| {
        Error::Type(
            "a message must be a string, an ArrayBuffer, an ArrayBufferView or a Blob".into(),
        )
    })
}

/// The size of an `ArrayBuffer` or `ArrayBufferView`; `None` for anything
/// else.
pub(crate) fn buffer_size(data: &JsValue) -> Option<usize> {
    if !(data.is_instance_of::<ArrayBuffer>() || ArrayBuffer::is_view(data)) {
        return None;
    }
    get(data, "byteLength").as_f64().and_then(integer::<usize>)
}

/// A received message: a string, or a `Uint8Array` of its bytes.
pub(crate) fn message_to_js(message: Message) -> JsValue {
    match message {
        Message::Text(text) => text.into(),
        Message::Binary(bytes) => Uint8Array::from(bytes.as_slice()).into(),
    }
}
