//! The lab: the loss applied to a whole set of predictions, a user's own or a
//! model's. Pure Rust, no web: the `#[wasm_bindgen]` face lives elsewhere.
//!
//! * [`predictions`]: reading a CSV or TSV of scores and labels, in chunks.
//! * [`stats`]: what cross-entropy and focal loss make of a set of
//!   predictions: shares of loss and gradient, the paper's Figure 4, weights.

pub mod predictions;
pub mod stats;
