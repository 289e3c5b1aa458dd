//! Charts drawn with plotters on a `<canvas>`, crisp on high-DPI screens (the canvas is sized in
//! device pixels, fonts and strokes scaled with it) and redrawn when the layout changes.
//!
//! Text goes through the canvas's own `fillText` with the page's font stack, so Chinese labels
//! render with the fonts the page uses. Nothing here asks plotters to *measure* text: its wasm
//! text measurer adds an inline `style` attribute, which the site's CSP forbids. Titles, units and
//! legends are therefore HTML around the canvas, and only left and bottom axis labels are used.
//!
//! Every chart is paired with a table of the same numbers (see `routes::progress`).

use kg_shared::{indicators::Unit, msg::Msg, params::Lang};
use leptos::prelude::*;
use plotters::{
    coord::ranged1d::SegmentValue,
    prelude::*,
    style::text_anchor::{HPos, Pos, VPos},
};
use plotters_canvas::CanvasBackend;

/// Bumped whenever the window is resized; charts redraw when it changes.
#[derive(Clone, Copy)]
pub struct ResizeTick(pub RwSignal<u32>);

pub fn provide_resize_tick() {
    let tick = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| tick.update(|t| *t = t.wrapping_add(1)));
    on_cleanup(move || handle.remove());
    provide_context(ResizeTick(tick));
}

/// Ten colours that stay apart for the common colour-vision deficiencies (Tableau 10); the CSS
/// legend swatches `.c0`–`.c9` use the same values. Lines also differ by marker shape.
pub const PALETTE: [(u8, u8, u8); 10] = [
    (78, 121, 167),
    (242, 142, 43),
    (225, 87, 89),
    (118, 183, 178),
    (89, 161, 79),
    (237, 201, 72),
    (176, 122, 161),
    (255, 157, 167),
    (156, 117, 95),
    (186, 176, 172),
];

fn colour(i: usize) -> RGBColor {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    RGBColor(r, g, b)
}

const FONTS_HANS: &str =
    "\"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", sans-serif";
const FONTS_HANT: &str =
    "\"PingFang TC\", \"Microsoft JhengHei\", \"Noto Sans CJK TC\", \"WenQuanYi Micro Hei\", sans-serif";

/// A canvas prepared for drawing: sized to its CSS width × `css_height` in device pixels.
struct Surface {
    canvas: web_sys::HtmlCanvasElement,
    scale: f64,
    fonts: &'static str,
}

impl Surface {
    fn new(canvas: web_sys::HtmlCanvasElement, css_height: u32, hant: bool) -> Option<Surface> {
        let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).clamp(1.0, 4.0);
        let css_width = canvas.client_width().max(280) as f64;
        canvas.set_width((css_width * dpr).round() as u32);
        canvas.set_height((css_height as f64 * dpr).round() as u32);
        Some(Surface { canvas, scale: dpr, fonts: if hant { FONTS_HANT } else { FONTS_HANS } })
    }

    fn px(&self, v: f64) -> u32 {
        (v * self.scale).round() as u32
    }

    /// The dashed red line of a target.
    fn target_style(&self) -> ShapeStyle {
        ShapeStyle { color: RGBColor(200, 30, 30).to_rgba(), filled: false, stroke_width: self.px(2.0) }
    }

    fn font(&self, size: f64) -> TextStyle<'static> {
        (self.fonts, size * self.scale).into_font().color(&RGBColor(34, 34, 34))
    }
}

type DrawResult = Result<(), String>;

/// A named line: (year, value) points, `None` where the year has no figure.
pub type Series = (String, Vec<(u16, Option<f64>)>);

fn lang_of(hant: bool) -> Lang {
    if hant {
        Lang::Hant
    } else {
        Lang::Hans
    }
}

fn no_canvas(hant: bool) -> String {
    Msg::ChartNoCanvas.text(lang_of(hant)).into()
}

/// The technical detail of a drawing error (the page says what failed, in the reader's script).
fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// A nice upper bound for an axis: 1, 2 or 5 times a power of ten, at least `v`.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * p).find(|&c| c >= v).unwrap_or(10.0 * p)
}

fn tick_label(unit: Unit, v: f64) -> String {
    if unit.is_count() {
        unit.format(v)
    } else if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Horizontal bars, best first from the top, with the target as a dashed vertical line.
pub fn draw_ranking(
    canvas: web_sys::HtmlCanvasElement,
    rows: &[(String, Option<f64>)],
    unit: Unit,
    target: Option<f64>,
    hant: bool,
) -> DrawResult {
    let n = rows.len().max(1);
    let s = Surface::new(canvas, 40 + 30 * n as u32, hant).ok_or_else(|| no_canvas(hant))?;
    let max = rows.iter().filter_map(|r| r.1).chain(target).fold(0.0f64, f64::max);
    let top = if unit == Unit::Percent && max <= 100.0 { 100.0 } else { nice_ceiling(max * 1.05) };
    let longest = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(2).clamp(2, 10) as f64;
    let backend = CanvasBackend::with_canvas_object(s.canvas.clone()).ok_or_else(|| no_canvas(hant))?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let mut chart = ChartBuilder::on(&root)
        .margin_top(s.px(8.0))
        .margin_right(s.px(48.0))
        .margin_left(s.px(6.0))
        .x_label_area_size(s.px(26.0))
        .y_label_area_size(s.px(14.0 * longest + 14.0))
        .build_cartesian_2d(0f64..top, (0..n).into_segmented())
        .map_err(err)?;
    let labels: Vec<String> = rows.iter().map(|r| r.0.chars().take(10).collect()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(RGBColor(235, 235, 235))
        .bold_line_style(RGBColor(210, 210, 210))
        .x_labels(6)
        .x_label_formatter(&|v| tick_label(unit, *v))
        .y_labels(n)
        // Row 0 at the top: plotters counts up from the bottom.
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if *i < n => labels.get(n - 1 - i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .label_style(s.font(13.0))
        .axis_style(RGBColor(120, 120, 120))
        .draw()
        .map_err(err)?;
    let pad = s.px(5.0);
    chart
        .draw_series(rows.iter().enumerate().filter_map(|(i, (_, v))| {
            let v = (*v)?;
            let y = n - 1 - i;
            let mut r = Rectangle::new(
                [(0.0, SegmentValue::Exact(y)), (v, SegmentValue::Exact(y + 1))],
                colour(0).filled(),
            );
            r.set_margin(pad, pad, 0, 0);
            Some(r)
        }))
        .map_err(err)?;
    chart
        .draw_series(rows.iter().enumerate().map(|(i, (_, v))| {
            let y = n - 1 - i;
            let text = v.map(|v| unit.format(v)).unwrap_or_else(|| Msg::NoData.text(lang_of(hant)).into());
            Text::new(
                format!(" {text}"),
                (v.unwrap_or(0.0), SegmentValue::CenterOf(y)),
                s.font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
            )
        }))
        .map_err(err)?;
    if let Some(t) = target {
        let style = s.target_style();
        chart
            .draw_series(DashedLineSeries::new(
                [(t, SegmentValue::Exact(0)), (t, SegmentValue::Exact(n))],
                s.px(6.0),
                s.px(4.0),
                style,
            ))
            .map_err(err)?;
    }
    root.present().map_err(err)
}

/// One line per region over the years, with the target as a dashed horizontal line.
pub fn draw_trend(
    canvas: web_sys::HtmlCanvasElement,
    series: &[Series],
    unit: Unit,
    target: Option<f64>,
    hant: bool,
) -> DrawResult {
    let s = Surface::new(canvas, 300, hant).ok_or_else(|| no_canvas(hant))?;
    let years: Vec<u16> = series.first().map(|r| r.1.iter().map(|p| p.0).collect()).unwrap_or_default();
    let (Some(&y0), Some(&y1)) = (years.first(), years.last()) else { return Ok(()) };
    let values = series.iter().flat_map(|r| r.1.iter().filter_map(|p| p.1)).chain(target);
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = if lo > hi { (0.0, 1.0) } else { (lo, hi) };
    let span = (hi - lo).max(hi.abs() * 0.05).max(1.0);
    let bottom = if unit.is_count() { 0.0 } else { (lo - span * 0.15).max(0.0).floor() };
    let top = (hi + span * 0.15).ceil();
    let backend = CanvasBackend::with_canvas_object(s.canvas.clone()).ok_or_else(|| no_canvas(hant))?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(err)?;
    let x_range = (y0 as f64 - 0.3)..(y1 as f64 + 0.3);
    let mut chart = ChartBuilder::on(&root)
        .margin_top(s.px(12.0))
        .margin_right(s.px(16.0))
        .margin_left(s.px(6.0))
        .x_label_area_size(s.px(26.0))
        .y_label_area_size(s.px(if unit.is_count() { 64.0 } else { 44.0 }))
        .build_cartesian_2d(x_range, bottom..top)
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(RGBColor(240, 240, 240))
        .bold_line_style(RGBColor(215, 215, 215))
        .x_labels(years.len())
        .x_label_formatter(&|v| {
            let y = v.round();
            if (v - y).abs() < 0.01 {
                format!("{y:.0}")
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .y_label_formatter(&|v| tick_label(unit, *v))
        .label_style(s.font(13.0))
        .axis_style(RGBColor(120, 120, 120))
        .draw()
        .map_err(err)?;
    if let Some(t) = target {
        let style = s.target_style();
        chart
            .draw_series(DashedLineSeries::new(
                [(y0 as f64 - 0.3, t), (y1 as f64 + 0.3, t)],
                s.px(6.0),
                s.px(4.0),
                style,
            ))
            .map_err(err)?;
    }
    for (i, (_, points)) in series.iter().enumerate() {
        let c = colour(i);
        let line = ShapeStyle { color: c.to_rgba(), filled: false, stroke_width: s.px(2.0) };
        // A gap in the data breaks the line rather than bridging the missing year.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        for (y, v) in points {
            match v {
                Some(v) => run.push((*y as f64, *v)),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for r in runs.into_iter().filter(|r| !r.is_empty()) {
            chart.draw_series(LineSeries::new(r.iter().copied(), line)).map_err(err)?;
            let m = s.px(4.0) as i32;
            let pts = r.into_iter();
            match i % 3 {
                0 => chart.draw_series(pts.map(|p| Circle::new(p, m, c.filled()))).map(|_| ()),
                1 => chart.draw_series(pts.map(|p| TriangleMarker::new(p, m + 1, c.filled()))).map(|_| ()),
                _ => chart.draw_series(pts.map(|p| Cross::new(p, m, line))).map(|_| ()),
            }
            .map_err(err)?;
        }
    }
    root.present().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_bounds_are_round() {
        assert_eq!(nice_ceiling(83.0), 100.0);
        assert_eq!(nice_ceiling(16_800.0), 20_000.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(2.1), 2.5);
        assert_eq!(tick_label(Unit::Percent, 50.0), "50");
        assert_eq!(tick_label(Unit::Seats, 12000.0), "12,000");
    }
}
