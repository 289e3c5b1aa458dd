//! The charts' layout: a ranking (horizontal bars) or a trend (a line per region over the years)
//! turned into plain marks — rectangles, lines, texts, markers — in CSS pixels, which the app
//! paints on a `<canvas>` (`app/src/chart.rs`) and native tests read.
//!
//! Written here rather than drawn with plotters: plotters' generic drawing code was about 30 KB
//! (brotli) of the chart widget, a third of the widget's budget, for two kinds of chart.
//!
//! Nothing here measures text: a label's room is estimated from its length (a CJK character is
//! about one em), and titles, units and legends are HTML around the canvas. Every chart is paired
//! with a table of the same numbers on the page.

use crate::indicators::Unit;

/// A colour, as CSS and the canvas write it (`#rrggbb`).
pub type Rgb = &'static str;

/// Ten colours that stay apart for the common colour-vision deficiencies (Tableau 10); the CSS
/// legend swatches `.c0`–`.c9` use the same values. Lines also differ by marker shape.
pub const PALETTE: [Rgb; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
    "#bab0ac",
];

/// The dashed line of a target.
pub const TARGET: Rgb = "#c81e1e";
/// Labels.
pub const INK: Rgb = "#222222";
/// The axes.
pub const AXIS: Rgb = "#787878";
/// Grid lines at the ticks.
pub const GRID: Rgb = "#e1e1e1";

/// The marker of series `i`, which the legend shows beside its colour (`MARKER_SYMBOLS`).
pub fn marker(i: usize) -> Shape {
    [Shape::Circle, Shape::Triangle, Shape::Cross][i % 3]
}

/// The legend's text for each marker shape, in `marker` order.
pub const MARKER_SYMBOLS: [&str; 3] = ["●", "▲", "✕"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Triangle,
    Cross,
}

/// How a text stands to its anchor: left, centred or right of it (always centred vertically).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// A filled rectangle from (x, y), down and to the right.
    Rect { x: f64, y: f64, w: f64, h: f64, fill: Rgb },
    /// A line through `points`, dashed as (dash, gap) if given.
    Line { points: Vec<(f64, f64)>, stroke: Rgb, width: f64, dash: Option<(f64, f64)> },
    /// A label in the page's fonts, `size` px, in `INK`.
    Text { x: f64, y: f64, text: String, size: f64, align: Align },
    /// A data point: `size` is the radius of a circle, the half-width of a triangle or cross.
    Marker { x: f64, y: f64, shape: Shape, size: f64, colour: Rgb },
}

/// A chart laid out: its size in CSS pixels and what to draw, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub marks: Vec<Mark>,
}

/// A named line: (year, value) points, `None` where the year has no figure.
pub type Series = (String, Vec<(u16, Option<f64>)>);

/// The narrowest a chart is laid out, in CSS pixels (narrower canvases scale it down).
pub const MIN_WIDTH: f64 = 280.0;

const LABEL: f64 = 13.0;
const VALUE: f64 = 12.0;

/// A nice upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten, at least `v`.
pub fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * p).find(|&c| c >= v).unwrap_or(10.0 * p)
}

/// At most `most` ticks between `lo` and `hi`, a nice step apart (1, 2 or 5 times a power of ten).
pub fn ticks(lo: f64, hi: f64, most: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo || most < 2 {
        return vec![lo];
    }
    // The smallest nice step, m × 10^e, that gives no more than `most` ticks.
    let raw = (hi - lo) / (most - 1) as f64;
    let e0 = raw.log10().floor() as i32 - 1;
    let (m, e) = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        .iter()
        .map(|&m| (m, e0))
        .find(|&(m, e)| {
            let s = m * 10f64.powi(e);
            (hi / s + 1e-9).floor() - (lo / s - 1e-9).ceil() + 1.0 <= most as f64
        })
        .unwrap_or((100.0, e0));
    let step = m * 10f64.powi(e);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    // k·m over a power of ten, so 0.1 × 3 is 0.3, not 0.30000000000000004.
    (first..=last)
        .map(|k| if e < 0 { k as f64 * m / 10f64.powi(-e) } else { k as f64 * m * 10f64.powi(e) })
        .collect()
}

/// An axis label: counts grouped in thousands, other figures whole or to one decimal.
pub fn tick_label(unit: Unit, v: f64) -> String {
    if unit.is_count() {
        unit.format(v)
    } else if (v - v.round()).abs() < 1e-9 {
        crate::num::fixed(v, 0)
    } else {
        crate::num::fixed(v, 1)
    }
}

/// The plotting area within a chart, and its scales.
struct Plot {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    x: (f64, f64),
    y: (f64, f64),
}

impl Plot {
    fn px(&self, v: f64) -> f64 {
        self.left + (v - self.x.0) / (self.x.1 - self.x.0) * (self.right - self.left)
    }
    fn py(&self, v: f64) -> f64 {
        self.bottom - (v - self.y.0) / (self.y.1 - self.y.0) * (self.bottom - self.top)
    }
    fn axes(&self, marks: &mut Vec<Mark>) {
        let (l, b) = (self.left, self.bottom);
        marks.push(line(vec![(l, self.top), (l, b), (self.right, b)], AXIS, 1.0));
    }
}

fn line(points: Vec<(f64, f64)>, stroke: Rgb, width: f64) -> Mark {
    Mark::Line { points, stroke, width, dash: None }
}

fn dashed(points: Vec<(f64, f64)>) -> Mark {
    Mark::Line { points, stroke: TARGET, width: 2.0, dash: Some((6.0, 4.0)) }
}

fn text(x: f64, y: f64, text: String, size: f64, align: Align) -> Mark {
    Mark::Text { x, y, text, size, align }
}

/// Horizontal bars, best first from the top, each with its value (or `no_data`) at its end,
/// with the target as a dashed vertical line. `width` is the canvas's CSS width.
pub fn ranking(
    rows: &[(String, Option<f64>)],
    unit: Unit,
    target: Option<f64>,
    width: f64,
    no_data: &str,
) -> Chart {
    let n = rows.len().max(1);
    let (width, height) = (width.max(MIN_WIDTH), 40.0 + 30.0 * n as f64);
    let max = rows.iter().filter_map(|r| r.1).chain(target).fold(0.0f64, f64::max);
    let top = if unit == Unit::Percent && max <= 100.0 { 100.0 } else { nice_ceiling(max * 1.05) };
    let names: Vec<String> = rows.iter().map(|r| r.0.chars().take(10).collect()).collect();
    let longest = names.iter().map(|s| s.chars().count()).max().unwrap_or(2).clamp(2, 10) as f64;
    let p = Plot {
        left: 6.0 + LABEL * longest + 14.0,
        right: width - 48.0,
        top: 8.0,
        bottom: height - 26.0,
        x: (0.0, top),
        y: (0.0, 1.0),
    };
    let mut marks = Vec::new();
    for t in ticks(0.0, top, 6) {
        let x = p.px(t);
        marks.push(line(vec![(x, p.top), (x, p.bottom)], GRID, 1.0));
        marks.push(text(x, p.bottom + 13.0, tick_label(unit, t), LABEL, Align::Center));
    }
    p.axes(&mut marks);
    let band = (p.bottom - p.top) / n as f64;
    for (i, ((_, v), name)) in rows.iter().zip(&names).enumerate() {
        let (y, mid) = (p.top + band * i as f64, p.top + band * (i as f64 + 0.5));
        marks.push(text(p.left - 6.0, mid, name.clone(), LABEL, Align::Right));
        let end = match v {
            Some(v) => {
                let end = p.px(v.max(0.0));
                marks.push(Mark::Rect {
                    x: p.left,
                    y: y + 5.0,
                    w: end - p.left,
                    h: band - 10.0,
                    fill: PALETTE[0],
                });
                end
            }
            None => p.left,
        };
        let label = v.map(|v| unit.format(v)).unwrap_or_else(|| no_data.to_string());
        marks.push(text(end + 4.0, mid, label, VALUE, Align::Left));
    }
    if let Some(t) = target {
        let x = p.px(t);
        marks.push(dashed(vec![(x, p.top), (x, p.bottom)]));
    }
    Chart { width, height, marks }
}

/// One line per region over the years (broken where a year has no figure), each with its
/// marker, and the target as a dashed horizontal line. Empty if there are no years.
pub fn trend(series: &[Series], unit: Unit, target: Option<f64>, width: f64) -> Chart {
    let (width, height) = (width.max(MIN_WIDTH), 300.0);
    let years: Vec<u16> = series.first().map(|r| r.1.iter().map(|p| p.0).collect()).unwrap_or_default();
    let (Some(&y0), Some(&y1)) = (years.first(), years.last()) else {
        return Chart { width, height, marks: Vec::new() };
    };
    let values = series.iter().flat_map(|r| r.1.iter().filter_map(|p| p.1)).chain(target);
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let (lo, hi) = if lo > hi { (0.0, 1.0) } else { (lo, hi) };
    let span = (hi - lo).max(hi.abs() * 0.05).max(1.0);
    let bottom = if unit.is_count() { 0.0 } else { (lo - span * 0.15).max(0.0).floor() };
    let top = (hi + span * 0.15).ceil();
    let p = Plot {
        left: 6.0 + if unit.is_count() { 64.0 } else { 44.0 },
        right: width - 16.0,
        top: 12.0,
        bottom: height - 26.0,
        x: (y0 as f64 - 0.3, y1 as f64 + 0.3),
        y: (bottom, top),
    };
    let mut marks = Vec::new();
    for t in ticks(bottom, top, 6) {
        let y = p.py(t);
        marks.push(line(vec![(p.left, y), (p.right, y)], GRID, 1.0));
        marks.push(text(p.left - 6.0, y, tick_label(unit, t), LABEL, Align::Right));
    }
    for &year in &years {
        let x = p.px(year as f64);
        marks.push(line(vec![(x, p.top), (x, p.bottom)], GRID, 1.0));
        marks.push(text(x, p.bottom + 13.0, year.to_string(), LABEL, Align::Center));
    }
    p.axes(&mut marks);
    if let Some(t) = target {
        let y = p.py(t);
        marks.push(dashed(vec![(p.left, y), (p.right, y)]));
    }
    for (i, (_, points)) in series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        // A gap in the data breaks the line rather than bridging the missing year.
        for run in points.split(|(_, v)| v.is_none()).filter(|r| !r.is_empty()) {
            let xy: Vec<(f64, f64)> =
                run.iter().filter_map(|(y, v)| Some((p.px(*y as f64), p.py((*v)?)))).collect();
            if xy.len() > 1 {
                marks.push(line(xy.clone(), colour, 2.0));
            }
            let shape = marker(i);
            marks.extend(xy.into_iter().map(|(x, y)| Mark::Marker { x, y, shape, size: 4.0, colour }));
        }
    }
    Chart { width, height, marks }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(c: &Chart) -> Vec<(&str, f64, f64)> {
        c.marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, x, y, .. } => Some((text.as_str(), *x, *y)),
                _ => None,
            })
            .collect()
    }

    fn bars(c: &Chart) -> Vec<(f64, f64, f64)> {
        c.marks
            .iter()
            .filter_map(|m| match m {
                Mark::Rect { x, y, w, .. } => Some((*x, *y, *w)),
                _ => None,
            })
            .collect()
    }

    fn dashes(c: &Chart) -> Vec<&Vec<(f64, f64)>> {
        c.marks
            .iter()
            .filter_map(|m| match m {
                Mark::Line { points, dash: Some(_), .. } => Some(points),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn axis_bounds_and_ticks_are_round() {
        assert_eq!(nice_ceiling(83.0), 100.0);
        assert_eq!(nice_ceiling(16_800.0), 20_000.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(2.1), 2.5);
        assert_eq!(ticks(0.0, 100.0, 6), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(72.0, 100.0, 6), [75.0, 80.0, 85.0, 90.0, 95.0, 100.0]);
        assert_eq!(ticks(0.0, 0.5, 6), [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]);
        assert_eq!(ticks(0.0, 25_000.0, 6), [0.0, 5_000.0, 10_000.0, 15_000.0, 20_000.0, 25_000.0]);
        assert_eq!(tick_label(Unit::Percent, 50.0), "50");
        assert_eq!(tick_label(Unit::Percent, 0.5), "0.5");
        assert_eq!(tick_label(Unit::Seats, 12000.0), "12,000");
    }

    #[test]
    fn ranking_draws_each_row_in_order_with_its_value() {
        let rows = vec![
            ("东莞市".to_string(), Some(91.4)),
            ("一个名字很长很长很长的县区".to_string(), Some(45.7)),
            ("中山市".to_string(), None),
        ];
        let c = ranking(&rows, Unit::Percent, Some(98.0), 600.0, "无数据");
        assert_eq!((c.width, c.height), (600.0, 130.0));
        let b = bars(&c);
        assert_eq!(b.len(), 2, "no bar where there is no figure");
        // Best first from the top; lengths in proportion to the values on a 0–100 axis.
        assert!(b[0].1 < b[1].1);
        assert!(((b[0].2 / b[1].2) - 91.4 / 45.7).abs() < 1e-9);
        let t = texts(&c);
        let label = |s: &str| t.iter().find(|x| x.0 == s).copied().unwrap_or_else(|| panic!("{s} in {t:?}"));
        assert!(
            label("东莞市").2 < label("一个名字很长很长很长").2,
            "names top to bottom, cut to 10 characters"
        );
        assert!(label("中山市").2 < label("无数据").2 + 1e-9 && label("无数据").2 < label("中山市").2 + 1e-9);
        assert_eq!(label("91.4").1, b[0].0 + b[0].2 + 4.0, "the value at the bar's end");
        for tick in ["0", "20", "100"] {
            label(tick);
        }
        // The target at 98 on the same scale as the bars.
        let d = dashes(&c);
        assert_eq!(d.len(), 1);
        let x98 = d[0][0].0;
        assert!(((x98 - b[0].0) / b[0].2 - 98.0 / 91.4).abs() < 1e-9);
    }

    #[test]
    fn ranking_counts_get_a_round_axis_above_the_largest() {
        let rows = vec![("榕城区".to_string(), Some(16_800.0))];
        let c = ranking(&rows, Unit::Seats, None, 100.0, "无数据");
        assert_eq!(c.width, MIN_WIDTH);
        let t = texts(&c);
        assert!(t.iter().any(|x| x.0 == "20,000") && t.iter().any(|x| x.0 == "16,800"), "{t:?}");
        assert!(dashes(&c).is_empty());
    }

    #[test]
    fn trend_breaks_lines_at_gaps_and_marks_every_point() {
        let series: Vec<Series> = vec![
            ("榕城区".into(), vec![(2021, Some(75.0)), (2022, Some(77.5)), (2023, None), (2024, Some(82.7))]),
            (
                "揭东区".into(),
                vec![(2021, Some(75.2)), (2022, Some(78.0)), (2023, Some(80.1)), (2024, Some(83.0))],
            ),
        ];
        let c = trend(&series, Unit::Percent, Some(85.0), 640.0);
        let lines: Vec<(&Vec<(f64, f64)>, Rgb)> = c
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Line { points, stroke, dash: None, width, .. } if *width == 2.0 => {
                    Some((points, *stroke))
                }
                _ => None,
            })
            .collect();
        // 榕城区: 2021–2022, then 2024 alone (a point, no line); 揭东区: one line of four.
        assert_eq!(
            lines.iter().map(|l| (l.0.len(), l.1)).collect::<Vec<_>>(),
            [(2, PALETTE[0]), (4, PALETTE[1])]
        );
        let markers: Vec<Shape> = c
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Marker { shape, .. } => Some(*shape),
                _ => None,
            })
            .collect();
        assert_eq!(markers.iter().filter(|s| **s == Shape::Circle).count(), 3);
        assert_eq!(markers.iter().filter(|s| **s == Shape::Triangle).count(), 4);
        // Years along the bottom; higher values higher up; the target above every line.
        let t = texts(&c);
        let years: Vec<&str> = t.iter().filter(|x| x.0.starts_with("202")).map(|x| x.0).collect();
        assert_eq!(years, ["2021", "2022", "2023", "2024"]);
        let (low, high) = (lines[1].0[0], lines[1].0[3]);
        assert!(high.1 < low.1 && high.0 > low.0);
        let d = dashes(&c);
        assert_eq!(d.len(), 1);
        assert!(d[0][0].1 < high.1 && d[0][0].1 == d[0][1].1);
    }

    #[test]
    fn trend_without_years_is_empty() {
        assert!(trend(&[], Unit::Percent, None, 400.0).marks.is_empty());
    }
}
