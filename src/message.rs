//! [`Message`]: what a data channel carries.

use std::fmt;

/// One data-channel message: text or binary.
///
/// See [`RTCDataChannel.send()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/send)
/// and the [`message` event](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/message_event).
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Message {
    /// A text message (sent as UTF-8).
    Text(String),
    /// A binary message.
    Binary(Vec<u8>),
}

impl Message {
    /// A text message.
    pub fn text(text: impl Into<String>) -> Self {
        Message::Text(text.into())
    }

    /// A binary message.
    pub fn binary(bytes: impl Into<Vec<u8>>) -> Self {
        Message::Binary(bytes.into())
    }

    /// The size on the wire in bytes (UTF-8 bytes for text), the number that
    /// counts against the channel's maximum message size.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// Whether the message is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The message's bytes (UTF-8 for text).
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Message::Text(text) => text.as_bytes(),
            Message::Binary(bytes) => bytes,
        }
    }

    /// The message's bytes (UTF-8 for text), without copying.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Message::Text(text) => text.into_bytes(),
            Message::Binary(bytes) => bytes,
        }
    }

    /// The text, if this is a text message.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Message::Text(text) => Some(text),
            Message::Binary(_) => None,
        }
    }
}

impl fmt::Debug for Message {
    /// Shows text in full up to 64 bytes and binary as its length, so logs of
    /// large transfers stay readable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Text(text) if text.len() <= 64 => f.debug_tuple("Text").field(text).finish(),
            Message::Text(text) => write!(f, "Text(<{} bytes>)", text.len()),
            Message::Binary(bytes) => write!(f, "Binary(<{} bytes>)", bytes.len()),
        }
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::Text(text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::Text(text.to_owned())
    }
}

impl From<Vec<u8>> for Message {
    fn from(bytes: Vec<u8>) -> Self {
        Message::Binary(bytes)
    }
}

impl From<&[u8]> for Message {
    fn from(bytes: &[u8]) -> Self {
        Message::Binary(bytes.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_utf8_bytes() {
        assert_eq!(Message::text("héllo").len(), 6);
        assert_eq!(Message::binary(vec![0; 3]).len(), 3);
        assert!(Message::text("").is_empty());
        assert_eq!(Message::text("ab").into_bytes(), b"ab");
        assert_eq!(Message::from("x").as_text(), Some("x"));
        assert_eq!(Message::from(&b"x"[..]).as_text(), None);
    }

    #[test]
    fn debug_does_not_dump_large_payloads() {
        assert_eq!(format!("{:?}", Message::text("hi")), "Text(\"hi\")");
        assert_eq!(
            format!("{:?}", Message::binary(vec![0; 1000])),
            "Binary(<1000 bytes>)"
        );
        assert_eq!(
            format!("{:?}", Message::text("x".repeat(100))),
            "Text(<100 bytes>)"
        );
    }
}
