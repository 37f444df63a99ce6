//! dyad-store: the event store — articles, their coded events and the
//! de-duplicated events they report, in one embedded SQLite file.
//!
//! The store takes [`Article`](dyad_ingest::Article)s and
//! [`Event`](dyad_event::Event)s; it never calls the coder, and the coder
//! knows nothing of storage. Everything goes through [`Store`], so that
//! another backend (PostgreSQL) or sink (Parquet) can follow behind the
//! same calls without touching the coder.
//!
//! The main types: [`Store`] opens or creates a file, writes batches of
//! articles with their events ([`Store::write_batch`], reporting
//! [`WriteStats`]), and answers queries: [`EventFilter`] in, [`EventRow`]s
//! (de-duplicated events) and [`MentionRow`]s (the codings behind them)
//! out, plus timelines ([`series`]), look-back checks, full-text search
//! and [`Stats`]; for dashboards, aggregates computed inside SQLite
//! ([`Store::series_of`], [`Store::network`], [`Store::top_codes`],
//! [`Store::events_page`]). [`ExportFormat`] writes events as CSV or GDELT rows;
//! [`read_events_file`] reads events that were coded elsewhere.
//!
//! # Example
//!
//! Two articles report one meeting a day apart: two mentions, one event.
//! Writing the same batch again changes nothing.
//!
//! ```
//! use dyad_event::{ActorRef, Event, EventDate, Evidence, Mood};
//! use dyad_ingest::Article;
//! use dyad_store::{CreateOptions, EventFilter, Store};
//!
//! let actor = |code: &str| ActorRef {
//!     code: Some(code.into()), text: code.into(), span: (0, 3), reason: String::new(),
//! };
//! let report = |id: &str, day: &str| {
//!     let article = Article {
//!         id: id.into(),
//!         date: day.parse().ok(),
//!         source: Some(format!("outlet-{id}")),
//!         body: format!("{id}: Kenya met Ethiopia."),
//!         ..Article::default()
//!     };
//!     let event = Event {
//!         doc_id: id.into(),
//!         sentence_index: 0,
//!         source: actor("KEN"),
//!         target: Some(actor("ETH")),
//!         cameo: "040".into(),
//!         cameo_name: Some("Consult, not specified below".into()),
//!         goldstein: Some(1.0),
//!         quad_class: Some(1),
//!         plover: None,
//!         story_date: day.parse().ok(),
//!         date: EventDate {
//!             value: Some(day.into()), precision: Some("day".into()), start: None,
//!             rule: "story date".into(), span: None, lookback: None,
//!         },
//!         evidence: Evidence {
//!             sentence: article.body.clone(), sentence_span: (0, article.body.len()),
//!             trigger_span: (0, 0), trigger: "met".into(), pattern: String::new(),
//!             pattern_origin: String::new(), mood: Mood::Factual,
//!         },
//!         location: None,
//!     };
//!     (article, vec![event])
//! };
//! let batch = [report("a1", "2024-03-14"), report("a2", "2024-03-15")];
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open_or_create(&dir.path().join("events.db"), &CreateOptions::default()).unwrap();
//! let first = store.write_batch(&batch).unwrap();
//! assert_eq!((first.mentions_added, first.events_created, first.mentions_merged), (2, 1, 1));
//! let again = store.write_batch(&batch).unwrap();
//! assert_eq!((again.articles_skipped, again.mentions_added), (2, 0));
//!
//! let events = store.events(&EventFilter { actors: vec!["KEN".into()], ..EventFilter::default() }).unwrap();
//! assert_eq!(events.len(), 1);
//! assert_eq!((events[0].num_mentions, events[0].num_sources), (2, 2));
//! assert_eq!(events[0].date.as_deref(), Some("2024-03-14"));
//! ```
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
//! exactly the events of one clean run. New stores are built under a
//! temporary name (`NAME.creating-PID-N`) and linked into place with
//! `link()`, which fails when a file is there: of two processes creating
//! one store, one creates it and the other writes into it, and neither's
//! articles are lost. Temporary files of killed creations are removed by
//! the next creation once their process is gone.
//!
//! # Damage and odd paths
//!
//! Opening for writing ([`Store::open`], [`Store::open_or_create`]) runs
//! SQLite's `quick_check` and refuses a damaged file
//! ([`StoreError::Damaged`]) before writing anything;
//! [`Store::integrity_check`] runs the full check (`dyad stats --check`).
//! A path that is a FIFO, a folder or a device, or a symbolic link to
//! nothing, is refused ([`StoreError::NotAFile`]). Readers open the file
//! read-only; on a read-only folder or mount, where SQLite cannot create
//! its WAL index, they open it `immutable` when no write-ahead log is
//! pending.
//!
//! # Exports
//!
//! The user-facing schema of every export (columns, types, examples) is
//! in `docs/exports.md`. In short: every event carries its date as coded,
//! its first and last day (`date_start`, `date_end`), its precision, and
//! the story date of the first article that reported it.
//! [`ExportFormat::Gdelt`] writes GDELT 2.0's 61 columns exactly, in
//! order; `SQLDATE` is the first day of the event's period, undated events
//! are left out, and `SOURCEURL` is empty when the article has no URL.
//! [`ExportFormat::GdeltDyad`] adds [`GDELT_DYAD_COLUMNS`] after them.

#![warn(missing_docs)]

mod actor;
mod aggregate;
mod day;
mod error;
mod export;
mod precoded;
mod query;
mod store;
mod synth;

pub use actor::ActorParts;
pub use aggregate::{
    ArticleText, CodeCount, ContentVersion, EventSort, Interrupt, NetworkLevel, Page, PairRow,
};
pub use day::{bounds, date_of, day_number, day_of_value, parse_bound, reported_precision, Day};
pub use error::{Result, StoreError};
pub use export::{
    csv_field, csv_row, fips_of, gdelt_dyad_row, gdelt_geo, gdelt_row, ExportFormat, Exported,
    CSV_HEADER, GDELT_COLUMNS, GDELT_DYAD_COLUMNS,
};
pub use precoded::{event_from_json, read_events_file};
pub use query::{
    lookback_start, series, EventFilter, EventRow, LookbackCheck, MentionRow, Period, PlaceRow,
    SearchHit, SeriesPoint, Stats, MAX_SERIES_POINTS,
};
pub use store::{
    article_hash, distance_km, CreateOptions, Store, StoredArticle, WriteStats, APPLICATION_ID,
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
    match dyad_ingest::data_home() {
        Some(d) => d.join("events.db"),
        None => PathBuf::from("dyad.db"),
    }
}
