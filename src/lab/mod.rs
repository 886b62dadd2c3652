//! The training lab: small models trained live on imbalanced data, side by
//! side, to show why focal loss works (pure Rust, no web).
//!
//! * [`data`]: the seeded toy problem, rare blobs of foreground among many
//!   easy and a few hard negatives.
//! * [`model`]: the model (a one-hidden-layer ReLU network), its forward
//!   pass and its exact gradient through the crate's loss functions.
//! * [`train`]: the [`train::Lab`] that trains cross-entropy, α-balanced
//!   cross-entropy and focal loss from one initialization on one batch stream.
//! * [`metrics`]: average precision, as scikit-learn defines it.

pub mod data;
pub mod metrics;
pub mod model;
pub mod train;
