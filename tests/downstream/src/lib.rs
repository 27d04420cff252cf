//! An application with its own start function next to the library's `js`
//! feature: the two must link into one module.

use wasm_bindgen::prelude::*;

/// The application's own start function.
#[wasm_bindgen(start)]
pub fn start() {
    webrtc_wasm::js::install_panic_hook();
}

/// Something the application exports, using the library.
#[wasm_bindgen]
pub fn connection_state() -> Result<String, JsValue> {
    let pc = webrtc_wasm::PeerConnection::new(&webrtc_wasm::Configuration::default())?;
    Ok(pc.connection_state().to_string())
}
