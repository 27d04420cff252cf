//! Helpers for DOM tests in the browser: a container to mount into,
//! waiting for a condition, and reading and driving elements.

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// A fresh element at the end of the page's body, to mount into.
pub fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

/// Waits for `condition`, checking every 10 ms, for at most 30 s; panics
/// with `what` after that.
pub async fn until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..3000 {
        if condition() {
            return;
        }
        TimeoutFuture::new(10).await;
    }
    panic!("timed out waiting for {what}");
}

/// Lets `ms` milliseconds pass: for asserting that nothing happens in that
/// time, never to wait for something that does.
pub async fn quiet_for(ms: u32) {
    TimeoutFuture::new(ms).await;
}

/// The first element under `root` that matches `selector`.
pub fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

/// The text of the first element under `root` that matches `selector`
/// (empty when there is none).
pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector)
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

/// Clicks the element that matches `selector`.
pub fn click(root: &Element, selector: &str) {
    let element: HtmlElement = find(root, selector)
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into();
    element.click();
}

/// Types `value` into the input that matches `selector`: sets its value
/// and fires the bubbling `input` event a keystroke would.
pub fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector)
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}
