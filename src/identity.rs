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
use std::rc::{Rc, Weak};

use js_sys::{Object, WeakMap};
use wasm_bindgen::JsValue;

/// The shared states of one wrapper type, by browser object.
pub(crate) struct Handles<T> {
    keys: WeakMap,
    states: RefCell<IdMap<Weak<T>>>,
    next: Cell<u64>,
}

impl<T> Handles<T> {
    pub(crate) fn new() -> Self {
        Handles {
            keys: WeakMap::new(),
            states: RefCell::new(IdMap::default()),
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
        self.states.borrow().get(key)?.upgrade()
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
        self.states.borrow_mut().push(key, Rc::downgrade(&state));
        state
    }

    /// Forgets `raw`'s state; called when that state is dropped.
    pub(crate) fn remove(&self, raw: &Object) {
        if let Some(key) = self.key(raw) {
            self.keys.delete(raw);
            self.states.borrow_mut().remove(key);
        }
    }
}

/// A map from ids handed out in increasing order: a vector kept sorted by
/// inserting at the end, searched by bisection. Smaller in wasm than a
/// hash map, and as fast for the few live objects a page has.
#[derive(Debug)]
pub(crate) struct IdMap<V> {
    entries: Vec<(u64, V)>,
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap {
            entries: Vec::new(),
        }
    }
}

impl<V> IdMap<V> {
    fn position(&self, id: u64) -> Result<usize, usize> {
        self.entries.binary_search_by_key(&id, |(key, _)| *key)
    }

    /// The value of `id`.
    pub(crate) fn get(&self, id: u64) -> Option<&V> {
        self.position(id).ok().map(|at| &self.entries[at].1)
    }

    /// The value of `id`, to change.
    #[cfg(any(feature = "js", test))]
    pub(crate) fn get_mut(&mut self, id: u64) -> Option<&mut V> {
        self.position(id).ok().map(|at| &mut self.entries[at].1)
    }

    /// Adds `value` under `id`, which must be above every id in the map
    /// (otherwise it goes in its sorted place).
    pub(crate) fn push(&mut self, id: u64, value: V) {
        match self.entries.last() {
            Some((last, _)) if *last >= id => match self.position(id) {
                Ok(at) => self.entries[at].1 = value,
                Err(at) => self.entries.insert(at, (id, value)),
            },
            _ => self.entries.push((id, value)),
        }
    }

    /// Removes and returns the value of `id`.
    pub(crate) fn remove(&mut self, id: u64) -> Option<V> {
        let at = self.position(id).ok()?;
        Some(self.entries.remove(at).1)
    }
}

#[cfg(test)]
mod tests {
    use super::IdMap;

    #[test]
    fn ids_map_to_their_values_in_any_order_of_removal() {
        let mut map = IdMap::default();
        for id in 0..10u64 {
            map.push(id, id * 10);
        }
        assert_eq!(map.get(7), Some(&70));
        assert_eq!(map.remove(3), Some(30));
        assert_eq!(map.get(3), None);
        assert_eq!(map.remove(3), None);
        *map.get_mut(9).unwrap() += 1;
        assert_eq!(map.get(9), Some(&91));
        // An id below the last goes in its sorted place.
        map.push(3, 31);
        assert_eq!(map.get(3), Some(&31));
        map.push(3, 32);
        assert_eq!(map.get(3), Some(&32));
        assert_eq!(map.get(10), None);
    }
}
