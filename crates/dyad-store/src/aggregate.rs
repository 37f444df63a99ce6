//! Questions a dashboard or an API asks, answered inside SQLite so that
//! a million-event store answers them without loading the events: pages of
//! events with a total, one event with the articles behind it, series
//! summed per day and QuadClass, the actor network and the commonest
//! event types. Every one takes the same [`EventFilter`] as
//! [`Store::events`].

use crate::error::Result;
use crate::query::{fold_series, DayGroup, EventFilter, EventRow, Period, SeriesPoint, Sql};
use crate::store::{At, Store};
use serde::Serialize;

/// The order of a page of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventSort {
    /// Earliest first (undated last).
    #[default]
    DateAscending,
    /// Latest first.
    DateDescending,
    /// Most mentions first.
    MentionsDescending,
    /// Most cooperative (highest Goldstein) first.
    GoldsteinDescending,
    /// Most conflictual (lowest Goldstein) first.
    GoldsteinAscending,
}

impl EventSort {
    fn order_by(self) -> &'static str {
        match self {
            EventSort::DateAscending => "e.day IS NULL, e.day, e.id",
            EventSort::DateDescending => "e.day DESC, e.id DESC",
            EventSort::MentionsDescending => "e.num_mentions DESC, e.id",
            EventSort::GoldsteinDescending => "e.goldstein DESC, e.id",
            EventSort::GoldsteinAscending => "e.goldstein, e.id",
        }
    }
}

/// Which slice of the matching events a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Events to skip.
    pub offset: usize,
    /// At most this many events.
    pub limit: usize,
    /// Their order.
    pub sort: EventSort,
}

/// How finely the actor network groups actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NetworkLevel {
    /// Full actor codes (`USAGOV`).
    #[default]
    Actor,
    /// Country parts only (`USA`); actors without a country are left out.
    Country,
}

/// One directed pair of the actor network.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PairRow {
    /// Source actor (or country).
    pub source: String,
    /// Target actor (or country).
    pub target: String,
    /// Events from source to target.
    pub events: i64,
    /// Their mentions.
    pub mentions: i64,
    /// Mean Goldstein score of those events.
    pub mean_goldstein: f64,
    /// Events of QuadClass 1–2.
    pub cooperation: i64,
    /// Events of QuadClass 3–4.
    pub conflict: i64,
}

/// How often one CAMEO code occurs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CodeCount {
    /// The CAMEO code.
    pub cameo: String,
    /// Its name (empty for codes the ontology does not know).
    pub cameo_name: String,
    /// Its QuadClass (0 when unknown).
    pub quad_class: u8,
    /// Events with that code.
    pub events: i64,
}

/// An article as stored, for showing the text behind an event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleText {
    /// The article's `doc_id`.
    pub doc_id: String,
    /// Its headline, when known.
    pub title: Option<String>,
    /// Its URL, when known.
    pub url: Option<String>,
    /// Its outlet, when known.
    pub source: Option<String>,
    /// Its story date, when known.
    pub story_date: Option<String>,
    /// The body, as read: every span of the mentions' evidence is a byte
    /// range into it.
    pub body: String,
}

impl Store {
    /// One event by id.
    pub fn event(&self, id: i64) -> Result<Option<EventRow>> {
        let mut q = self.filter_sql(&EventFilter::default())?;
        let p = q.param(id);
        q.wheres.push(format!("e.id = {p}"));
        Ok(self.run_events(q, "e.id", Some(1))?.into_iter().next())
    }

    /// How many events match the filter.
    pub fn count_events(&self, f: &EventFilter) -> Result<i64> {
        let q = self.filter_sql(f)?;
        let sql = format!("SELECT count(*) FROM events e WHERE {}", q.where_clause());
        self.conn
            .query_row(&sql, rusqlite::params_from_iter(q.params.iter()), |r| {
                r.get(0)
            })
            .map_err(|e| self.query_error(e, q.fts))
    }

    /// One page of the events matching the filter (the filter's own
    /// `limit` and `descending` are ignored: the page says).
    pub fn events_page(&self, f: &EventFilter, page: &Page) -> Result<Vec<EventRow>> {
        let q = self.filter_sql(f)?;
        let limit = crate::store::sql_limit(page.limit);
        let offset = crate::store::sql_limit(page.offset);
        // LIMIT and OFFSET follow the order, so run_events adds no limit.
        let order = format!("{} LIMIT {limit} OFFSET {offset}", page.sort.order_by());
        self.run_events(q, &order, None)
    }

    /// The series of the events matching the filter, summed by SQLite per
    /// day and QuadClass: the same points as [`series`](crate::series) of
    /// [`Store::events`], without loading the events, except that the
    /// filter's `from` and `to` widen it (zeros) to the periods they name.
    pub fn series_of(&self, f: &EventFilter, period: Period) -> Result<Vec<SeriesPoint>> {
        let q = self.filter_sql(f)?;
        let sql = format!(
            "SELECT e.day, e.quad_class, count(*), sum(e.num_mentions), sum(e.goldstein)
             FROM events e WHERE {} AND e.day IS NOT NULL GROUP BY e.day, e.quad_class ORDER BY e.day",
            q.where_clause()
        );
        let groups = self.filtered_rows(&sql, &q, |r| {
            Ok(DayGroup {
                day: r.get(0)?,
                quad_class: r.get(1)?,
                events: r.get(2)?,
                mentions: r.get(3)?,
                goldstein: r.get(4)?,
            })
        })?;
        Ok(fold_series(groups.into_iter(), period, (f.from, f.to)))
    }

    /// The actor network: the `top` directed pairs with most events among
    /// those matching the filter (both actors known), with counts and mean
    /// Goldstein.
    pub fn network(
        &self,
        f: &EventFilter,
        level: NetworkLevel,
        top: usize,
    ) -> Result<Vec<PairRow>> {
        let q = self.filter_sql(f)?;
        let (s, t) = match level {
            NetworkLevel::Actor => ("e.source_code", "e.target_code"),
            NetworkLevel::Country => ("e.source_country", "e.target_country"),
        };
        let sql = format!(
            "SELECT {s}, {t}, count(*) AS n, sum(e.num_mentions), avg(e.goldstein),
                    sum(e.quad_class IN (1, 2)), sum(e.quad_class IN (3, 4))
             FROM events e
             WHERE {} AND coalesce({s}, '') != '' AND coalesce({t}, '') != ''
             GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT {}",
            q.where_clause(),
            crate::store::sql_limit(top)
        );
        self.filtered_rows(&sql, &q, |r| {
            Ok(PairRow {
                source: r.get(0)?,
                target: r.get(1)?,
                events: r.get(2)?,
                mentions: r.get(3)?,
                mean_goldstein: r.get(4)?,
                cooperation: r.get(5)?,
                conflict: r.get(6)?,
            })
        })
    }

    /// The rows of `sql`, a query over the events that filter `q` selects,
    /// read with `row`; an error is the store's (or the text query's).
    fn filtered_rows<T>(
        &self,
        sql: &str,
        q: &Sql,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut st = self
            .conn
            .prepare(sql)
            .map_err(|e| self.query_error(e, q.fts))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(q.params.iter()), row)
            .map_err(|e| self.query_error(e, q.fts))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.query_error(e, q.fts))
    }

    /// The `top` commonest CAMEO codes among the events matching the filter.
    pub fn top_codes(&self, f: &EventFilter, top: usize) -> Result<Vec<CodeCount>> {
        let q = self.filter_sql(f)?;
        let sql = format!(
            "SELECT e.cameo, max(e.cameo_name), max(e.quad_class), count(*) AS n FROM events e
             WHERE {} GROUP BY e.cameo ORDER BY n DESC, e.cameo LIMIT {}",
            q.where_clause(),
            crate::store::sql_limit(top)
        );
        self.filtered_rows(&sql, &q, |r| {
            Ok(CodeCount {
                cameo: r.get(0)?,
                cameo_name: r.get(1)?,
                quad_class: r.get(2)?,
                events: r.get(3)?,
            })
        })
    }

    /// The articles of an event's mentions, in the order of
    /// [`Store::mentions`] (one entry per mention, so an article with two
    /// mentions appears twice).
    pub fn mention_articles(&self, event_id: i64) -> Result<Vec<ArticleText>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT a.doc_id, a.title, a.url, a.source, a.story_date, a.body
                 FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_id = ?1 ORDER BY m.id",
            )
            .at(&self.path)?;
        let rows = st
            .query_map([event_id], |r| {
                Ok(ArticleText {
                    doc_id: r.get(0)?,
                    title: r.get(1)?,
                    url: r.get(2)?,
                    source: r.get(3)?,
                    story_date: r.get(4)?,
                    body: r.get(5)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)
    }

    /// A value that changes whenever the store's content does (new or
    /// re-coded articles, events, mentions), for caching answers: the
    /// highest row ids and the number of events, read from indexes.
    pub fn content_version(&self) -> Result<ContentVersion> {
        self.conn
            .query_row(
                "SELECT (SELECT max(id) FROM articles), (SELECT max(id) FROM events),
                        (SELECT max(id) FROM mentions), (SELECT count(*) FROM events)",
                [],
                |r| {
                    Ok(ContentVersion([
                        r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                        r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                        r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                        r.get(3)?,
                    ]))
                },
            )
            .at(&self.path)
    }

    /// A handle that stops the query running on this store from another
    /// thread (a server's time limit): the query fails with an error.
    pub fn interrupt_handle(&self) -> Interrupt {
        Interrupt(self.conn.get_interrupt_handle())
    }
}

/// What [`Store::content_version`] returns: equal values, same content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentVersion([i64; 4]);

/// Stops the query running on a store (see [`Store::interrupt_handle`]).
pub struct Interrupt(rusqlite::InterruptHandle);

impl Interrupt {
    /// Stop the running query, if any.
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}
