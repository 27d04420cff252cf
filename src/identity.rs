//! One shared state per browser object, whichever way a wrapper is made.
//!
//! A browser object can reach Rust many times: a `datachannel` event seen by
//! two listeners, `From<RtcDataChannel>` on an object the crate already
//! wraps, a connection handed back by JavaScript. Each wrapper type keeps a
//! [`Handles`] table so that all of them find the same state (the same
//! message queue, watermarks and listeners) and the object is closed only
//! when the last handle goes.
//!
//! The table is a JavaScript `WeakMap` from the browser object to a number,
//! and a Rust map from that number to a weak reference to the state: the
//! browser object is never kept alive by the table, and the state removes
//! itself when it is dropped.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use js_sys::{Object, WeakMap};
use wasm_bindgen::JsValue;

/// The shared states of one wrapper type, by browser object.
pub(crate) struct Handles<T> {
    keys: WeakMap,
    states: RefCell<HashMap<u64, Weak<T>>>,
    next: Cell<u64>,
}

impl<T> Handles<T> {
    pub(crate) fn new() -> Self {
        Handles {
            keys: WeakMap::new(),
            states: RefCell::default(),
            next: Cell::new(0),
        }
    }

    fn key(&self, raw: &Object) -> Option<u64> {
        let key = self.keys.get(raw).as_f64()?;
        // Keys are whole numbers below 2^53 that this table wrote.
        Some(key as u64)
    }

    /// The live state of `raw`, if a handle to it exists.
    pub(crate) fn find(&self, raw: &Object) -> Option<Rc<T>> {
        let key = self.key(raw)?;
        self.states.borrow().get(&key)?.upgrade()
    }

    /// The live state of `raw`, or a new one made by `make` and recorded.
    pub(crate) fn find_or_insert(&self, raw: &Object, make: impl FnOnce() -> Rc<T>) -> Rc<T> {
        if let Some(state) = self.find(raw) {
            return state;
        }
        let state = make();
        let key = self.next.get();
        self.next.set(key + 1);
        // `WeakMap.set` only throws for a key that is not an object.
        self.keys.set(raw, &JsValue::from_f64(key as f64));
        self.states.borrow_mut().insert(key, Rc::downgrade(&state));
        state
    }

    /// Forgets `raw`'s state; called when that state is dropped.
    pub(crate) fn remove(&self, raw: &Object) {
        if let Some(key) = self.key(raw) {
            self.keys.delete(raw);
            self.states.borrow_mut().remove(&key);
        }
    }
}
