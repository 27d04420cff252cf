//! `use_data_channel`: a channel's state, messages and send queue.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use futures::StreamExt;
use futures::channel::mpsc;
use webrtc_wasm::{DataChannel, DataChannelInit, DataChannelState, Error, Message, Result};
use webrtc_wasm_hooks::{ChannelView, follow_channel, keep, send_wakes, sent_one};
use yew::prelude::*;

use crate::connection::UsePeerConnection;
use webrtc_wasm_hooks::Tasks;

/// How many received messages [`UseDataChannel::messages`] keeps by
/// default: the oldest go first, so a flooding peer cannot grow it.
pub const DEFAULT_HISTORY: usize = 200;

/// The received messages of a [`UseDataChannel`]: a reducer's state, the
/// last `history` messages and the count of all.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageLog {
    messages: Vec<Message>,
    received: u64,
    history: usize,
}

impl MessageLog {
    /// The last received messages, oldest first.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// How many messages have been received in all.
    pub fn received(&self) -> u64 {
        self.received
    }
}

impl Reducible for MessageLog {
    type Action = Message;

    fn reduce(self: Rc<Self>, message: Message) -> Rc<Self> {
        let mut log = Rc::unwrap_or_clone(self);
        keep(&mut log.messages, message, log.history);
        log.received += 1;
        Rc::new(log)
    }
}

/// A data channel owned by the calling component, with its state, received
/// messages and send queue. From [`use_data_channel`] or
/// [`use_remote_data_channel`]; each change renders the component again.
///
/// See [`RTCDataChannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel).
#[derive(Debug, Clone)]
pub struct UseDataChannel {
    slot: Rc<Slot>,
    log: UseReducerHandle<MessageLog>,
    /// [`readyState`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/readyState).
    pub ready_state: DataChannelState,
    /// [`bufferedAmount`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/bufferedAmount):
    /// bytes queued to send, updated on each send and while it drains.
    pub buffered_amount: u32,
    /// The last error on the receiving side (an oversize message, the
    /// receive limit reached, the channel's `error` event), if any.
    pub error: Option<Error>,
}

/// The channel of a hook and the waker of its buffered-amount refresher.
#[derive(Debug, Default)]
struct Slot {
    /// `None` while a remote channel is awaited; `Err(Closed)` after the
    /// tear-down.
    channel: RefCell<Option<Result<DataChannel>>>,
    sent: RefCell<Option<mpsc::Sender<()>>>,
}

impl PartialEq for UseDataChannel {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.slot, &other.slot)
            && self.log == other.log
            && self.ready_state == other.ready_state
            && self.buffered_amount == other.buffered_amount
            && self.error == other.error
    }
}

impl UseDataChannel {
    /// The channel's handle.
    ///
    /// # Errors
    /// The error creating it gave; [`Error::InvalidState`] while a remote
    /// channel is awaited; [`Error::Closed`] once the component is gone.
    pub fn channel(&self) -> Result<DataChannel> {
        self.slot.channel.borrow().clone().unwrap_or_else(|| {
            Err(Error::InvalidState(
                "the remote peer has not opened the channel yet".into(),
            ))
        })
    }

    /// The last received messages, oldest first (at most the hook's
    /// history).
    pub fn messages(&self) -> &[Message] {
        self.log.messages()
    }

    /// How many messages have been received in all.
    pub fn received(&self) -> u64 {
        self.log.received()
    }

    /// Sends `message` now if the send queue is under its high watermark.
    ///
    /// See [`RTCDataChannel.send()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCDataChannel/send).
    ///
    /// # Errors
    /// As [`DataChannel::try_send`]: [`Error::Full`] above the high
    /// watermark (nothing is sent), [`Error::InvalidState`] before the
    /// channel is open, [`Error::Closed`] after; as [`channel`](Self::channel)
    /// when there is no channel.
    pub fn try_send(&self, message: impl Into<Message>) -> Result<()> {
        self.channel()?.try_send(message.into())?;
        self.slot.wake();
        Ok(())
    }

    /// Sends `message`, waiting while the send queue is above its high
    /// watermark (spawn it; dropping the future before it is sent sends
    /// nothing).
    ///
    /// # Errors
    /// As [`DataChannel::send`]; as [`channel`](Self::channel) when there
    /// is no channel.
    pub fn send(&self, message: impl Into<Message>) -> impl Future<Output = Result<()>> + 'static {
        let channel = self.channel();
        let slot = self.slot.clone();
        let message = message.into();
        async move {
            channel?.send(message).await?;
            slot.wake();
            Ok(())
        }
    }
}

impl Slot {
    /// Wakes the buffered-amount refresher.
    fn wake(&self) {
        if let Some(sent) = self.sent.borrow_mut().as_mut() {
            sent_one(sent);
        }
    }
}

/// Where a hook's channel comes from.
enum Source {
    Create(String, DataChannelInit),
    Remote(String),
}

/// Creates a data channel on the hook's connection for the calling
/// component, once, keeping the last [`DEFAULT_HISTORY`] messages. The
/// channel is closed when the component is destroyed.
///
/// See [`RTCPeerConnection.createDataChannel()`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/createDataChannel).
/// An error creating it (or the connection's own) is in
/// [`UseDataChannel::channel`], and sends return it.
#[hook]
pub fn use_data_channel(
    connection: &UsePeerConnection,
    label: &str,
    init: &DataChannelInit,
) -> UseDataChannel {
    use_data_channel_with_history(connection, label, init, DEFAULT_HISTORY)
}

/// As [`use_data_channel`], keeping the last `history` messages.
#[hook]
pub fn use_data_channel_with_history(
    connection: &UsePeerConnection,
    label: &str,
    init: &DataChannelInit,
    history: usize,
) -> UseDataChannel {
    use_channel(
        connection,
        Source::Create(label.to_owned(), init.clone()),
        history,
    )
}

/// The channel labelled `label` that the remote peer opens on the hook's
/// connection (its `datachannel` event), owned by the calling component,
/// keeping the last `history` messages.
///
/// Until it arrives, `ready_state` is `connecting` and `channel()` and
/// sends are [`Error::InvalidState`]. Channels with other labels are left
/// to other listeners (a channel no one holds is closed, as always).
///
/// See [`datachannel`](https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/datachannel_event).
#[hook]
pub fn use_remote_data_channel(
    connection: &UsePeerConnection,
    label: &str,
    history: usize,
) -> UseDataChannel {
    use_channel(connection, Source::Remote(label.to_owned()), history)
}

/// The hook behind both: the channel made once, followed from the first
/// effect to the tear-down.
#[hook]
fn use_channel(connection: &UsePeerConnection, source: Source, history: usize) -> UseDataChannel {
    let slot = use_memo((), |()| {
        let channel = match &source {
            Source::Create(label, init) => Some(
                connection
                    .connection()
                    .and_then(|pc| pc.create_data_channel(label, init)),
            ),
            Source::Remote(_) => None,
        };
        Slot {
            channel: RefCell::new(channel),
            sent: RefCell::default(),
        }
    });
    let ready_state = use_state_eq(|| match &*slot.channel.borrow() {
        None => DataChannelState::Connecting,
        Some(Ok(channel)) => channel.ready_state(),
        Some(Err(_)) => DataChannelState::Closed,
    });
    let buffered_amount = use_state_eq(|| 0_u32);
    let error = use_state_eq(|| None::<Error>);
    let log = use_reducer(|| MessageLog {
        messages: Vec::new(),
        received: 0,
        history,
    });
    {
        let slot = slot.clone();
        let setters = Setters {
            ready_state: ready_state.setter(),
            buffered_amount: buffered_amount.setter(),
            error: error.setter(),
            log: log.dispatcher(),
        };
        let connection = connection.connection();
        use_effect_with((), move |()| {
            let mut tasks = Tasks::default();
            let (sent, wakes) = send_wakes();
            *slot.sent.borrow_mut() = Some(sent);
            let created = slot.channel.borrow().clone();
            match (source, created, connection) {
                (Source::Create(..), Some(Ok(channel)), _) => {
                    tasks.spawn(follow_channel(channel, setters, wakes));
                }
                (Source::Remote(label), None, Ok(connection)) => {
                    let mut announced = connection.data_channels();
                    drop(connection);
                    let slot = slot.clone();
                    tasks.spawn(async move {
                        while let Some(channel) = announced.next().await {
                            if channel.label() == label {
                                drop(announced);
                                *slot.channel.borrow_mut() = Some(Ok(channel.clone()));
                                follow_channel(channel, setters, wakes).await;
                                return;
                            }
                        }
                        // The connection closed first.
                        setters.ready_state.set(DataChannelState::Closed);
                    });
                }
                _ => setters.ready_state.set(DataChannelState::Closed),
            }
            move || {
                drop(tasks);
                slot.sent.borrow_mut().take();
                if let Some(Ok(channel)) = slot.channel.replace(Some(Err(Error::Closed))) {
                    channel.close();
                }
            }
        });
    }
    UseDataChannel {
        slot,
        log,
        ready_state: (*ready_state).clone(),
        buffered_amount: *buffered_amount,
        error: (*error).clone(),
    }
}

/// The setters of a [`UseDataChannel`]'s state, as [`follow_channel`]
/// reports to them.
struct Setters {
    ready_state: UseStateSetter<DataChannelState>,
    buffered_amount: UseStateSetter<u32>,
    error: UseStateSetter<Option<Error>>,
    log: UseReducerDispatcher<MessageLog>,
}

impl ChannelView for Setters {
    fn set_ready_state(&self, state: DataChannelState) {
        self.ready_state.set(state);
    }

    fn push_message(&self, message: Message) {
        self.log.dispatch(message);
    }

    fn set_error(&self, error: Error) {
        self.error.set(Some(error));
    }

    fn set_buffered_amount(&self, bytes: u32) {
        self.buffered_amount.set(bytes);
    }
}
