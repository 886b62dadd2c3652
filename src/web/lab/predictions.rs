//! The "Your predictions" panel's handle: one file read at a time, in
//! chunks, and the summary of the predictions shown at any (γ, α). Every
//! answer is JSON (see [`crate::lab::panel`]) or the charts' scene as
//! numbers; the state stays here.

use wasm_bindgen::prelude::*;

use crate::lab::panel::{options, Panel};
use crate::lab::predictions::ParseOptions;
use crate::lab::stats::alpha_from_torchvision;

#[wasm_bindgen]
pub struct PredictionsLab {
    panel: Panel,
    options: ParseOptions,
}

impl Default for PredictionsLab {
    fn default() -> PredictionsLab {
        PredictionsLab::new()
    }
}

#[wasm_bindgen]
impl PredictionsLab {
    #[wasm_bindgen(constructor)]
    pub fn new() -> PredictionsLab {
        PredictionsLab {
            panel: Panel::new(),
            options: ParseOptions::default(),
        }
    }

    /// Starts reading a file: `mode` is `auto`, `probability` or `logit`;
    /// a column below 0 is chosen by the reader; `maxBytes` ≤ 0 is 2 GB.
    pub fn begin(
        &mut self,
        mode: &str,
        score_column: i32,
        label_column: i32,
        max_bytes: f64,
    ) -> Result<(), JsValue> {
        self.options = options(mode, score_column, label_column, max_bytes)?;
        self.panel.begin(self.options);
        Ok(())
    }

    /// The core's message for a file of `bytes` bytes over the limit, or
    /// nothing: asked before reading.
    #[wasm_bindgen(js_name = checkSize)]
    pub fn check_size(&self, bytes: f64) -> Option<String> {
        self.panel.check_size(bytes, self.options).err()
    }

    /// Reads the next piece of the file; false once the reading failed.
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        self.panel.push(chunk)
    }

    /// Rows read so far.
    #[wasm_bindgen(js_name = rowsRead)]
    pub fn rows_read(&self) -> f64 {
        self.panel.rows_read() as f64
    }

    /// Whether predictions are shown (a file was read, whole or in part).
    #[wasm_bindgen(js_name = hasData)]
    pub fn has_data(&self) -> bool {
        self.panel.has_data()
    }

    /// Ends the file: how it went, as JSON.
    pub fn finish(&mut self) -> String {
        self.panel.finish()
    }

    /// The summary at `gamma` and `alpha` (negative: unweighted, as
    /// torchvision's), as JSON.
    pub fn summarize(&mut self, gamma: f64, alpha: f64) -> Result<String, JsValue> {
        Ok(self.panel.summarize(gamma, alpha_from_torchvision(alpha))?)
    }

    /// Whether a summary at `gamma` needs a pass over more rows than a
    /// draft's sample: then draw `draftScene` first and make the exact pass
    /// in slices (`beginExact`, `stepExact`) before `summarize`.
    #[wasm_bindgen(js_name = wantsDraft)]
    pub fn wants_draft(&self, gamma: f64) -> bool {
        self.panel.wants_draft(gamma)
    }

    /// A drag's scene at `gamma` and `alpha`, for drawing only: Figure 4's
    /// current curves from a sample of each class. The summary stays the
    /// last exact one.
    #[wasm_bindgen(js_name = draftScene)]
    pub fn draft_scene(&self, gamma: f64, alpha: f64) -> Result<Vec<f64>, JsValue> {
        Ok(self
            .panel
            .draft_scene(gamma, alpha_from_torchvision(alpha))?
            .encode())
    }

    /// Begins the exact pass at `gamma` in slices (one under way for it is
    /// kept).
    #[wasm_bindgen(js_name = beginExact)]
    pub fn begin_exact(&mut self, gamma: f64) -> Result<(), JsValue> {
        Ok(self.panel.begin_exact(gamma)?)
    }

    /// Runs up to `rows` more rows of the exact pass; true once it is done.
    #[wasm_bindgen(js_name = stepExact)]
    pub fn step_exact(&mut self, rows: u32) -> Result<bool, JsValue> {
        Ok(self.panel.step_exact(rows as usize)?)
    }

    /// The charts' scene at the last summary (for `LabCharts.drawScene`).
    pub fn scene(&self) -> Option<Vec<f64>> {
        self.panel.scene().map(|s| s.encode())
    }

    /// The last summary with every curve, as a JSON document to keep.
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&self) -> Result<String, JsValue> {
        Ok(self.panel.export_json()?)
    }
}
