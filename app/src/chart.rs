//! Charts painted on a `<canvas>`, crisp on high-DPI screens (the canvas is sized in device
//! pixels and drawn at the device pixel ratio) and redrawn when the layout changes. What to draw
//! is laid out in the core (`kg_shared::chart`), natively tested; this module only paints it.
//!
//! Text goes through the canvas's own `fillText` with the page's font stack, so Chinese labels
//! render with the fonts the page uses. Titles, units and legends are HTML around the canvas.
//!
//! Every chart is paired with a table of the same numbers (see `routes::progress`).

use kg_shared::{
    chart::{self, Align, Chart, Mark, Shape},
    indicators::Unit,
    msg::Msg,
    params::Lang,
};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CanvasRenderingContext2d;

pub use kg_shared::chart::Series;

/// Bumped whenever the window is resized; charts redraw when it changes.
#[derive(Clone, Copy)]
pub struct ResizeTick(pub RwSignal<u32>);

pub fn provide_resize_tick() {
    let tick = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| tick.update(|t| *t = t.wrapping_add(1)));
    on_cleanup(move || handle.remove());
    provide_context(ResizeTick(tick));
}

const FONTS_HANS: &str =
    "\"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", sans-serif";
const FONTS_HANT: &str =
    "\"PingFang TC\", \"Microsoft JhengHei\", \"Noto Sans CJK TC\", \"WenQuanYi Micro Hei\", sans-serif";

type DrawResult = Result<(), String>;

fn lang_of(hant: bool) -> Lang {
    if hant {
        Lang::Hant
    } else {
        Lang::Hans
    }
}

/// The canvas's laid-out width in CSS pixels.
fn css_width(canvas: &web_sys::HtmlCanvasElement) -> f64 {
    canvas.client_width() as f64
}

/// Paints `c` on `canvas`, sized to the chart in device pixels.
fn paint(canvas: &web_sys::HtmlCanvasElement, c: &Chart, hant: bool) -> DrawResult {
    let no_canvas = || Msg::ChartNoCanvas.text(lang_of(hant)).to_string();
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).clamp(1.0, 4.0);
    canvas.set_width((c.width * dpr).round() as u32);
    canvas.set_height((c.height * dpr).round() as u32);
    let ctx: CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten().and_then(|o| o.dyn_into().ok()).ok_or_else(no_canvas)?;
    let err = |e: JsValue| format!("{e:?}");
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0).map_err(err)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, c.width, c.height);
    let fonts = if hant { FONTS_HANT } else { FONTS_HANS };
    ctx.set_text_baseline("middle");
    let no_dash = js_sys::Array::new();
    for m in &c.marks {
        match m {
            Mark::Rect { x, y, w, h, fill } => {
                ctx.set_fill_style_str(fill);
                ctx.fill_rect(*x, *y, *w, *h);
            }
            Mark::Line { points, stroke, width, dash } => {
                let pattern = match dash {
                    Some((on, off)) => js_sys::Array::of2(&(*on).into(), &(*off).into()),
                    None => no_dash.clone(),
                };
                ctx.set_line_dash(&pattern).map_err(err)?;
                ctx.set_stroke_style_str(stroke);
                ctx.set_line_width(*width);
                ctx.begin_path();
                for (i, (x, y)) in points.iter().enumerate() {
                    // Thin lines on the half pixel, so a 1 px line is one pixel wide.
                    let (x, y) = if *width == 1.0 { (x.round() + 0.5, y.round() + 0.5) } else { (*x, *y) };
                    if i == 0 {
                        ctx.move_to(x, y);
                    } else {
                        ctx.line_to(x, y);
                    }
                }
                ctx.stroke();
            }
            Mark::Text { x, y, text, size, align } => {
                ctx.set_font(&format!("{}px {fonts}", kg_shared::num::trimmed(*size, 1)));
                ctx.set_text_align(match align {
                    Align::Left => "left",
                    Align::Center => "center",
                    Align::Right => "right",
                });
                ctx.set_fill_style_str(chart::INK);
                ctx.fill_text(text, *x, *y).map_err(err)?;
            }
            Mark::Marker { x, y, shape, size, colour } => {
                let (x, y, r) = (*x, *y, *size);
                ctx.set_line_dash(&no_dash).map_err(err)?;
                ctx.set_fill_style_str(colour);
                ctx.set_stroke_style_str(colour);
                ctx.begin_path();
                match shape {
                    Shape::Circle => {
                        ctx.arc(x, y, r, 0.0, std::f64::consts::TAU).map_err(err)?;
                        ctx.fill();
                    }
                    Shape::Triangle => {
                        ctx.move_to(x, y - r - 1.0);
                        ctx.line_to(x + r + 1.0, y + r);
                        ctx.line_to(x - r - 1.0, y + r);
                        ctx.close_path();
                        ctx.fill();
                    }
                    Shape::Cross => {
                        ctx.set_line_width(2.0);
                        ctx.move_to(x - r, y - r);
                        ctx.line_to(x + r, y + r);
                        ctx.move_to(x + r, y - r);
                        ctx.line_to(x - r, y + r);
                        ctx.stroke();
                    }
                }
            }
        }
    }
    Ok(())
}

/// Horizontal bars, best first from the top, with the target as a dashed vertical line.
pub fn draw_ranking(
    canvas: web_sys::HtmlCanvasElement,
    rows: &[(String, Option<f64>)],
    unit: Unit,
    target: Option<f64>,
    hant: bool,
) -> DrawResult {
    let no_data = Msg::NoData.text(lang_of(hant));
    paint(&canvas, &chart::ranking(rows, unit, target, css_width(&canvas), no_data), hant)
}

/// One line per region over the years, with the target as a dashed horizontal line.
pub fn draw_trend(
    canvas: web_sys::HtmlCanvasElement,
    series: &[Series],
    unit: Unit,
    target: Option<f64>,
    hant: bool,
) -> DrawResult {
    paint(&canvas, &chart::trend(series, unit, target, css_width(&canvas)), hant)
}
