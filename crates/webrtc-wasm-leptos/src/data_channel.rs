//! `use_data_channel`: a channel's state, messages and send queue as signals.

use std::future::Future;

use futures::StreamExt;
use futures::channel::mpsc;
use leptos::prelude::*;
use webrtc_wasm::{DataChannel, DataChannelInit, DataChannelState, Error, Message, Result};
use webrtc_wasm_hooks::{ChannelView, follow_channel, keep, send_wakes, sent_one};

use crate::connection::UsePeerConnection;
use crate::task::spawn;

/// How many received messages [`UseDataChannel::messages`] keeps by
/// default: the oldest go first, so a flooding peer cannot grow it.
pub const DEFAULT_HISTORY: usize = 200;

/// A data channel owned by the calling component, with its state, received
/// messages and send queue as signals. From [`use_data_channel`].
///
/// See [`RTCDataChannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel).
#[derive(Debug, Clone, Copy)]
pub struct UseDataChannel {
    channel: StoredValue<Option<DataChannel>, LocalStorage>,
    sent: StoredValue<mpsc::Sender<()>, LocalStorage>,
    wakes: StoredValue<Option<mpsc::Receiver<()>>, LocalStorage>,
    writers: Writers,
    /// [`readyState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/readyState).
    pub ready_state: ReadSignal<DataChannelState>,
    /// The last received messages, oldest first, at most the history
    /// given to the hook ([`DEFAULT_HISTORY`] for [`use_data_channel`]).
    pub messages: ReadSignal<Vec<Message>>,
    /// How many messages have been received in all.
    pub received: ReadSignal<u64>,
    /// [`bufferedAmount`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedAmount):
    /// bytes queued to send, updated on each send and while it drains.
    pub buffered_amount: ReadSignal<u32>,
    /// The last error on the receiving side (an oversize message, the
    /// receive limit reached, the channel's `error` event), if any.
    pub error: ReadSignal<Option<Error>>,
}

impl UseDataChannel {
    /// The channel's handle: `None` before a remote channel arrives
    /// ([`use_remote_data_channel`]) and once the component's owner has
    /// been cleaned up (the channel is closed then).
    pub fn channel(&self) -> Option<DataChannel> {
        self.channel.try_get_value().flatten()
    }

    /// Sends `message` now if the send queue is under its high watermark.
    ///
    /// See [`RTCDataChannel.send()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/send).
    ///
    /// # Errors
    /// As [`DataChannel::try_send`]: [`Error::Full`] above the high
    /// watermark (nothing is sent), [`Error::InvalidState`] before the
    /// channel is open, [`Error::Closed`] after; [`Error::Closed`] too once
    /// the component is gone.
    pub fn try_send(&self, message: impl Into<Message>) -> Result<()> {
        let channel = self.sendable()?;
        channel.try_send(message.into())?;
        self.sent_one();
        Ok(())
    }

    /// Sends `message`, waiting while the send queue is above its high
    /// watermark (spawn it; dropping the future before it is sent sends
    /// nothing).
    ///
    /// # Errors
    /// As [`DataChannel::send`]; [`Error::Closed`] once the component is
    /// gone.
    pub fn send(&self, message: impl Into<Message>) -> impl Future<Output = Result<()>> + 'static {
        let channel = self.sendable();
        let this = *self;
        let message = message.into();
        async move {
            channel?.send(message).await?;
            this.sent_one();
            Ok(())
        }
    }

    /// The channel to send on: [`Error::Closed`] once the component is
    /// gone, [`Error::InvalidState`] while a remote channel is awaited.
    fn sendable(&self) -> Result<DataChannel> {
        match self.channel.try_get_value() {
            None => Err(Error::Closed),
            Some(None) => Err(Error::InvalidState(
                "the remote peer has not opened the channel yet".into(),
            )),
            Some(Some(channel)) => Ok(channel),
        }
    }

    /// Wakes the buffered-amount refresher.
    fn sent_one(&self) {
        self.sent.try_update_value(sent_one);
    }
}

/// Creates a data channel on the hook's connection, owned by the calling
/// component, keeping the last [`DEFAULT_HISTORY`] messages.
///
/// See [`RTCPeerConnection.createDataChannel()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createDataChannel).
///
/// # Errors
/// As [`PeerConnection::create_data_channel`](webrtc_wasm::PeerConnection::create_data_channel);
/// [`Error::Closed`] when the connection's component is gone.
pub fn use_data_channel(
    connection: &UsePeerConnection,
    label: &str,
    init: &DataChannelInit,
) -> Result<UseDataChannel> {
    let channel = connection
        .connection()
        .ok_or(Error::Closed)?
        .create_data_channel(label, init)?;
    Ok(use_data_channel_from(channel, DEFAULT_HISTORY))
}

/// As [`use_data_channel`], for a channel obtained elsewhere, keeping the
/// last `history` messages. The component now owns the channel and closes
/// it when it is cleaned up.
pub fn use_data_channel_from(channel: DataChannel, history: usize) -> UseDataChannel {
    let hook = unattached(channel.ready_state(), history);
    hook.channel.set_value(Some(channel.clone()));
    spawn(hook.attach(channel, history));
    hook
}

/// The channel labelled `label` that the remote peer opens on the hook's
/// connection (its `datachannel` event), owned by the calling component,
/// keeping the last `history` messages.
///
/// Until it arrives, `ready_state` is `connecting`, `channel()` is `None`
/// and sends are [`Error::InvalidState`]. Channels with other labels are
/// left to other listeners (a channel no one holds is closed, as always).
///
/// See [`datachannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/datachannel_event).
pub fn use_remote_data_channel(
    connection: &UsePeerConnection,
    label: &str,
    history: usize,
) -> UseDataChannel {
    let hook = unattached(DataChannelState::Connecting, history);
    let Some(connection) = connection.connection() else {
        hook.set_closed();
        return hook;
    };
    let mut announced = connection.data_channels();
    drop(connection);
    let label = label.to_owned();
    spawn(async move {
        while let Some(channel) = announced.next().await {
            if channel.label() == label {
                drop(announced);
                hook.channel.set_value(Some(channel.clone()));
                hook.attach(channel, history).await;
                return;
            }
        }
        // The connection closed first.
        hook.set_closed();
    });
    hook
}

/// The hook's signals, with no channel yet.
fn unattached(state: DataChannelState, history: usize) -> UseDataChannel {
    let (ready_state, set_ready_state) = signal(state);
    let (messages, set_messages) = signal(Vec::<Message>::with_capacity(history.min(16)));
    let (received, set_received) = signal(0_u64);
    let (buffered_amount, set_buffered_amount) = signal(0_u32);
    let (error, set_error) = signal(None::<Error>);
    let (sent, wakes) = send_wakes();
    let channel = StoredValue::new_local(None::<DataChannel>);
    on_cleanup(move || {
        channel.try_with_value(|channel| channel.as_ref().map(DataChannel::close));
    });
    UseDataChannel {
        channel,
        sent: StoredValue::new_local(sent),
        wakes: StoredValue::new_local(Some(wakes)),
        writers: Writers {
            ready_state: set_ready_state,
            messages: set_messages,
            received: set_received,
            buffered_amount: set_buffered_amount,
            error: set_error,
        },
        ready_state,
        messages,
        received,
        buffered_amount,
        error,
    }
}

/// The write ends of a [`UseDataChannel`]'s signals.
#[derive(Debug, Clone, Copy)]
struct Writers {
    ready_state: WriteSignal<DataChannelState>,
    messages: WriteSignal<Vec<Message>>,
    received: WriteSignal<u64>,
    buffered_amount: WriteSignal<u32>,
    error: WriteSignal<Option<Error>>,
}

impl UseDataChannel {
    /// Marks the hook as having no channel for good.
    fn set_closed(&self) {
        self.writers.ready_state.set(DataChannelState::Closed);
    }

    /// Follows `channel` until it closes (see [`follow_channel`]).
    async fn attach(self, channel: DataChannel, history: usize) {
        let Some(wakes) = self.wakes.try_update_value(Option::take).flatten() else {
            return;
        };
        let view = View {
            writers: self.writers,
            history,
        };
        follow_channel(channel, view, wakes).await;
    }
}

/// The hook's signals as [`follow_channel`] reports to them.
struct View {
    writers: Writers,
    history: usize,
}

impl ChannelView for View {
    fn set_ready_state(&self, state: DataChannelState) {
        self.writers.ready_state.set(state);
    }

    fn push_message(&self, message: Message) {
        self.writers
            .messages
            .update(|kept| keep(kept, message, self.history));
        self.writers.received.update(|count| *count += 1);
    }

    fn set_error(&self, error: Error) {
        self.writers.error.set(Some(error));
    }

    fn set_buffered_amount(&self, bytes: u32) {
        self.writers.buffered_amount.set(bytes);
    }
}
