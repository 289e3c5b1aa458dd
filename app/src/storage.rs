//! The one way to web storage. Not gloo-storage: its `raw()` throws when storage is denied (a
//! widget in a sandboxed frame of a bureau's site, Safari with site data blocked), which would
//! abort whatever component asked, and it stores values as JSON, so the raw strings readers
//! already have (`zh-Hant`, `1`, `445200:…`) would no longer read. Here a denied or full storage
//! means the value lasts for the visit, nothing more.

/// Which storage: `Local` outlives the tab (preferences, the shortlist), `Session` does not (the
/// finder's last search, for 返回查找结果).
#[derive(Clone, Copy, Debug)]
pub enum Store {
    Local,
    Session,
}

impl Store {
    fn get(self) -> Option<web_sys::Storage> {
        let w = web_sys::window()?;
        match self {
            Store::Local => w.local_storage(),
            Store::Session => w.session_storage(),
        }
        .ok()?
    }

    /// The stored value of `key`, if storage is there and holds one.
    pub fn load(self, key: &str) -> Option<String> {
        self.get()?.get_item(key).ok()?
    }

    /// Stores `value` under `key`; a denied or full storage is ignored.
    pub fn save(self, key: &str, value: &str) {
        if let Some(s) = self.get() {
            let _ = s.set_item(key, value);
        }
    }
}
