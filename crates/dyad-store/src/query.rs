//! Questions asked of a store: filtered events, dyad timelines and their
//! series, last and first contact, look-back checks, full-text search and
//! summary statistics.

use crate::day::{date_of, day_of_value};
use crate::error::{Result, StoreError};
use crate::store::{At, Store};
use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::BTreeMap;

/// One de-duplicated event, as queries return it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventRow {
    /// Event id (GDELT's GLOBALEVENTID in exports).
    pub id: i64,
    /// The date as coded (`YYYY-MM-DD`, `YYYY-W10`, `YYYY-MM`, `YYYY-SU`,
    /// `YYYY`, `1990s`, or a range `START/END`), or null.
    pub date: Option<String>,
    /// `day`, `week`, `month`, `season`, `year`, `decade`, `century`,
    /// `range` (a `START/END` date) or `unknown` (undated).
    pub precision: String,
    /// First day the date covers (`YYYY-MM-DD`), or null.
    pub date_start: Option<String>,
    /// Last day the date covers (`YYYY-MM-DD`), or null.
    pub date_end: Option<String>,
    /// Story date of the first article that reported it, or null.
    pub story_date: Option<String>,
    /// Day number of the date's first day (days since 1970-01-01); used for ordering and filters.
    #[serde(skip)]
    pub day: Option<i64>,
    /// Source actor code (empty when unknown).
    pub source_code: String,
    /// The source as written in the article.
    pub source_name: String,
    /// Country part of the source code (3 letters), when it has one.
    pub source_country: Option<String>,
    /// Role parts of the source code (`GOV`, `MIL`…), space-separated.
    pub source_roles: String,
    /// Target actor code (empty when there is no target or it is unknown).
    pub target_code: String,
    /// The target as written in the article (empty when there is none).
    pub target_name: String,
    /// Country part of the target code, when it has one.
    pub target_country: Option<String>,
    /// Role parts of the target code, space-separated.
    pub target_roles: String,
    /// CAMEO event code (`036`).
    pub cameo: String,
    /// Name of the CAMEO code (empty for codes the ontology does not know).
    pub cameo_name: String,
    /// CAMEO root: the code's first two digits (`03`).
    pub root: String,
    /// QuadClass 1–4 (0 when the code is unknown).
    pub quad_class: u8,
    /// Goldstein score, −10 to +10 (0 when the code is unknown).
    pub goldstein: f64,
    /// PLOVER event type, when the code maps to one.
    pub plover_type: Option<String>,
    /// PLOVER mode, when known.
    pub plover_mode: Option<String>,
    /// Mentions (coded sentences) that reported it.
    pub num_mentions: i64,
    /// Distinct outlets that reported it (an article without a source counts as its own).
    pub num_sources: i64,
    /// Distinct articles that reported it.
    pub num_articles: i64,
    /// `doc_id` of the first article that reported it.
    pub doc_id: String,
    /// URL of that article, when known.
    pub url: Option<String>,
    /// When the event entered the store (UTC).
    pub added_at: String,
    /// Lowest sentence index among its mentions (for GDELT's IsRootEvent).
    #[serde(skip)]
    pub first_sentence: i64,
    /// Where it happened (the first mention's place that has one), or null.
    pub location: Option<PlaceRow>,
}

/// Where a stored event happened (from the coded event's `location`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceRow {
    /// The place's gazetteer name.
    pub name: String,
    /// ISO 3166 alpha-3 country code.
    pub country: String,
    /// GeoNames first-level division, `CC.CODE`; null for a country.
    pub adm1: Option<String>,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// GeoNames id, when the gazetteer has one.
    pub geonames_id: Option<i64>,
    /// `city`, `adm1` or `country`.
    pub precision: String,
}

/// One mention: an article sentence that reported an event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MentionRow {
    /// The event this mention joined.
    pub event_id: i64,
    /// `doc_id` of the article.
    pub doc_id: String,
    /// URL of the article, when known.
    pub url: Option<String>,
    /// The article's outlet, when known.
    pub source: Option<String>,
    /// 0-based sentence index within the article.
    pub sentence_index: i64,
    /// The date coded for this mention, or null.
    pub date: Option<String>,
    /// The coded event exactly as `dyad code` printed it (with evidence).
    pub coded: serde_json::Value,
}

/// Which events to return. Actor specs match a code and the codes below it
/// (`RUS` matches `RUS`, `RUSGOV`, `RUSMIL`…).
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Each spec must match the source or the target.
    pub actors: Vec<String>,
    /// Source actor spec.
    pub source: Option<String>,
    /// Target actor spec.
    pub target: Option<String>,
    /// Two actor specs; the event must be between them.
    pub dyad: Option<(String, String)>,
    /// With `dyad`: only events from the first to the second.
    pub directed: bool,
    /// Country code (3 letters) of the source or target.
    pub country: Option<String>,
    /// Role code (`GOV`, `MIL`…) of the source or target.
    pub role: Option<String>,
    /// CAMEO code or prefix: `04` = the root, `036` = that code and below.
    pub cameo: Option<String>,
    /// PLOVER event type (e.g. `CONSULT`).
    pub plover: Option<String>,
    /// QuadClass 1–4.
    pub quad_class: Option<u8>,
    /// Inclusive day-number bounds.
    pub from: Option<i64>,
    /// Inclusive upper day-number bound (see `from`).
    pub to: Option<i64>,
    /// Full-text query: events of the articles that match it.
    pub text: Option<String>,
    /// ISO alpha-3 country where the event happened (its location).
    pub place_country: Option<String>,
    /// Events placed within `km` of (`lat`, `lon`): `(lat, lon, km)`.
    pub near: Option<(f64, f64, f64)>,
    /// At most this many events.
    pub limit: Option<usize>,
    /// Latest first.
    pub descending: bool,
}

/// Period of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Calendar months (`YYYY-MM`).
    Month,
    /// ISO weeks, starting Monday.
    Week,
    /// Days (`YYYY-MM-DD`).
    Day,
}

/// One period of a dyad's series. Cooperation and conflict are split by
/// QuadClass, as ICEWS and GDELT users do: 1–2 are cooperation (verbal,
/// material), 3–4 conflict. Goldstein sums add the scores of the events in
/// each half, so `goldstein_conflict` is usually negative.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct SeriesPoint {
    /// `YYYY-MM`, the Monday of the ISO week (`YYYY-MM-DD`), or the day.
    pub period: String,
    /// Events in the period.
    pub events: i64,
    /// Mentions of those events.
    pub mentions: i64,
    /// Events of QuadClass 1.
    pub verbal_cooperation: i64,
    /// Events of QuadClass 2.
    pub material_cooperation: i64,
    /// Events of QuadClass 3.
    pub verbal_conflict: i64,
    /// Events of QuadClass 4.
    pub material_conflict: i64,
    /// QuadClass 1 and 2 together.
    pub cooperation: i64,
    /// QuadClass 3 and 4 together.
    pub conflict: i64,
    /// Sum of Goldstein scores of the cooperation events.
    pub goldstein_cooperation: f64,
    /// Sum of Goldstein scores of the conflict events.
    pub goldstein_conflict: f64,
    /// `goldstein_cooperation + goldstein_conflict`.
    pub goldstein_net: f64,
}

/// What the look-back of a first-time event says, checked against the store.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LookbackCheck {
    /// The first-time event checked.
    pub event: EventRow,
    /// The article that stated the look-back.
    pub doc_id: String,
    /// The look-back as coded (`>P10Y`, `2015`…).
    pub lookback: String,
    /// `consistent`, `contradicted` or `unverifiable`.
    pub verdict: String,
    /// The latest earlier event of the dyad (same root), if any.
    pub previous: Option<EventRow>,
}

/// An article matching a full-text search, with its events.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchHit {
    /// `doc_id` of the article.
    pub doc_id: String,
    /// Its headline, when known.
    pub title: Option<String>,
    /// Its URL, when known.
    pub url: Option<String>,
    /// Its story date, when known.
    pub story_date: Option<String>,
    /// FTS5 snippet of the body, matches in `[…]`.
    pub snippet: String,
    /// The article's events.
    pub events: Vec<EventRow>,
}

/// What a store holds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// The store file.
    pub path: String,
    /// Schema version of the file ([`SCHEMA_VERSION`](crate::SCHEMA_VERSION)).
    pub schema_version: i64,
    /// De-duplication window in days, fixed when the store was created.
    pub window_days: u32,
    /// Distinct articles stored.
    pub articles: i64,
    /// De-duplicated events.
    pub events: i64,
    /// Mentions (raw per-article codings).
    pub mentions: i64,
    /// Earliest and latest event date.
    pub first_date: Option<String>,
    /// Latest event date (see `first_date`).
    pub last_date: Option<String>,
    /// Events with no date (their articles had no story date and the text
    /// gave none): left out of timelines and date filters.
    pub undated_events: i64,
    /// Earliest and latest story date of the articles: the store's coverage.
    pub first_story_date: Option<String>,
    /// Latest story date (see `first_story_date`).
    pub last_story_date: Option<String>,
    /// Articles stored without a story date.
    pub undated_articles: i64,
    /// Events by QuadClass 1–4.
    pub quad_classes: [i64; 4],
    /// The dyads with most events: `(source, target, events)`.
    pub top_dyads: Vec<(String, String, i64)>,
}

/// The day number of the earliest story date (NULL when no article has
/// one: then nothing is covered).
const COVERAGE_START: &str =
    "SELECT CAST(julianday(min(story_date)) - 2440587.5 AS INTEGER) FROM articles";

const EVENT_COLS: &str = "e.id, e.date, e.precision, e.day, e.source_code, e.source_name, e.source_country, e.source_roles,
    e.target_code, e.target_name, e.target_country, e.target_roles, e.cameo, e.cameo_name, e.root, e.quad_class,
    e.goldstein, e.plover_type, e.plover_mode, e.num_mentions, e.num_sources, e.num_articles, a.doc_id, a.url, e.added_at,
    a.story_date, e.geo_name, e.geo_country, e.geo_adm1, e.geo_lat, e.geo_lon, e.geo_id, e.geo_precision";

/// The column after [`EVENT_COLS`] (queries that add one read it here).
const AFTER_EVENT_COLS: usize = 33;

/// The place columns of an event row (26–32), when it has a place.
fn place_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<PlaceRow>> {
    let name: Option<String> = r.get(26)?;
    let (Some(name), Some(lat), Some(lon)) = (
        name,
        r.get::<_, Option<f64>>(29)?,
        r.get::<_, Option<f64>>(30)?,
    ) else {
        return Ok(None);
    };
    Ok(Some(PlaceRow {
        name,
        country: r.get::<_, Option<String>>(27)?.unwrap_or_default(),
        adm1: r.get(28)?,
        lat,
        lon,
        geonames_id: r.get(31)?,
        precision: r.get::<_, Option<String>>(32)?.unwrap_or_default(),
    }))
}

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    let date: Option<String> = r.get(1)?;
    let precision: String = r.get(2)?;
    let day: Option<i64> = r.get(3)?;
    // A value the notation does not cover still has its first day.
    let span = date
        .as_deref()
        .and_then(|d| crate::day::bounds(d, &precision))
        .or_else(|| day.and_then(date_of).map(|d| (d, d)));
    Ok(EventRow {
        id: r.get(0)?,
        precision: crate::day::reported_precision(date.as_deref(), &precision),
        date_start: span.map(|(s, _)| s.to_string()),
        date_end: span.map(|(_, e)| e.to_string()),
        story_date: r.get(25)?,
        date,
        day,
        source_code: r.get(4)?,
        source_name: r.get(5)?,
        source_country: r.get(6)?,
        source_roles: r.get(7)?,
        target_code: r.get(8)?,
        target_name: r.get(9)?,
        target_country: r.get(10)?,
        target_roles: r.get(11)?,
        cameo: r.get(12)?,
        cameo_name: r.get(13)?,
        root: r.get(14)?,
        quad_class: r.get(15)?,
        goldstein: r.get(16)?,
        plover_type: r.get(17)?,
        plover_mode: r.get(18)?,
        num_mentions: r.get(19)?,
        num_sources: r.get(20)?,
        num_articles: r.get(21)?,
        doc_id: r.get(22)?,
        url: r.get(23)?,
        added_at: r.get(24)?,
        first_sentence: 0,
        location: place_row(r)?,
    })
}

/// An actor spec, checked and upper-cased.
fn spec(s: &str) -> Result<String> {
    let up = s.trim().to_ascii_uppercase();
    if up.is_empty() || !up.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(StoreError::Query(format!(
            "`{s}` is not an actor code: expected letters and digits, e.g. RUS or RUSGOV"
        )));
    }
    Ok(up)
}

/// SQL and parameters under construction.
#[derive(Default)]
pub(crate) struct Sql {
    pub(crate) wheres: Vec<String>,
    pub(crate) params: Vec<Value>,
    /// Whether a full-text expression is part of the query.
    pub(crate) fts: bool,
}

impl Sql {
    /// The conditions joined for a `WHERE` clause (`1` when there are none).
    pub(crate) fn where_clause(&self) -> String {
        if self.wheres.is_empty() {
            "1".to_string()
        } else {
            self.wheres.join(" AND ")
        }
    }

    pub(crate) fn param(&mut self, v: impl Into<Value>) -> String {
        self.params.push(v.into());
        format!("?{}", self.params.len())
    }

    /// Events from actor spec `a` to actor spec `b`. With both at least
    /// three letters, their first segments are compared first, through
    /// the (first segments, day) index: one country dyad's entries, in
    /// date order. Shorter specs fall back to a source-code range with
    /// the target checked inside the (source, target, day) index (`+`
    /// keeps the planner on it).
    fn dyad(&mut self, a: &str, b: &str) -> String {
        match (a.get(..3), b.get(..3)) {
            (Some(a3), Some(b3)) => {
                let mut conds = vec![
                    format!(
                        "substr(e.source_code, 1, 3) = {}",
                        self.param(a3.to_string())
                    ),
                    format!(
                        "substr(e.target_code, 1, 3) = {}",
                        self.param(b3.to_string())
                    ),
                ];
                if a.len() > 3 {
                    conds.push(self.prefix("+e.source_code", a));
                }
                if b.len() > 3 {
                    conds.push(self.prefix("+e.target_code", b));
                }
                format!("({})", conds.join(" AND "))
            }
            _ => format!(
                "({} AND {})",
                self.prefix("e.source_code", a),
                self.prefix("+e.target_code", b)
            ),
        }
    }

    /// `col` equals the spec or starts with it: a range, so indexes serve it.
    fn prefix(&mut self, col: &str, code: &str) -> String {
        let lo = self.param(code.to_string());
        let hi = self.param(format!("{code}~"));
        format!("({col} >= {lo} AND {col} < {hi})")
    }
}

impl Store {
    pub(crate) fn filter_sql(&self, f: &EventFilter) -> Result<Sql> {
        let mut q = Sql::default();
        for a in &f.actors {
            let a = spec(a)?;
            let s = q.prefix("e.source_code", &a);
            let t = q.prefix("e.target_code", &a);
            q.wheres.push(format!("({s} OR {t})"));
        }
        if let Some(s) = &f.source {
            let c = q.prefix("e.source_code", &spec(s)?);
            q.wheres.push(c);
        }
        if let Some(t) = &f.target {
            let c = q.prefix("e.target_code", &spec(t)?);
            q.wheres.push(c);
        }
        if let Some((a, b)) = &f.dyad {
            let (a, b) = (spec(a)?, spec(b)?);
            let fwd = q.dyad(&a, &b);
            if f.directed {
                q.wheres.push(fwd);
            } else {
                let back = q.dyad(&b, &a);
                q.wheres.push(format!("({fwd} OR {back})"));
            }
        }
        if let Some(c) = &f.country {
            let c = spec(c)?;
            let p = q.param(c);
            q.wheres.push(format!(
                "(e.source_country = {p} OR e.target_country = {p})"
            ));
        }
        if let Some(c) = &f.place_country {
            let p = q.param(spec(c)?);
            q.wheres.push(format!("e.geo_country = {p}"));
        }
        if let Some((lat, lon, km)) = f.near {
            if !(-90.0..=90.0).contains(&lat)
                || !(-180.0..=180.0).contains(&lon)
                || km.is_nan()
                || km < 0.0
            {
                return Err(StoreError::Query(format!(
                    "--near {lat},{lon},{km}: expected LAT,LON,KM with LAT in -90..90, LON in -180..180, KM >= 0"
                )));
            }
            // A bounding box SQLite tests cheaply first; `dyad_km` (the
            // haversine distance, registered on every connection) keeps the
            // rows inside the circle.
            let dlat = km / 111.0;
            let coslat = lat.to_radians().cos().abs().max(1e-6);
            let dlon = (km / (111.0 * coslat)).min(360.0);
            let (a, b) = (q.param(lat - dlat), q.param(lat + dlat));
            q.wheres.push(format!("e.geo_lat BETWEEN {a} AND {b}"));
            if dlon < 180.0 {
                let (lo, hi) = (lon - dlon, lon + dlon);
                let (pl, ph) = (q.param(lo.max(-180.0)), q.param(hi.min(180.0)));
                let mut cond = format!("(e.geo_lon BETWEEN {pl} AND {ph})");
                if lo < -180.0 {
                    let w = q.param(lo + 360.0);
                    cond = format!("({cond} OR e.geo_lon >= {w})");
                } else if hi > 180.0 {
                    let w = q.param(hi - 360.0);
                    cond = format!("({cond} OR e.geo_lon <= {w})");
                }
                q.wheres.push(cond);
            }
            let (a, b, k) = (q.param(lat), q.param(lon), q.param(km));
            q.wheres
                .push(format!("dyad_km(e.geo_lat, e.geo_lon, {a}, {b}) <= {k}"));
        }
        if let Some(r) = &f.role {
            let p = q.param(format!("% {} %", spec(r)?));
            q.wheres.push(format!("((' ' || e.source_roles || ' ') LIKE {p} OR (' ' || e.target_roles || ' ') LIKE {p})"));
        }
        if let Some(c) = &f.cameo {
            let c = c.trim();
            if c.is_empty() || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(StoreError::Query(format!(
                    "`{c}` is not a CAMEO code: expected digits, e.g. 04 or 036"
                )));
            }
            let cond = if c.len() == 2 {
                let p = q.param(c.to_string());
                format!("e.root = {p}")
            } else {
                q.prefix("e.cameo", c)
            };
            q.wheres.push(cond);
        }
        if let Some(p) = &f.plover {
            let p = q.param(p.trim().to_ascii_uppercase());
            q.wheres.push(format!("upper(e.plover_type) = {p}"));
        }
        if let Some(qc) = f.quad_class {
            if !(1..=4).contains(&qc) {
                return Err(StoreError::Query(format!(
                    "QuadClass {qc} does not exist: expected 1 to 4"
                )));
            }
            let p = q.param(i64::from(qc));
            q.wheres.push(format!("e.quad_class = {p}"));
        }
        // With actors given, their index narrows best; a bare `e.day`
        // bound would tempt the planner to walk the date index instead.
        let by_actor =
            f.dyad.is_some() || f.source.is_some() || f.target.is_some() || !f.actors.is_empty();
        let day = if by_actor { "+e.day" } else { "e.day" };
        if let Some(d) = f.from {
            let p = q.param(d);
            q.wheres.push(format!("{day} >= {p}"));
        }
        if let Some(d) = f.to {
            let p = q.param(d);
            q.wheres.push(format!("{day} <= {p}"));
        }
        if let Some(t) = &f.text {
            q.fts = true;
            let p = q.param(t.clone());
            q.wheres.push(format!(
                "e.id IN (SELECT m.event_id FROM mentions m WHERE m.article_id IN
                    (SELECT rowid FROM articles_fts WHERE articles_fts MATCH {p}))"
            ));
        }
        Ok(q)
    }

    pub(crate) fn run_events(
        &self,
        q: Sql,
        order: &str,
        limit: Option<usize>,
    ) -> Result<Vec<EventRow>> {
        let fts = q.fts;
        let wheres = q.where_clause();
        let limit = limit
            .map(|n| format!(" LIMIT {}", crate::store::sql_limit(n)))
            .unwrap_or_default();
        let sql = format!(
            "SELECT {EVENT_COLS} FROM events e JOIN articles a ON a.id = e.first_article WHERE {wheres} ORDER BY {order}{limit}"
        );
        let mut st = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.query_error(e, fts))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(q.params.iter()), event_row)
            .map_err(|e| self.query_error(e, fts))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.query_error(e, fts))
    }

    /// FTS syntax errors are the user's, not the database's.
    pub(crate) fn query_error(&self, e: rusqlite::Error, fts: bool) -> StoreError {
        let msg = e.to_string();
        // dyad's own SQL is fixed; a generic SQL error with a text query is
        // the FTS expression's ("unterminated string", "fts5: syntax error").
        let generic = matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == 1);
        if fts && generic {
            StoreError::Query(format!(
                "bad text query: {msg} (FTS5 syntax: words, \"phrases\", AND/OR/NOT, prefix*)"
            ))
        } else {
            crate::store::sqlite_error(&self.path, e)
        }
    }

    /// Events matching the filter, by date (undated last).
    pub fn events(&self, f: &EventFilter) -> Result<Vec<EventRow>> {
        let q = self.filter_sql(f)?;
        let order = if f.descending {
            "e.day DESC, e.id DESC"
        } else {
            "e.day IS NULL, e.day, e.id"
        };
        self.run_events(q, order, f.limit)
    }

    /// The mentions (article sentences) of an event.
    pub fn mentions(&self, event_id: i64) -> Result<Vec<MentionRow>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT m.event_id, a.doc_id, a.url, a.source, m.sentence_index, m.date, m.json
                 FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_id = ?1 ORDER BY m.id",
            )
            .at(&self.path)?;
        let rows = st
            .query_map([event_id], |r| {
                let json: String = r.get(6)?;
                Ok(MentionRow {
                    event_id: r.get(0)?,
                    doc_id: r.get(1)?,
                    url: r.get(2)?,
                    source: r.get(3)?,
                    sentence_index: r.get(4)?,
                    date: r.get(5)?,
                    coded: serde_json::from_str(&json).unwrap_or(serde_json::Value::String(json)),
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)
    }

    /// The raw per-article codings (every mention), in storage order,
    /// passed one by one to `each` (exports of any size in constant memory).
    pub fn for_each_mention(&self, mut each: impl FnMut(MentionRow) -> Result<()>) -> Result<()> {
        let mut st = self
            .conn
            .prepare(
                "SELECT m.event_id, a.doc_id, a.url, a.source, m.sentence_index, m.date, m.json
                 FROM mentions m JOIN articles a ON a.id = m.article_id ORDER BY m.id",
            )
            .at(&self.path)?;
        let mut rows = st.query([]).at(&self.path)?;
        while let Some(r) = rows.next().at(&self.path)? {
            let json: String = r.get(6).at(&self.path)?;
            each(MentionRow {
                event_id: r.get(0).at(&self.path)?,
                doc_id: r.get(1).at(&self.path)?,
                url: r.get(2).at(&self.path)?,
                source: r.get(3).at(&self.path)?,
                sentence_index: r.get(4).at(&self.path)?,
                date: r.get(5).at(&self.path)?,
                coded: serde_json::from_str(&json).unwrap_or(serde_json::Value::String(json)),
            })?;
        }
        Ok(())
    }

    /// Every event matching the filter, passed one by one to `each`, with
    /// `first_sentence` filled (for exports).
    pub fn for_each_event(
        &self,
        f: &EventFilter,
        mut each: impl FnMut(EventRow) -> Result<()>,
    ) -> Result<()> {
        let q = self.filter_sql(f)?;
        let fts = q.fts;
        let wheres = if q.wheres.is_empty() {
            "1".to_string()
        } else {
            q.wheres.join(" AND ")
        };
        let sql = format!(
            "SELECT {EVENT_COLS}, (SELECT min(sentence_index) FROM mentions WHERE event_id = e.id)
             FROM events e JOIN articles a ON a.id = e.first_article WHERE {wheres} ORDER BY e.id"
        );
        let mut st = self
            .conn
            .prepare(&sql)
            .map_err(|e| self.query_error(e, fts))?;
        let mut rows = st
            .query(rusqlite::params_from_iter(q.params.iter()))
            .map_err(|e| self.query_error(e, fts))?;
        while let Some(r) = rows.next().map_err(|e| self.query_error(e, fts))? {
            let mut ev = event_row(r).at(&self.path)?;
            ev.first_sentence = r
                .get::<_, Option<i64>>(AFTER_EVENT_COLS)
                .at(&self.path)?
                .unwrap_or(0);
            each(ev)?;
        }
        Ok(())
    }

    /// The latest event between two actors strictly before `before` (a day
    /// number; `None` = ever), optionally of one CAMEO root or code prefix.
    pub fn last_contact(
        &self,
        a: &str,
        b: &str,
        directed: bool,
        before: Option<i64>,
        cameo: Option<&str>,
    ) -> Result<Option<EventRow>> {
        // One direction at a time: each is the first entry of its dyad in
        // the (first segments, day) index read backwards, where the two
        // directions together would have to be gathered and sorted.
        let latest = |from: &str, to: &str| -> Result<Option<EventRow>> {
            let f = EventFilter {
                dyad: Some((from.to_string(), to.to_string())),
                directed: true,
                to: before.map(|d| d - 1),
                cameo: cameo.map(str::to_string),
                descending: true,
                limit: Some(1),
                ..Default::default()
            };
            let mut q = self.filter_sql(&f)?;
            q.wheres.push("e.day IS NOT NULL".into());
            Ok(self
                .run_events(q, "e.day DESC, e.id DESC", Some(1))?
                .into_iter()
                .next())
        };
        let forward = latest(a, b)?;
        if directed {
            return Ok(forward);
        }
        let back = latest(b, a)?;
        Ok(match (forward, back) {
            (Some(f), Some(b)) => Some(if (b.day, b.id) > (f.day, f.id) { b } else { f }),
            (f, b) => f.or(b),
        })
    }

    /// Events (matching `f`) whose dyad had no event of the same kind in
    /// the `years` before: `kind` is `root` (same CAMEO root), `code`
    /// (same code) or `any`. Both actors must be known. Unless
    /// `include_uncovered`, events whose look-back reaches before the
    /// store's coverage (the earliest story date of its articles, see
    /// [`Store::coverage`]) are left out: the store cannot tell. Event
    /// dates do not make coverage: one background mention ("have not met
    /// since 1949") does not mean the store holds the news since 1949.
    pub fn first_contacts(
        &self,
        f: &EventFilter,
        years: u32,
        kind: &str,
        include_uncovered: bool,
    ) -> Result<Vec<EventRow>> {
        let same = match kind {
            "root" => "AND p.root = e.root",
            "code" => "AND p.cameo = e.cameo",
            "any" => "",
            other => {
                return Err(StoreError::Query(format!(
                    "unknown kind `{other}`: expected root, code or any"
                )))
            }
        };
        let dyad = if f.directed {
            "p.source_code = e.source_code AND p.target_code = e.target_code"
        } else {
            "((p.source_code = e.source_code AND p.target_code = e.target_code)
              OR (p.source_code = e.target_code AND p.target_code = e.source_code))"
        };
        let mut q = self.filter_sql(f)?;
        let start = format!(
            "CAST(julianday(date(e.day * 86400, 'unixepoch', '-{years} years')) - 2440587.5 AS INTEGER)"
        );
        q.wheres
            .push("e.day IS NOT NULL AND e.source_code != '' AND e.target_code != ''".into());
        q.wheres.push(format!(
            "NOT EXISTS (SELECT 1 FROM events p WHERE {dyad} {same} AND p.day >= {start} AND p.day < e.day)"
        ));
        if !include_uncovered {
            q.wheres.push(format!("{start} >= ({COVERAGE_START})"));
        }
        let order = if f.descending {
            "e.day DESC, e.id DESC"
        } else {
            "e.day, e.id"
        };
        self.run_events(q, order, f.limit)
    }

    /// Check the look-backs coded on events ("the first visit in more than
    /// a decade" → `>P10Y`) against the store: is there an earlier event of
    /// the dyad (either direction, same root) inside the look-back?
    pub fn check_lookbacks(&self, f: &EventFilter) -> Result<Vec<LookbackCheck>> {
        let mut q = self.filter_sql(f)?;
        q.wheres
            .push("e.id IN (SELECT event_id FROM mentions WHERE lookback IS NOT NULL)".into());
        let events = self.run_events(q, "e.day, e.id", f.limit)?;
        let mut out = Vec::new();
        for ev in events {
            let mut st = self
                .conn
                .prepare_cached(
                    "SELECT a.doc_id, m.lookback FROM mentions m JOIN articles a ON a.id = m.article_id
                     WHERE m.event_id = ?1 AND m.lookback IS NOT NULL ORDER BY m.id LIMIT 1",
                )
                .at(&self.path)?;
            let (doc_id, lookback): (String, String) = st
                .query_row([ev.id], |r| Ok((r.get(0)?, r.get(1)?)))
                .at(&self.path)?;
            let previous = match (
                ev.day,
                ev.source_code.is_empty() || ev.target_code.is_empty(),
            ) {
                (Some(day), false) => self.last_contact(
                    &ev.source_code,
                    &ev.target_code,
                    false,
                    Some(day),
                    Some(&ev.root),
                )?,
                _ => None,
            };
            let since = ev.day.and_then(|d| lookback_start(&lookback, d));
            let verdict = match (since, &previous) {
                (None, _) => "unverifiable",
                (Some(_), None) => "consistent",
                (Some(s), Some(p)) if p.day.is_some_and(|pd| pd >= s) => "contradicted",
                (Some(_), Some(_)) => "consistent",
            };
            out.push(LookbackCheck {
                event: ev,
                doc_id,
                lookback,
                verdict: verdict.into(),
                previous,
            });
        }
        Ok(out)
    }

    /// Full-text search over articles (FTS5 syntax), best matches first,
    /// each with its events.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let fts = true;
        let mut st = self
            .conn
            .prepare(
                "SELECT a.id, a.doc_id, a.title, a.url, a.story_date,
                        snippet(articles_fts, 3, '[', ']', '…', 12)
                 FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                 WHERE articles_fts MATCH ?1 ORDER BY rank LIMIT ?2",
            )
            .at(&self.path)?;
        let rows = st
            .query_map(
                rusqlite::params![text, crate::store::sql_limit(limit)],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        SearchHit {
                            doc_id: r.get(1)?,
                            title: r.get(2)?,
                            url: r.get(3)?,
                            story_date: r.get(4)?,
                            snippet: r.get(5)?,
                            events: Vec::new(),
                        },
                    ))
                },
            )
            .map_err(|e| self.query_error(e, fts))?;
        let hits = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.query_error(e, fts))?;
        let mut out = Vec::new();
        for (rowid, mut hit) in hits {
            let mut q = Sql::default();
            let p = q.param(rowid);
            q.wheres.push(format!(
                "e.id IN (SELECT event_id FROM mentions WHERE article_id = {p})"
            ));
            hit.events = self.run_events(q, "e.day, e.id", None)?;
            out.push(hit);
        }
        Ok(out)
    }

    /// The store's coverage: the earliest and latest story date of its
    /// articles (`YYYY-MM-DD`); `None` when no article has one.
    pub fn coverage(&self) -> Result<Option<(String, String)>> {
        let (lo, hi): (Option<String>, Option<String>) = self
            .conn
            .query_row(
                "SELECT min(story_date), max(story_date) FROM articles",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .at(&self.path)?;
        Ok(lo.zip(hi))
    }

    /// What the store holds.
    pub fn stats(&self, top: usize) -> Result<Stats> {
        let count = |sql: &str| {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .at(&self.path)
        };
        let (lo, hi): (Option<i64>, Option<i64>) = self
            .conn
            .query_row("SELECT min(day), max(day) FROM events", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .at(&self.path)?;
        let stories = self.coverage()?;
        let mut quad = [0i64; 4];
        {
            let mut st = self
                .conn
                .prepare("SELECT quad_class, count(*) FROM events GROUP BY quad_class")
                .at(&self.path)?;
            let rows = st
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
                .at(&self.path)?;
            for row in rows {
                let (q, n) = row.at(&self.path)?;
                if (1..=4).contains(&q) {
                    quad[(q - 1) as usize] = n;
                }
            }
        }
        let mut st = self
            .conn
            .prepare(
                "SELECT source_code, target_code, count(*) AS n FROM events
                 WHERE source_code != '' AND target_code != ''
                 GROUP BY source_code, target_code ORDER BY n DESC, source_code, target_code LIMIT ?1",
            )
            .at(&self.path)?;
        let top_dyads = st
            .query_map([crate::store::sql_limit(top)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .at(&self.path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .at(&self.path)?;
        Ok(Stats {
            path: self.path.display().to_string(),
            schema_version: crate::store::SCHEMA_VERSION,
            window_days: self.window_days(),
            articles: count("SELECT count(*) FROM articles")?,
            events: count("SELECT count(*) FROM events")?,
            mentions: count("SELECT count(*) FROM mentions")?,
            first_date: lo.and_then(date_of).map(|d| d.to_string()),
            last_date: hi.and_then(date_of).map(|d| d.to_string()),
            undated_events: count("SELECT count(*) FROM events WHERE day IS NULL")?,
            first_story_date: stories.as_ref().map(|s| s.0.clone()),
            last_story_date: stories.map(|s| s.1),
            undated_articles: count("SELECT count(*) FROM articles WHERE story_date IS NULL")?,
            quad_classes: quad,
            top_dyads,
        })
    }
}

/// The first day a look-back covers, for an event on `day`: `>P10Y` (no
/// contact in more than ten years) covers the ten years before; a date
/// (`2015`: "the first since 2015") covers the days after that period.
/// `None` when the look-back has no definite extent (`PXY`, `?`).
pub fn lookback_start(lookback: &str, day: i64) -> Option<i64> {
    let s = lookback.trim().trim_start_matches(['>', '<', '~']);
    if let Some(dur) = s.strip_prefix('P') {
        let dur = dur.strip_prefix('T').unwrap_or(dur);
        let unit = dur.chars().last()?;
        let n: i64 = dur[..dur.len() - unit.len_utf8()].parse().ok()?;
        let date = date_of(day)?;
        let start = match unit {
            'Y' => date
                .with_year(date.year() - n as i32)
                .or_else(|| date.pred_opt()?.with_year(date.year() - n as i32))?,
            'M' => date.checked_sub_months(chrono::Months::new(u32::try_from(n).ok()?))?,
            'W' => date - chrono::Duration::weeks(n),
            'D' => date - chrono::Duration::days(n),
            _ => return None,
        };
        return Some(crate::day::day_number(start));
    }
    // "since 2015": the period ends at the end of 2015.
    let d = day_of_value(s)?;
    crate::day::parse_bound(&d.value, true)
        .ok()
        .map(|end| end + 1)
}

/// A dyad's series: one point per period from the first event's to the
/// last's, empty periods included (analyses need the zeros).
pub fn series(events: &[EventRow], period: Period) -> Vec<SeriesPoint> {
    fold_series(
        events.iter().filter_map(|e| {
            Some(DayGroup {
                day: e.day?,
                quad_class: e.quad_class,
                events: 1,
                mentions: e.num_mentions,
                goldstein: e.goldstein,
            })
        }),
        period,
        (None, None),
    )
}

/// Events of one day and QuadClass, counted: what [`fold_series`] adds up
/// (one per event for [`series`], one per SQL group for
/// [`Store::series_of`](crate::Store::series_of)).
pub(crate) struct DayGroup {
    pub(crate) day: i64,
    pub(crate) quad_class: u8,
    pub(crate) events: i64,
    pub(crate) mentions: i64,
    pub(crate) goldstein: f64,
}

/// At most this many points in a series (a day series over a century is
/// 36,525): beyond it the series stops, so that absurd dates (`from=0001`
/// by day) cost bounded memory.
pub const MAX_SERIES_POINTS: usize = 100_000;

/// Periods from the first group's to the last's, empty ones as zeros;
/// `bounds` (first and last day numbers, each optional) widen the series
/// to the periods asked for, so that a chart of 2023 starts in January.
pub(crate) fn fold_series(
    groups: impl Iterator<Item = DayGroup>,
    period: Period,
    bounds: (Option<i64>, Option<i64>),
) -> Vec<SeriesPoint> {
    let key = |d: NaiveDate| match period {
        Period::Month => NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d),
        Period::Week => d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday())),
        Period::Day => d,
    };
    let mut points: BTreeMap<NaiveDate, SeriesPoint> = BTreeMap::new();
    for g in groups {
        let Some(d) = date_of(g.day) else {
            continue;
        };
        let p = points.entry(key(d)).or_default();
        p.events += g.events;
        p.mentions += g.mentions;
        // QuadClass 0 is a code outside the CAMEO ontology (a custom
        // codebook's): counted as an event, in neither cooperation nor conflict.
        match g.quad_class {
            1 => p.verbal_cooperation += g.events,
            2 => p.material_cooperation += g.events,
            3 => p.verbal_conflict += g.events,
            4 => p.material_conflict += g.events,
            _ => {}
        }
        match g.quad_class {
            1 | 2 => {
                p.cooperation += g.events;
                p.goldstein_cooperation += g.goldstein;
            }
            3 | 4 => {
                p.conflict += g.events;
                p.goldstein_conflict += g.goldstein;
            }
            _ => {}
        }
        p.goldstein_net += g.goldstein;
    }
    for day in [bounds.0, bounds.1].into_iter().flatten() {
        if let Some(d) = date_of(day) {
            points.entry(key(d)).or_default();
        }
    }
    let (Some(&first), Some(&last)) = (points.keys().next(), points.keys().next_back()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut k = first;
    while k <= last {
        let mut p = points.remove(&k).unwrap_or_default();
        p.period = match period {
            Period::Month => k.format("%Y-%m").to_string(),
            Period::Week | Period::Day => k.to_string(),
        };
        out.push(p);
        let next = match period {
            Period::Month => k.checked_add_months(chrono::Months::new(1)),
            Period::Week => k.checked_add_days(chrono::Days::new(7)),
            Period::Day => k.succ_opt(),
        };
        match next {
            Some(n) if out.len() < MAX_SERIES_POINTS => k = n,
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(day: &str, quad_class: u8, goldstein: f64) -> EventRow {
        EventRow {
            id: 1,
            date: Some(day.into()),
            precision: "day".into(),
            date_start: Some(day.into()),
            date_end: Some(day.into()),
            story_date: Some(day.into()),
            day: day_of_value(day).map(|d| d.day),
            source_code: "FRA".into(),
            source_name: String::new(),
            source_country: Some("FRA".into()),
            source_roles: String::new(),
            target_code: "RUS".into(),
            target_name: String::new(),
            target_country: Some("RUS".into()),
            target_roles: String::new(),
            cameo: "040".into(),
            cameo_name: String::new(),
            root: "04".into(),
            quad_class,
            goldstein,
            plover_type: None,
            plover_mode: None,
            num_mentions: 1,
            num_sources: 1,
            num_articles: 1,
            doc_id: "d".into(),
            url: None,
            added_at: String::new(),
            first_sentence: 0,
            location: None,
        }
    }

    #[test]
    fn a_code_outside_cameo_counts_as_an_event_but_neither_cooperation_nor_conflict() {
        let s = series(
            &[row("2024-01-02", 1, 1.0), row("2024-01-03", 0, 0.0)],
            Period::Month,
        );
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].events, s[0].cooperation, s[0].conflict), (2, 1, 0));
        assert_eq!(s[0].material_conflict, 0);
    }
}
