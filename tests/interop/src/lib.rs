//! webrtc-wasm's file transfer, for the JavaScript interop tests: a Rust
//! sender and a Rust receiver on a connection the page made, talking to the
//! npm package's `sendFile` and `incomingFiles` on the other side.

use futures::StreamExt;
use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use webrtc_wasm::PeerConnection;
use webrtc_wasm::transfer::FileInfo;

/// Sends `bytes` as the file `name` (with `metadata`, a JSON text) over
/// `raw`, in pieces of `piece` bytes; resolves once the receiver has
/// checked it, rejects with the transfer's error.
#[wasm_bindgen(js_name = sendFile)]
pub fn send_file(
    raw: web_sys::RtcPeerConnection,
    name: String,
    mime_type: String,
    metadata: String,
    bytes: Vec<u8>,
    piece: usize,
) -> Promise {
    future_to_promise(async move {
        let pc = PeerConnection::from(raw);
        let metadata = serde_json::from_str(&metadata)
            .map_err(|error| JsValue::from(js_sys::TypeError::new(&error.to_string())))?;
        let info = FileInfo {
            name,
            size: Some(bytes.len() as u64),
            mime_type,
            metadata,
        };
        let pieces: Vec<_> = bytes.chunks(piece.max(1)).map(|c| Ok(c.to_vec())).collect();
        pc.send_file(info, futures::stream::iter(pieces), |_| {})
            .await
            .map_err(JsValue::from)?;
        Ok(JsValue::UNDEFINED)
    })
}

/// Takes the first file the peer sends on `raw` (listening from this call
/// on), accepts it and reads it to the end. Resolves with `{ name, size,
/// type, metadata, bytes }` (`metadata` as JSON text), rejects with the
/// transfer's error.
#[wasm_bindgen(js_name = receiveFile)]
pub fn receive_file(raw: web_sys::RtcPeerConnection) -> Promise {
    // Listening starts now; the connection's handle lives as long as the
    // promise (dropping the last one would close the connection).
    let pc = PeerConnection::from(raw);
    let mut files = pc.incoming_files();
    future_to_promise(async move {
        let _pc = pc;
        let incoming = files
            .next()
            .await
            .ok_or_else(|| JsValue::from_str("the connection closed before a file came"))?;
        let info = incoming.info().clone();
        let mut content = incoming.accept().await.map_err(JsValue::from)?;
        let mut bytes = Vec::new();
        while let Some(chunk) = content.next().await {
            bytes.extend_from_slice(&chunk.map_err(JsValue::from)?);
        }
        let result = Object::new();
        let set = |key: &str, value: JsValue| Reflect::set(&result, &key.into(), &value).map(drop);
        set("name", info.name.into())?;
        set(
            "size",
            info.size
                .map_or(JsValue::NULL, |s| JsValue::from_f64(s as f64)),
        )?;
        set("type", info.mime_type.into())?;
        set("metadata", info.metadata.to_string().into())?;
        set("bytes", Uint8Array::from(bytes.as_slice()).into())?;
        Ok(result.into())
    })
}
