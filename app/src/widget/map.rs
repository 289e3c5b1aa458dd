//! The map widget: a city's or county's kindergartens on a Leaflet map (no tiles unless the site
//! configures them), coloured by 性质, each opening a popup with a link to its detail page.

use super::{
    dom::{el, El},
    local_region, problem, Ctx,
};
use crate::{
    data::{load_boundaries, load_list, LoadError},
    i18n::Msg,
    leaflet::{self, Labels, Map},
};
use kg_shared::{codec::ListShard, geo::Point, indicators::Level, manifest::FileKind, regions::Region};
use std::{cell::RefCell, future::Future, pin::Pin, rc::Rc, sync::Arc};

pub fn map_widget(ctx: Rc<Ctx>, out: El) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(draw(ctx, out))
}

/// The three downloads, as they arrive (they run at once).
#[derive(Default)]
struct Arrived {
    leaflet: Option<Result<(), String>>,
    list: Option<Result<ListShard, LoadError>>,
    boundaries: Option<Result<Arc<Vec<Region>>, LoadError>>,
}

async fn draw(ctx: Rc<Ctx>, out: El) {
    let lang = ctx.lang();
    let Some((region, city)) = local_region(&ctx, &out) else { return };
    out.append(el("h1").text(ctx.t(Msg::NavMap)));
    let kind = |k: u8, m: Msg| {
        el("li").child(el("span").class(&format!("dot kind-{k}")).attr("aria-hidden", "true")).text(ctx.t(m))
    };
    out.append(el("ul").class("legend map-legend").attr("aria-label", ctx.t(Msg::MapLegend)).children([
        kind(0, Msg::MapKindPublic),
        kind(1, Msg::MapKindInclusive),
        kind(2, Msg::MapKindOther),
    ]));
    let (Some(list_entry), Some(bounds_entry)) =
        (ctx.entry(FileKind::List, Some(city)), ctx.entry(FileKind::Boundaries, None))
    else {
        return out.append(problem(lang, Msg::WidgetUnknownRegion, &region.to_string()));
    };
    let errors = el("div");
    let node = el("div").class("map widget-map");
    let count = el("p").class("map-count").attr("role", "status");
    out.append(errors.clone());
    out.append(node.clone());
    out.append(count.clone());

    let got = Rc::new(RefCell::new(Arrived::default()));
    // Draws once all three are in (each arrival calls it; the last one draws).
    let done = {
        let (ctx, got) = (ctx.clone(), got.clone());
        Rc::new(move || {
            let mut a = got.borrow_mut();
            if a.leaflet.is_none() || a.list.is_none() || a.boundaries.is_none() {
                return;
            }
            let Arrived { leaflet: Some(l), list: Some(s), boundaries: Some(b) } = std::mem::take(&mut *a)
            else {
                return;
            };
            drop(a);
            show(&ctx, region, l, s, b, &errors, &node, &count);
        })
    };
    let spawn = |f: Pin<Box<dyn Future<Output = ()>>>| wasm_bindgen_futures::spawn_local(f);
    let (c, g, d) = (ctx.clone(), got.clone(), done.clone());
    spawn(Box::pin(async move {
        let r = leaflet::load(&leaflet::vendor_dir(&c.site)).await;
        g.borrow_mut().leaflet = Some(r);
        d();
    }));
    let (c, g, d) = (ctx.clone(), got.clone(), done.clone());
    spawn(Box::pin(async move {
        let r = load_boundaries(&c.site, bounds_entry).await;
        g.borrow_mut().boundaries = Some(r);
        d();
    }));
    let r = load_list(&ctx.site, list_entry).await;
    got.borrow_mut().list = Some(r);
    done();
}

#[allow(clippy::too_many_arguments)]
fn show(
    ctx: &Rc<Ctx>,
    region: u32,
    leaflet: Result<(), String>,
    list: Result<ListShard, LoadError>,
    boundaries: Result<Arc<Vec<Region>>, LoadError>,
    errors: &El,
    node: &El,
    count: &El,
) {
    let lang = ctx.lang();
    let s = match list {
        Ok(s) => Rc::new(s),
        Err(e) => return errors.append(problem(lang, Msg::WidgetDataError, &ctx.load_error(&e))),
    };
    let city = region / 100 * 100;
    let whole_city = Level::of(region) == Level::City;
    let shown: Vec<u32> =
        (0..s.len() as u32).filter(|&i| whole_city || s.county(i as usize) == region).collect();
    let n = el("span").class("count").text(&shown.len().to_string());
    count
        .clone()
        .text(&format!("{} ", ctx.t(Msg::MapShowing)))
        .child(n)
        .text(&format!(" {}", ctx.t(Msg::MapPoints)));
    if let Err(e) = leaflet {
        return errors.append(problem(lang, Msg::MapError, &e));
    }
    // The popup needs the map, and the map the popup's callback: the callback finds the map here.
    // (The two hold each other for as long as the page lives, as a widget does.)
    let slot: Rc<RefCell<Option<Map>>> = Rc::default();
    let on_pick = {
        let (ctx, s, slot, shown) = (ctx.clone(), s.clone(), slot.clone(), shown.clone());
        move |i: u32| {
            let Some(&rec) = shown.get(i as usize) else { return };
            let at = s.point(rec as usize);
            if let Some(m) = slot.borrow().as_ref() {
                m.kindergarten_popup(
                    &s,
                    rec as usize,
                    at,
                    None,
                    &ctx.site,
                    ctx.lang(),
                    &|t| ctx.data(t),
                    false,
                );
            }
        }
    };
    let m = match Map::new(&node.html(), Labels::in_lang(lang), on_pick, |_| {}) {
        Ok(m) => m,
        Err(e) => return errors.append(problem(lang, Msg::MapError, &e)),
    };
    let same = |p: Point| p;
    match boundaries {
        Ok(regions) => m.boundaries(
            regions
                .iter()
                .filter(|r| r.code == region || r.code == city || (whole_city && r.parent == Some(city))),
            &same,
        ),
        // The points are still worth showing; the outline's absence is said.
        Err(e) => errors.append(problem(lang, Msg::WidgetDataError, &ctx.load_error(&e))),
    }
    m.points(&s, &shown, &same, true);
    *slot.borrow_mut() = Some(m);
}
