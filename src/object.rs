//! Reading and writing members of plain JavaScript objects.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The member `key` of `value`, or `undefined` when `value` is not an object
/// or has no such member.
pub(crate) fn get(value: &JsValue, key: &str) -> JsValue {
    if !value.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The items of an array member; empty when it is missing or not an array.
pub(crate) fn get_array(value: &JsValue, key: &str) -> Vec<JsValue> {
    let member = get(value, key);
    if js_sys::Array::is_array(&member) {
        js_sys::Array::from(&member).iter().collect()
    } else {
        Vec::new()
    }
}

/// A string member, if it is a string.
pub(crate) fn get_string(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).as_string()
}

/// A finite number member, if it is one.
pub(crate) fn get_f64(value: &JsValue, key: &str) -> Option<f64> {
    get(value, key).as_f64().filter(|n| n.is_finite())
}

/// A boolean member, if it is one.
pub(crate) fn get_bool(value: &JsValue, key: &str) -> Option<bool> {
    get(value, key).as_bool()
}

/// An integer member that fits `T`, if it is one.
pub(crate) fn get_int<T: TryFrom<i64>>(value: &JsValue, key: &str) -> Option<T> {
    integer(get_f64(value, key)?)
}

/// `n` as a `T`, when it is a whole number (within JavaScript's safe
/// integers) in `T`'s range: the one range check for numbers from
/// JavaScript.
pub(crate) fn integer<T: TryFrom<i64>>(n: f64) -> Option<T> {
    if !n.is_finite() || n.fract() != 0.0 || n.abs() > 9_007_199_254_740_991.0 {
        return None;
    }
    T::try_from(n as i64).ok()
}

/// Sets a data property (on a plain object this cannot fail).
pub(crate) fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// Sets `key` when `value` is `Some`.
pub(crate) fn set_opt<T: Into<JsValue>>(object: &Object, key: &str, value: Option<T>) {
    if let Some(value) = value {
        set(object, key, &value.into());
    }
}

/// A shallow copy of `value`'s own members, or a new empty object.
pub(crate) fn copy(value: &JsValue) -> Object {
    let target = Object::new();
    if value.is_object() {
        Object::assign(&target, value.unchecked_ref());
    }
    target
}

/// The longest description [`describe`] gives, in characters.
const DESCRIPTION_LIMIT: usize = 80;

/// `value` for an error message: its JSON text (at most 80 characters), or
/// its `typeof` when it has none (`undefined`, a function, a symbol, a
/// `BigInt`, a cycle).
pub(crate) fn describe(value: &JsValue) -> String {
    let json = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string());
    let Some(json) = json else {
        return value.js_typeof().as_string().unwrap_or_default();
    };
    match json.char_indices().nth(DESCRIPTION_LIMIT) {
        Some((end, _)) => format!("{}...", &json[..end]),
        None => json,
    }
}
