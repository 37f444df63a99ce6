//! Rendered pages kept while the store's content is unchanged. The
//! overview and the network group every event of the store (seconds on a
//! million events); a dashboard reloads them often, so a repeat costs one
//! look at the store's [`ContentVersion`] instead.

use dyad_store::ContentVersion;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// How many pages are kept (the oldest goes first).
const ENTRIES: usize = 32;

/// Pages by their URL, each with the content version it was made from.
#[derive(Default)]
pub struct PageCache {
    entries: Mutex<VecDeque<(String, ContentVersion, Arc<str>)>>,
}

impl PageCache {
    /// The page made for `url` from content `version`, if kept.
    pub fn get(&self, url: &str, version: ContentVersion) -> Option<Arc<str>> {
        let entries = self.entries.lock().ok()?;
        entries
            .iter()
            .find(|(u, v, _)| u == url && *v == version)
            .map(|(_, _, page)| page.clone())
    }

    /// Keep `page`, made for `url` from content `version`.
    pub fn put(&self, url: &str, version: ContentVersion, page: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|(u, _, _)| u != url);
            if entries.len() >= ENTRIES {
                entries.pop_front();
            }
            entries.push_back((url.to_string(), version, Arc::from(page)));
        }
    }
}
