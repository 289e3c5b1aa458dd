//! The service-zone widget: pick a 乡镇/街道 and a 社区/村, see the kindergartens admitting
//! from it. A scan of one city's list answers at once: no query engine to build or to ship.

use super::{
    dom::{el, event_value, El},
    local_region, problem, Ctx,
};
use crate::{
    data::{load_divisions, load_list, LoadError},
    i18n::Msg,
    site::detail_href,
};
use kg_shared::{codec::ListShard, indicators::Level, manifest::FileKind, regions::Divisions};
use std::{cell::RefCell, future::Future, pin::Pin, rc::Rc};

pub fn zone_widget(ctx: Rc<Ctx>, out: El) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(draw(ctx, out))
}

/// What the reader picked and what has arrived.
#[derive(Default)]
struct State {
    village: Option<u64>,
    list: Option<Result<ListShard, LoadError>>,
}

async fn draw(ctx: Rc<Ctx>, out: El) {
    let lang = ctx.lang();
    let Some((region, city)) = local_region(&ctx, &out) else { return };
    out.append(el("h1").text(ctx.t(Msg::FinderZone)));
    out.append(el("p").text(ctx.t(Msg::FinderZoneIntro)));
    let (Some(list_entry), Some(div_entry)) =
        (ctx.entry(FileKind::List, Some(city)), ctx.entry(FileKind::Divisions, Some(city)))
    else {
        return out.append(problem(lang, Msg::WidgetUnknownRegion, &region.to_string()));
    };
    let town = el("select").attr("id", "w-town").child(any(&ctx));
    let village = el("select").attr("id", "w-village").child(any(&ctx));
    let field = |id: &str, label: Msg, select: &El| {
        el("div").class("field").child(el("label").attr("for", id).text(ctx.t(label))).child(select.clone())
    };
    let form = el("form")
        .class("filters")
        .on("submit", |ev| ev.prevent_default())
        .child(field("w-town", Msg::FinderTown, &town))
        .child(field("w-village", Msg::FinderVillage, &village));
    out.append(form);
    let results = el("div").class("zone-answer");
    out.append(results.clone());

    let state = Rc::new(RefCell::new(State::default()));
    let show = {
        let (ctx, state, results) = (ctx.clone(), state.clone(), results.clone());
        Rc::new(move || show_results(&ctx, &state.borrow(), &results))
    };
    // The list downloads while the 乡镇 are being chosen.
    {
        let (ctx, state, show) = (ctx.clone(), state.clone(), show.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let list = load_list(&ctx.site, list_entry).await;
            state.borrow_mut().list = Some(list);
            show();
        });
    }
    let dv = match load_divisions(&ctx.site, div_entry).await {
        Ok(d) => Rc::new(d),
        Err(e) => return out.append(problem(lang, Msg::WidgetDataError, &ctx.load_error(&e))),
    };
    let fixed_county = (Level::of(region) == Level::County).then_some(region);
    fill_towns(&ctx, &dv, fixed_county, &town);
    {
        let (ctx, dv, state, village, show) =
            (ctx.clone(), dv.clone(), state.clone(), village.clone(), show.clone());
        town.clone().on("change", move |ev| {
            village.clear();
            village.append(any(&ctx));
            if let Ok(t) = event_value(&ev).parse::<u32>() {
                village.append_all(dv.villages_of(t).map(|v| option(&ctx, &v.0.to_string(), &v.1)));
            }
            state.borrow_mut().village = None;
            show();
        });
    }
    village.on("change", move |ev| {
        state.borrow_mut().village = event_value(&ev).parse().ok();
        show();
    });
}

/// 不限: no choice yet.
fn any(ctx: &Ctx) -> El {
    el("option").attr("value", "").text(ctx.t(Msg::FinderAny))
}

fn option(ctx: &Ctx, value: &str, name: &str) -> El {
    el("option").attr("value", value).text(&ctx.data(name))
}

/// A whole city's 乡镇/街道 come grouped under their 县区 (142 names in one flat list are
/// unusable); a county's widget lists its own.
fn fill_towns(ctx: &Ctx, dv: &Divisions, county: Option<u32>, select: &El) {
    let of = |c: u32| dv.towns_of(c).map(|t| option(ctx, &t.0.to_string(), &t.1));
    if let Some(c) = county {
        return select.append_all(of(c));
    }
    for (c, name) in &dv.counties {
        select.append(el("optgroup").attr("label", &ctx.data(name)).children(of(*c)));
    }
    // Towns of a 县区 the file does not list are kept, ungrouped.
    let known: Vec<u32> = dv.counties.iter().map(|c| c.0).collect();
    select.append_all(
        dv.towns.iter().filter(|t| !known.contains(&t.2)).map(|t| option(ctx, &t.0.to_string(), &t.1)),
    );
}

/// The kindergartens admitting from the chosen 社区/村, each a link to its detail page.
fn show_results(ctx: &Ctx, state: &State, out: &El) {
    out.clear();
    // A list that failed is said at once, not after the reader has picked a 社区/村.
    let s = match &state.list {
        None => return,
        Some(Err(e)) => return out.append(problem(ctx.lang(), Msg::WidgetDataError, &ctx.load_error(e))),
        Some(Ok(s)) => s,
    };
    let Some(v) = state.village else { return };
    let idx = s.admitting(v);
    let items = idx.iter().map(|&i| {
        let i = i as usize;
        let href = detail_href(&ctx.site, s.city, s.ids.get(i), ctx.lang());
        let link = el("a").attr("href", &href).attr("target", "_blank").attr("rel", "noopener");
        el("li").child(link.text(&ctx.data(s.names.get(i)))).text(&format!(
            " · {} · {} {} {}",
            ctx.data(s.nature[i].label()),
            ctx.t(Msg::FinderFee),
            s.fee[i],
            ctx.t(Msg::FinderPerMonth)
        ))
    });
    out.append(
        el("p")
            .class("zone-count")
            .attr("role", "status")
            .text(&format!("{}：", ctx.t(Msg::FinderZoneResult)))
            .child(el("span").class("count").text(&idx.len().to_string())),
    );
    out.append(el("ul").class("zone-results").children(items));
}
