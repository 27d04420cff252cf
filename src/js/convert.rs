//! Values from JavaScript, checked strictly (a wrong type is a `TypeError`,
//! never a silent default), and the library's values into JavaScript.

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::object::{get, integer};
use crate::{Error, Message};

type Result<T> = std::result::Result<T, Error>;

/// Checks that `options` is an object or absent.
pub(crate) fn options_object(options: &JsValue, what: &str) -> Result<()> {
    if options.is_undefined() || options.is_null() || options.is_object() {
        Ok(())
    } else {
        Err(Error::Type(format!("{what} must be an object")))
    }
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
