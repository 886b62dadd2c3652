//! The lab: the loss applied to a whole set of predictions, a user's own or a
//! model's trained live. Pure Rust, no web: the `#[wasm_bindgen]` face lives
//! elsewhere.
//!
//! * [`predictions`]: reading a CSV or TSV of scores and labels, in chunks.
//! * [`stats`]: what cross-entropy and focal loss make of a set of
//!   predictions: shares of loss and gradient, the paper's Figure 4, weights.
//! * [`data`]: the seeded toy problem, rare blobs of foreground among many
//!   easy and a few hard negatives.
//! * [`model`]: the model (a one-hidden-layer ReLU network), its forward
//!   pass and its exact gradient through the crate's loss functions.
//! * [`train`]: the [`train::Lab`] that trains cross-entropy, α-balanced
//!   cross-entropy and focal loss from one initialization on one batch stream.
//! * [`draw`]: the predictions panel's charts, generic over plotters'
//!   `DrawingBackend` (canvas and SVG).
//! * [`panel`]: the predictions panel's state and what it tells the page.
//! * [`draw_train`]: the training panel's charts and figures: each model's
//!   map, loss and AP, and Figure 4 of the focal-loss model.
//! * [`metrics`]: average precision, as scikit-learn defines it.

pub mod data;
pub mod draw;
pub mod draw_train;
pub mod metrics;
pub mod model;
pub mod panel;
pub mod predictions;
pub mod stats;
pub mod train;
