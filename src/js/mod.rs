//! The npm-facing JavaScript API (feature `js`).
