//! The application code under test: a question-and-answer protocol over a
//! data channel, as an app might have. One side [`answer`]s each text
//! message with a reply; the other side [`ask`]s and awaits it.

use futures::StreamExt;
use wasm_bindgen_futures::spawn_local;
use webrtc_wasm::{DataChannel, Error, Message};

/// The reply to `question`.
pub fn reply_to(question: &str) -> String {
    format!("re: {question}")
}

/// Answers every text message on `channel` until it closes. Binary
/// messages get the reply `"error: text only"`.
pub fn answer(mut channel: DataChannel) {
    spawn_local(async move {
        while let Some(Ok(message)) = channel.next().await {
            let reply = match message {
                Message::Text(question) => reply_to(&question),
                Message::Binary(_) => "error: text only".to_owned(),
            };
            if channel.send(Message::text(reply)).await.is_err() {
                break;
            }
        }
    });
}

/// Sends `question` and waits for the reply.
///
/// # Errors
/// What sending gives; [`Error::Closed`] when the channel closes first, and
/// [`Error::Decode`] when the reply is not text.
pub async fn ask(channel: &mut DataChannel, question: &str) -> Result<String, Error> {
    channel.send(Message::text(question)).await?;
    match channel.next().await {
        Some(Ok(Message::Text(reply))) => Ok(reply),
        Some(Ok(Message::Binary(_))) => Err(Error::Decode("a binary reply".into())),
        Some(Err(error)) => Err(error),
        None => Err(Error::Closed),
    }
}
