//! "Near me": the browser's position (WGS-84) converted to GCJ-02 before any distance is
//! measured — unconverted, a position in China is off by hundreds of metres.

use kg_shared::{
    geo::{wgs84_to_gcj02, Point},
    msg::Msg,
};
use wasm_bindgen::{closure::Closure, JsCast};

/// Asks the browser for the reader's position once; `done` gets it in GCJ-02, or what to say.
pub fn locate(done: impl Fn(Result<Point, Msg>) + Clone + 'static) {
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        done(Err(Msg::GeoUnsupported));
        return;
    };
    let ok_done = done.clone();
    let ok = Closure::once_into_js(move |pos: web_sys::Position| {
        let c = pos.coords();
        ok_done(Ok(wgs84_to_gcj02(Point { lon: c.longitude(), lat: c.latitude() })));
    });
    let err = Closure::once_into_js(move |e: web_sys::PositionError| {
        done(Err(match e.code() {
            1 => Msg::GeoDenied,
            3 => Msg::GeoTimeout,
            _ => Msg::GeoUnavailable,
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
