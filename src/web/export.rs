//! Exports (feature `export`): a whole chart, with its legend, into a canvas
//! (for a PNG) or an SVG document, its values as CSV, drawn by the same `chart::draw` as the
//! page's canvases, and the file name that says its parameters. The page's
//! own module leaves them out; it loads the full module when a visitor
//! exports a chart.

use wasm_bindgen::prelude::*;

use crate::error::Result;

use crate::chart::Layer;
use crate::error::Error;
use crate::web::canvas::Canvas;
use crate::web::explorer::{finite, kind, Explorer};
use crate::web::surface::{draw_canvas, Under};

#[wasm_bindgen]
impl Explorer {
    /// A file name for an export of `chart` that says the parameters.
    #[wasm_bindgen(js_name = fileStem)]
    pub fn file_stem(&self, chart: &str) -> Result<String> {
        Ok(self.scene.params.file_stem(kind(chart)?.key()))
    }

    /// Draws the whole chart (with its legend) into `canvas` (of the page,
    /// or an `OffscreenCanvas`) at `scale` backing pixels per CSS pixel, for
    /// a PNG export.
    #[wasm_bindgen(js_name = drawTo)]
    pub fn draw_to(
        &mut self,
        chart: &str,
        #[wasm_bindgen(unchecked_param_type = "HTMLCanvasElement | OffscreenCanvas")]
        canvas: JsValue,
        scale: f64,
    ) -> Result<()> {
        let kind = kind(chart)?;
        let canvas = Canvas::from_js("canvas", canvas).map_err(Error)?;
        self.refresh(kind);
        let scale = finite("scale", scale)?.clamp(0.5, 8.0);
        let chart = self.scene.chart(kind);
        draw_canvas(
            &canvas,
            false,
            chart,
            self.theme(),
            Layer::All,
            scale,
            Under::Nothing,
        )?;
        Ok(())
    }

    /// The values `chart` plots as CSV, at 201 evenly spaced x over its
    /// x-range (the screen readers' table's 11 among them): a header row
    /// naming the columns, then every number at full precision.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&mut self, chart: &str) -> Result<String> {
        let kind = kind(chart)?;
        self.refresh(kind);
        Ok(crate::values::csv(self.scene.chart(kind), 201))
    }

    /// The whole chart as an SVG document of `width` × `height` pixels,
    /// drawn by the same code as the canvas (at `chart::SVG_SCALE` times the
    /// size, so that the curves keep a fraction of a pixel).
    #[wasm_bindgen(js_name = exportSvg)]
    pub fn export_svg(&mut self, chart: &str, width: u32, height: u32) -> Result<String> {
        use crate::chart;
        use crate::web::backend::Backend;
        use plotters::prelude::*;

        let kind = kind(chart)?;
        self.refresh(kind);
        let (w, h) = (width.clamp(100, 8192), height.clamp(100, 8192));
        let scale = chart::SVG_SCALE;
        let mut out = String::new();
        {
            let svg = SVGBackend::with_string(&mut out, (w * scale, h * scale));
            let measure = measuring_canvas()?;
            let ctx = measure.context(false).map_err(Error)?;
            let area = Backend::Svg(svg, ctx).into_drawing_area();
            let theme = self.theme();
            chart::draw(
                &area,
                self.scene.chart(kind),
                theme,
                Layer::All,
                f64::from(scale),
            )
            .map_err(Error)?;
        }
        Ok(chart::svg_shown_at(out, w, h))
    }
}

/// A canvas that is not on the page, to measure text with.
fn measuring_canvas() -> Result<Canvas> {
    let canvas = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        .ok_or("exporting an SVG needs a document (to measure text)")?;
    Ok(Canvas::page(canvas))
}
