//! "Near me": the browser's position (WGS-84) converted to GCJ-02 before any distance is
//! measured — unconverted, a position in China is off by hundreds of metres.

use kg_shared::geo::{wgs84_to_gcj02, Point};
use wasm_bindgen::{closure::Closure, JsCast};

/// Asks the browser for the reader's position once; `done` gets it in GCJ-02, or a message.
pub fn locate(done: impl Fn(Result<Point, String>) + Clone + 'static) {
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        done(Err("此浏览器不支持定位，请改为选择乡镇/街道或社区/村。".into()));
        return;
    };
    let ok_done = done.clone();
    let ok = Closure::once_into_js(move |pos: web_sys::Position| {
        let c = pos.coords();
        ok_done(Ok(wgs84_to_gcj02(Point { lon: c.longitude(), lat: c.latitude() })));
    });
    let err = Closure::once_into_js(move |e: web_sys::PositionError| {
        done(Err(match e.code() {
            1 => "您没有允许本网站获取位置。可以在浏览器设置中允许，或改为选择乡镇/街道或社区/村。".into(),
            3 => "获取位置超时，请稍后重试。".into(),
            _ => "暂时无法获取位置，请稍后重试。".into(),
        }));
    });
    let opts = web_sys::PositionOptions::new();
    opts.set_timeout(15_000);
    opts.set_maximum_age(60_000);
    if geo
        .get_current_position_with_error_callback_and_options(
            ok.unchecked_ref(),
            Some(err.unchecked_ref()),
            &opts,
        )
        .is_err()
    {
        // The error callback will not run; nothing else to do.
    }
}
