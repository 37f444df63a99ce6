//! dyad-store: the event store — articles, their coded events and the
//! de-duplicated events they report, in one embedded SQLite file.
//!
//! The store takes [`Article`](dyad_ingest::Article)s and
//! [`Event`](dyad_code::Event)s; it never calls the coder, and the coder
//! knows nothing of storage. Everything goes through [`Store`], so that
//! another backend (PostgreSQL) or sink (Parquet) can follow behind the
//! same calls without touching the coder.
//!
//! # The file
//!
//! `dyad` commands use `--db PATH`, else `$DYAD_DB`, else
//! `$XDG_DATA_HOME/dyad/events.db` (`~/.local/share/dyad/events.db`); see
//! [`default_path`]. A store is an SQLite 3 database with
//! `PRAGMA application_id = 0x64796164` ("dyad"), `user_version` =
//! [`SCHEMA_VERSION`] and a `meta` table. A file that is not one — a corrupt
//! file, some other program's SQLite database, a store from a newer dyad —
//! is refused with an error that names it, and is never written to: the
//! header is read with plain file I/O before SQLite opens the file.
//!
//! # Tables
//!
//! - `articles`: one row per distinct article (SHA-256 content hash over
//!   every field but the id, see [`article_hash`]): doc id, URL, source,
//!   title, subheadline, summary, body, story date. `articles_fts` is its
//!   FTS5 index.
//! - `mentions`: the raw per-article codings, one row per coded event,
//!   with the complete event as `dyad code` prints it (evidence, spans,
//!   look-back) in `json`.
//! - `events`: de-duplicated events. A mention joins an existing event
//!   when source code, target code and CAMEO code are equal, the dates
//!   have the same precision and are at most `window_days` apart (default
//!   ±1 day, fixed when the store is created); otherwise it starts one.
//!   Mentions with an unknown source actor or no date never merge.
//!   `num_mentions`, `num_articles` and `num_sources` (distinct outlets;
//!   an article without a source counts as its own) are kept exact, as in
//!   GDELT.
//!
//! # Crash safety
//!
//! The database runs in WAL mode; every batch of articles is one
//! transaction, so a killed run leaves whole batches only, and re-running
//! the same input skips the stored articles by content hash and ends with
//! exactly the events of one clean run. New stores are created under a
//! temporary name and renamed into place.
//!
//! # GDELT 2.0 export
//!
//! [`ExportFormat::Gdelt`] writes GDELT 2.0's 61-column event table (tab
//! separated, no header). Columns dyad fills differently from GDELT:
//!
//! - `GLOBALEVENTID`: the store's event id (unique within one store only).
//! - `SQLDATE`, `MonthYear`, `Year`, `FractionDate`: the event's date as
//!   dyad codes it (the date the text gives, else the story date); a
//!   month- or year-precision date is written as its first day. Undated
//!   events have these four fields empty.
//! - `Actor1Name`/`Actor2Name`: the phrase as written in the first mention,
//!   upper-cased (GDELT writes the dictionary's formal name).
//! - `Actor*CountryCode`, `KnownGroupCode`, `Religion*Code`, `Type*Code`:
//!   read from the actor code with dyad's ontology; `Actor*EthnicCode` is
//!   always empty (dyad codes no ethnic groups).
//! - `IsRootEvent`: 1 when a mention comes from one of an article's first
//!   three sentences (GDELT: the lead paragraph).
//! - `NumSources`: distinct outlets (article `source`), as GDELT; articles
//!   without a source count one each.
//! - `AvgTone`: empty — dyad scores no tone.
//! - `Actor1Geo_*`, `Actor2Geo_*`, `ActionGeo_*`: dyad has no geocoder yet;
//!   `*_Type` is `0` (GDELT's value for "not geocoded") and the other seven
//!   fields of each block are empty, FIPS country codes included.
//! - `DATEADDED`: when the event entered the store (UTC, `YYYYMMDDHHMMSS`).
//! - `SOURCEURL`: the first article's URL, else its doc id.

mod actor;
mod day;
mod error;
mod export;
mod precoded;
mod query;
mod store;
mod synth;

pub use actor::ActorParts;
pub use day::{date_of, day_number, day_of_value, parse_bound, Day};
pub use error::{Result, StoreError};
pub use export::{csv_field, csv_row, gdelt_row, ExportFormat, CSV_HEADER, GDELT_COLUMNS};
pub use precoded::{event_from_json, read_events_file};
pub use query::{
    lookback_start, series, EventFilter, EventRow, LookbackCheck, MentionRow, Period, SearchHit,
    SeriesPoint, Stats,
};
pub use store::{
    article_hash, CreateOptions, Store, StoredArticle, WriteStats, APPLICATION_ID,
    DEFAULT_WINDOW_DAYS, SCHEMA_VERSION,
};
pub use synth::Synthetic;

use std::path::PathBuf;

/// Where a store lives when `--db` is not given: `$DYAD_DB`, else
/// `$XDG_DATA_HOME/dyad/events.db`, else `$HOME/.local/share/dyad/events.db`,
/// else `./dyad.db`.
pub fn default_path() -> PathBuf {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(p) = env("DYAD_DB") {
        return p;
    }
    if let Some(d) = env("XDG_DATA_HOME") {
        return d.join("dyad").join("events.db");
    }
    if let Some(h) = env("HOME") {
        return h
            .join(".local")
            .join("share")
            .join("dyad")
            .join("events.db");
    }
    PathBuf::from("dyad.db")
}
