//! Promises as `'static` futures.

use std::future::Future;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::error::{Error, Result};

/// A call that failed before reaching the browser, as a rejected promise for
/// [`settle`].
pub(crate) fn rejected(error: Error) -> std::result::Result<Promise, JsValue> {
    Ok(Promise::reject(&error.into()))
}

/// Starts a promise-returning call now and returns a future of its result
/// that borrows nothing, so calls are queued in the order they are made (as
/// in JavaScript) and the future does not keep the connection open.
pub(crate) fn settle<T>(
    call: std::result::Result<Promise, JsValue>,
    then: impl FnOnce(JsValue) -> Result<T> + 'static,
) -> impl Future<Output = Result<T>> + 'static {
    let pending = call.map(JsFuture::from);
    async move { then(pending?.await.map_err(Error::from_js)?) }
}
