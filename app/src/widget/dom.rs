//! A few lines of DOM building for the widgets, which draw once from data they have in hand and
//! so need no reactive runtime (leaving it out of their wasm is most of what keeps them small).
//! Text goes in as text nodes only: nothing here parses markup.

use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{Document, Element, Event};

pub fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a widget runs in a document")
}

/// An element being built: `el("p").attr("class", "x").text("…").child(el("a"))`.
#[derive(Clone)]
pub struct El(pub Element);

pub fn el(tag: &str) -> El {
    El(document().create_element(tag).expect("a known tag name"))
}

impl El {
    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    pub fn class(self, value: &str) -> El {
        if value.is_empty() {
            self
        } else {
            self.attr("class", value)
        }
    }

    /// Appends text (never parsed as markup).
    pub fn text(self, s: &str) -> El {
        let _ = self.0.append_child(&document().create_text_node(s));
        self
    }

    pub fn child(self, c: El) -> El {
        let _ = self.0.append_child(&c.0);
        self
    }

    pub fn children(self, cs: impl IntoIterator<Item = El>) -> El {
        for c in cs {
            let _ = self.0.append_child(&c.0);
        }
        self
    }

    /// Calls `f` on every `event` for as long as the page lives (widgets are never unmounted).
    pub fn on(self, event: &str, f: impl FnMut(Event) + 'static) -> El {
        let cb = Closure::<dyn FnMut(Event)>::new(f);
        let _ = self.0.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
        cb.forget();
        self
    }

    /// Removes every child.
    pub fn clear(&self) {
        self.0.set_text_content(None);
    }

    pub fn append(&self, c: El) {
        let _ = self.0.append_child(&c.0);
    }

    pub fn append_all(&self, cs: impl IntoIterator<Item = El>) {
        for c in cs {
            self.append(c);
        }
    }

    pub fn html(&self) -> web_sys::HtmlElement {
        self.0.clone().unchecked_into()
    }
}

/// The value of the `<select>` or `<input>` an event came from.
pub fn event_value(ev: &Event) -> String {
    let Some(t) = ev.target() else { return String::new() };
    if let Some(s) = t.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    t.dyn_ref::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default()
}
