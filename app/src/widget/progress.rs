//! The scorecard and chart widgets: a region's indicators against their targets, from
//! `stats.json`, as the 进展 page computes them (`kg_shared::indicators::Progress`).

use super::{
    dom::{el, El},
    problem, table, Ctx,
};
use crate::{
    chart::{draw_ranking, draw_trend, Series},
    data::load_stats,
    i18n::{Msg, Phrase},
};
use kg_shared::{indicators::Progress, manifest::FileKind, params::Lang};
use std::{future::Future, pin::Pin, rc::Rc};
use wasm_bindgen::JsCast;

pub fn scorecard_widget(ctx: Rc<Ctx>, out: El) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(with_region(ctx, out, scorecard_body))
}

/// The chart widget: the only one that links the charts.
pub fn chart_widget(ctx: Rc<Ctx>, out: El) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(with_region(ctx, out, chart_body))
}

/// Loads the statistics, finds the region the URL names, and draws `body` for it; or says what
/// is missing.
async fn with_region(ctx: Rc<Ctx>, out: El, body: fn(&Ctx, &Progress, u32, &El)) {
    let lang = ctx.lang();
    let Some(entry) = ctx.entry(FileKind::Stats, None) else {
        return out.append(problem(lang, Msg::WidgetDataError, "stats"));
    };
    let st = match load_stats(&ctx.site, entry).await {
        Ok(s) => s,
        Err(e) => return out.append(problem(lang, Msg::WidgetDataError, &ctx.load_error(&e))),
    };
    let as_of = ctx.manifest.dataset.as_of.get(..4).and_then(|y| y.parse::<u16>().ok()).unwrap_or(0);
    let engine = Progress::new(&st, as_of);
    let Some(region) = ctx.p.region.filter(|r| engine.region(*r).is_some()) else {
        // Name what was asked for: the code, the raw parameter if it was no code, or that none
        // was given (never a message ending in a bare colon).
        let asked = ctx
            .p
            .region
            .map(|r| r.to_string())
            .or_else(|| crate::browser::query_param("region").map(|s| s.chars().take(20).collect()))
            .filter(|s: &String| !s.trim().is_empty())
            .unwrap_or_else(|| Msg::WidgetNoRegionParam.text(lang).to_string());
        return out.append(problem(lang, Msg::WidgetUnknownRegion, &asked));
    };
    body(&ctx, &engine, region, &out);
}

/// The compact card for narrow frames: indicator, value, target, verdict.
fn scorecard_body(ctx: &Ctx, engine: &Progress, region: u32, out: &El) {
    let cards = engine.scorecard(region);
    let dash = || Phrase::plain("—");
    let mut compact = kg_shared::export::Table::new(
        [Msg::ColIndicator, Msg::ColValue, Msg::ColTarget, Msg::ColVerdict].map(Phrase::from).to_vec(),
        cards
            .iter()
            .map(|a| {
                let u = a.indicator.def().unit;
                let value = |v| {
                    let (v, year) = (Phrase::plain(u.format(v)), Phrase::plain(a.year.to_string()));
                    Msg::WidgetValue.fill(vec![v, u.label().into(), year])
                };
                vec![
                    a.indicator.def().label.into(),
                    a.reading.value().map(value).unwrap_or_else(dash),
                    a.target().map(kg_shared::indicators::target_text).unwrap_or_else(dash),
                    a.verdict.label().into(),
                ]
            })
            .collect(),
    );
    // The target cell links to the paragraph that sets it.
    for (row, a) in cards.iter().enumerate() {
        if let Some(href) = a.target().and_then(|t| t.href()) {
            compact.links.push(kg_shared::export::Link { row, col: 2, href });
        }
    }
    let name = ctx.data(engine.name(region));
    out.append(el("h1").text(&format!("{name}：{}", ctx.t(Msg::ProgressCardTitle))));
    out.append(table(ctx, &compact, "scorecard", &name, "w-table"));
}

/// A trend (or, with `view=ranking` or a one-year indicator, a ranking) of the region and its
/// peers: a county with the other counties of its city.
fn chart_body(ctx: &Ctx, engine: &Progress, region: u32, out: &El) {
    let lang = ctx.lang();
    let parent = crate::routes::progress::compare_scope(engine, region);
    let regions = engine.children(parent);
    if regions.is_empty() {
        return out.append(problem(lang, Msg::WidgetUnknownRegion, &region.to_string()));
    }
    let ind = ctx.p.indicator;
    let def = ind.def();
    let unit = def.unit;
    let target = engine.shared_target(&regions, ind).map(|t| t.value);
    let parent_name = Phrase::data(engine.name(parent).to_string());
    type Draw = Box<dyn Fn(web_sys::HtmlCanvasElement) -> Result<(), String>>;
    let (caption, table_t, legend, draw): (Phrase, _, Option<Vec<String>>, Draw) = if ctx.p.ranking
        || !ind.has_years()
    {
        let year = engine.common_year(&regions, ind);
        let rank = engine.ranking(&regions, ind, year);
        let table_t = engine.ranking_table(&rank, ind, year);
        let bars: Vec<(String, Option<f64>)> = rank.iter().map(|r| (ctx.data(&r.name), r.value)).collect();
        let caption = Phrase::Seq(vec![
            parent_name,
            Phrase::plain(" · "),
            kg_shared::indicators::rank_caption(ind, year),
        ]);
        let hant = lang == Lang::Hant;
        (caption, table_t, None, Box::new(move |c| draw_ranking(c, &bars, unit, target, hant)))
    } else {
        let all_years = engine.years();
        let (y0, y1) = ctx.p.years.unwrap_or((all_years[0], all_years[all_years.len() - 1]));
        let years: Vec<u16> = all_years.into_iter().filter(|y| (y0..=y1).contains(y)).collect();
        if years.is_empty() {
            return out.append(problem(lang, Msg::WidgetNoYears, &format!("{y0}-{y1}")));
        }
        let trend = engine.trend(&regions, ind, &years);
        let table_t = engine.trend_table(&trend, ind);
        let series: Vec<Series> = trend.iter().map(|r| (ctx.data(&r.name), r.values.clone())).collect();
        let caption = Phrase::Seq(vec![
            parent_name,
            Phrase::plain(" · "),
            kg_shared::indicators::trend_caption(ind, years[0], years[years.len() - 1]),
        ]);
        let hant = lang == Lang::Hant;
        let names = series.iter().map(|s| s.0.clone()).collect();
        (caption, table_t, Some(names), Box::new(move |c| draw_trend(c, &series, unit, target, hant)))
    };
    let caption = ctx.phrase(&caption);
    // Written whole, so that the widget stylesheet (postbuild) finds them in the wasm.
    let (class, table_class) =
        if legend.is_some() { ("trend", "trend-table") } else { ("ranking", "ranking-table") };
    let canvas = el("canvas").attr("role", "img").attr("aria-label", &caption);
    let error = el("p").class("error").attr("role", "alert").attr("hidden", "");
    let figure = el("figure").class(&format!("chart {class}")).child(canvas.clone()).child(error.clone());
    if let Some(names) = &legend {
        // The legend: each region's colour and marker, as drawn.
        figure.append(el("ul").class("legend").children(names.iter().enumerate().map(|(i, name)| {
            let marker = kg_shared::chart::MARKER_SYMBOLS[i % 3];
            let swatch =
                el("span").class(&format!("swatch c{}", i % 10)).attr("aria-hidden", "true").text(marker);
            el("li").child(swatch).text(name)
        })));
    }
    let details = el("details").child(el("summary").text(ctx.t(Msg::ProgressTableCaption))).child(table(
        ctx,
        &table_t,
        table_class,
        &caption,
        "w-table",
    ));
    out.append(el("h1").text(&caption));
    out.append(figure.child(details));
    out.append(el("p").class("definition").text(ctx.t(def.formula)));
    // Drawn once in the page (the chart is laid out to the canvas's width), and again
    // whenever the frame is resized.
    let c: web_sys::HtmlCanvasElement = canvas.0.unchecked_into();
    let chart_error = ctx.t(Msg::ProgressChartError);
    let redraw = move || match draw(c.clone()) {
        Ok(()) => {
            let _ = c.set_attribute("data-drawn", "1");
            let _ = error.0.set_attribute("hidden", "");
        }
        Err(e) => {
            error.clear();
            error.append(el("span").text(chart_error).text(&e));
            let _ = error.0.remove_attribute("hidden");
        }
    };
    redraw();
    let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(redraw);
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("resize", cb.as_ref().unchecked_ref());
    }
    cb.forget();
}
