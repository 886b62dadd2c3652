//! # Focal Loss Explorer
//!
//! Cross-entropy, focal loss and FL* ("Focal Loss for Dense Object Detection",
//! Lin et al.), exact in `f64`, with the charts that show how focal loss
//! reshapes cross-entropy, drawn by plotters into canvases or SVG.
//!
//! * [`loss`]: the losses and their derivatives (pure, no web).
//! * [`params`]: the parameters' schema: names, defaults, limits, links.
//! * [`text`]: numbers, sentences and formulas in words (pure).
//! * [`curves`]: sampling the curves the charts plot (pure, no web).
//! * [`values`]: a chart's values as rows, for the CSV export (pure).
//! * [`chart`]: drawing, generic over plotters' `DrawingBackend`.
//! * [`web`]: the `#[wasm_bindgen]` face for JavaScript.

pub mod chart;
pub mod curves;
pub mod error;
pub mod lab;
pub mod loss;
pub mod number;
pub mod params;
pub mod text;
pub mod values;
pub mod web;

pub use error::Error;
pub use loss::{Label, Loss};

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
