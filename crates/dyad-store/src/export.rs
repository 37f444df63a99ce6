//! Exports: JSON Lines, CSV and the GDELT 2.0 event table.

use crate::actor::ActorParts;
use crate::day::date_of;
use crate::error::{Result, StoreError};
use crate::query::{EventFilter, EventRow, PlaceRow};
use crate::store::Store;
use chrono::Datelike;
use std::io::Write;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One de-duplicated event a line, with its mentions.
    Jsonl,
    /// The raw per-article codings: one coded event a line, as `dyad code` prints them.
    MentionsJsonl,
    /// One de-duplicated event a row, with a header.
    Csv,
    /// GDELT 2.0's event table: 61 tab-separated columns, no header.
    /// Undated events are left out (GDELT requires a date).
    Gdelt,
    /// GDELT 2.0's 61 columns followed by dyad's own: the date's
    /// precision, its last day, the story date and the doc id.
    GdeltDyad,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "jsonl" => Ok(ExportFormat::Jsonl),
            "mentions" => Ok(ExportFormat::MentionsJsonl),
            "csv" => Ok(ExportFormat::Csv),
            "gdelt" => Ok(ExportFormat::Gdelt),
            "gdelt-dyad" => Ok(ExportFormat::GdeltDyad),
            other => Err(format!(
                "unknown export format `{other}`: expected jsonl, mentions, csv, gdelt or gdelt-dyad"
            )),
        }
    }
}

/// The columns of the CSV export.
pub const CSV_HEADER: &[&str] = &[
    "id",
    "date",
    "date_start",
    "date_end",
    "date_precision",
    "story_date",
    "source_code",
    "source_name",
    "source_country",
    "target_code",
    "target_name",
    "target_country",
    "cameo",
    "cameo_name",
    "root",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "num_mentions",
    "num_sources",
    "num_articles",
    "doc_id",
    "url",
    "place_name",
    "place_country",
    "place_adm1",
    "place_lat",
    "place_lon",
    "place_geonames_id",
    "place_precision",
];

/// ISO alpha-3 → FIPS 10-4 and the country's name (`data/iso3_fips.tsv`).
const ISO3_FIPS: &str = include_str!("../data/iso3_fips.tsv");

/// The FIPS 10-4 code and name of an ISO alpha-3 country.
pub fn fips_of(iso3: &str) -> Option<(&'static str, &'static str)> {
    ISO3_FIPS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let mut f = l.split('\t');
            (f.next()? == iso3).then_some(())?;
            let fips = f.next()?;
            let name = f.next()?;
            Some((if fips == "-" { "" } else { fips }, name))
        })
}

/// GDELT's eight geography fields (Type, FullName, CountryCode, ADM1Code,
/// ADM2Code, Lat, Long, FeatureID) for a stored place. Types: 1 country,
/// 2 US state, 3 US city, 4 world city, 5 world state (ADM1). Country
/// codes are FIPS 10-4; ADM1 codes are the FIPS country code followed by
/// GeoNames' division code (GDELT's own form for the many countries where
/// GeoNames keeps FIPS division codes, and `USTX` for US states); the
/// feature id is the GeoNames id of cities, the ADM1 code of divisions and
/// the FIPS code of countries. Without a place: type 0 (GDELT's "not
/// geocoded") and seven empty fields.
pub fn gdelt_geo(place: Option<&PlaceRow>) -> Vec<String> {
    let Some(p) = place else {
        let mut f = vec!["0".to_string()];
        f.resize(8, String::new());
        return f;
    };
    let (fips, country_name) = fips_of(&p.country).unwrap_or(("", ""));
    let adm1 = p
        .adm1
        .as_deref()
        .and_then(|a| a.split_once('.'))
        .map(|(_, code)| format!("{fips}{code}"))
        .unwrap_or_else(|| fips.to_string());
    let us = p.country == "USA";
    let (kind, feature) = match p.precision.as_str() {
        "city" => (
            if us { "3" } else { "4" },
            p.geonames_id.map(|i| i.to_string()).unwrap_or_default(),
        ),
        "adm1" => (if us { "2" } else { "5" }, adm1.clone()),
        _ => ("1", fips.to_string()),
    };
    let full = if p.precision == "country" || country_name.is_empty() {
        clean(&p.name)
    } else {
        clean(&format!("{}, {country_name}", p.name))
    };
    vec![
        kind.to_string(),
        full,
        fips.to_string(),
        adm1,
        String::new(), // ADM2: the gazetteer has no second-level divisions
        format!("{:.4}", p.lat),
        format!("{:.4}", p.lon),
        feature,
    ]
}

/// Number of columns of a GDELT 2.0 event record.
pub const GDELT_COLUMNS: usize = 61;

/// The columns `--format gdelt-dyad` adds after GDELT's 61.
pub const GDELT_DYAD_COLUMNS: &[&str] = &[
    "DyadDatePrecision",
    "DyadDateEnd",
    "DyadStoryDate",
    "DyadDocId",
];

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exported {
    /// Records written.
    pub records: usize,
    /// Undated events left out (GDELT formats only: GDELT requires a date).
    pub undated_left_out: usize,
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Io {
        path: "<output>".into(),
        cause: e,
    }
}

/// Quote a CSV field when it needs it (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One CSV row (without the line end).
pub fn csv_row(e: &EventRow) -> String {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    [
        e.id.to_string(),
        opt(&e.date),
        opt(&e.date_start),
        opt(&e.date_end),
        e.precision.clone(),
        opt(&e.story_date),
        e.source_code.clone(),
        e.source_name.clone(),
        opt(&e.source_country),
        e.target_code.clone(),
        e.target_name.clone(),
        opt(&e.target_country),
        e.cameo.clone(),
        e.cameo_name.clone(),
        e.root.clone(),
        e.quad_class.to_string(),
        format!("{:.1}", e.goldstein),
        opt(&e.plover_type),
        opt(&e.plover_mode),
        e.num_mentions.to_string(),
        e.num_sources.to_string(),
        e.num_articles.to_string(),
        e.doc_id.clone(),
        opt(&e.url),
    ]
    .into_iter()
    .chain(place_fields(e.location.as_ref()))
    .collect::<Vec<_>>()
    .iter()
    .map(|f| csv_field(f))
    .collect::<Vec<_>>()
    .join(",")
}

/// The CSV's place columns.
fn place_fields(p: Option<&PlaceRow>) -> Vec<String> {
    match p {
        None => vec![String::new(); 7],
        Some(p) => vec![
            p.name.clone(),
            p.country.clone(),
            p.adm1.clone().unwrap_or_default(),
            format!("{:.5}", p.lat),
            format!("{:.5}", p.lon),
            p.geonames_id.map(|i| i.to_string()).unwrap_or_default(),
            p.precision.clone(),
        ],
    }
}

/// GDELT's tab-separated fields cannot hold tabs or line breaks.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// One event as a GDELT 2.0 event record: 61 fields. See the crate docs
/// for the columns dyad fills differently from GDELT.
pub fn gdelt_row(e: &EventRow) -> Vec<String> {
    let mut f: Vec<String> = Vec::with_capacity(GDELT_COLUMNS);
    f.push(e.id.to_string());
    // SQLDATE is the first day of the event's period (its precision is in
    // `gdelt-dyad`'s DyadDatePrecision and DyadDateEnd).
    match e.day.and_then(date_of) {
        Some(d) => {
            f.push(d.format("%Y%m%d").to_string());
            f.push(d.format("%Y%m").to_string());
            f.push(d.year().to_string());
            // GDELT's own approximation: (MONTH * 30 + DAY) / 365.
            f.push(format!(
                "{:.4}",
                f64::from(d.year()) + f64::from(d.month() * 30 + d.day()) / 365.0
            ));
        }
        None => f.resize(f.len() + 4, String::new()),
    }
    for (code, name) in [
        (&e.source_code, &e.source_name),
        (&e.target_code, &e.target_name),
    ] {
        let p = ActorParts::of(code);
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        f.push(code.clone());
        f.push(if code.is_empty() {
            String::new()
        } else {
            clean(&name.to_uppercase())
        });
        f.push(p.country.clone().unwrap_or_default());
        f.push(p.known_group.clone().unwrap_or_default());
        f.push(String::new()); // ethnic code: dyad codes no ethnicities
        f.push(at(&p.religions, 0));
        f.push(at(&p.religions, 1));
        f.push(at(&p.roles, 0));
        f.push(at(&p.roles, 1));
        f.push(at(&p.roles, 2));
    }
    // IsRootEvent: GDELT marks events from the lead paragraph; dyad, events
    // reported in one of an article's first three sentences.
    f.push(if e.first_sentence < 3 { "1" } else { "0" }.into());
    f.push(e.cameo.clone());
    f.push(e.cameo.get(..3).unwrap_or(&e.cameo).to_string());
    f.push(e.root.clone());
    f.push(e.quad_class.to_string());
    f.push(format!("{:.1}", e.goldstein));
    f.push(e.num_mentions.to_string());
    f.push(e.num_sources.to_string());
    f.push(e.num_articles.to_string());
    f.push(String::new()); // AvgTone: dyad scores no tone
                           // Actor1Geo, Actor2Geo: dyad does not place actors (type 0, "not
                           // geocoded"); ActionGeo: where the event happened.
    f.extend(gdelt_geo(None));
    f.extend(gdelt_geo(None));
    f.extend(gdelt_geo(e.location.as_ref()));
    f.push(e.added_at.chars().filter(char::is_ascii_digit).collect());
    // No URL is an empty SOURCEURL: a doc id there would look like a link.
    f.push(clean(e.url.as_deref().unwrap_or("")));
    f
}

/// `YYYY-MM-DD` as GDELT writes dates: `YYYYMMDD`.
fn gdelt_date(d: &Option<String>) -> String {
    d.as_deref().unwrap_or("").replace('-', "")
}

/// One event as GDELT's 61 fields followed by [`GDELT_DYAD_COLUMNS`].
pub fn gdelt_dyad_row(e: &EventRow) -> Vec<String> {
    let mut f = gdelt_row(e);
    f.push(e.precision.clone());
    f.push(gdelt_date(&e.date_end));
    f.push(gdelt_date(&e.story_date));
    f.push(clean(&e.doc_id));
    f
}

impl Store {
    /// Write the events matching `filter` to `out` in `format`.
    pub fn export(
        &self,
        filter: &EventFilter,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<Exported> {
        let mut n = Exported::default();
        match format {
            ExportFormat::MentionsJsonl => {
                self.for_each_mention(|m| {
                    writeln!(out, "{}", m.coded).map_err(io)?;
                    n.records += 1;
                    Ok(())
                })?;
            }
            ExportFormat::Csv => {
                writeln!(out, "{}", CSV_HEADER.join(",")).map_err(io)?;
                self.for_each_event(filter, |e| {
                    writeln!(out, "{}", csv_row(&e)).map_err(io)?;
                    n.records += 1;
                    Ok(())
                })?;
            }
            ExportFormat::Gdelt | ExportFormat::GdeltDyad => {
                let row = match format {
                    ExportFormat::GdeltDyad => gdelt_dyad_row,
                    _ => gdelt_row,
                };
                self.for_each_event(filter, |e| {
                    // GDELT has no undated events: an empty SQLDATE breaks
                    // its readers. They stay in the CSV and JSON exports.
                    if e.day.is_none() {
                        n.undated_left_out += 1;
                        return Ok(());
                    }
                    writeln!(out, "{}", row(&e).join("\t")).map_err(io)?;
                    n.records += 1;
                    Ok(())
                })?;
            }
            ExportFormat::Jsonl => {
                self.for_each_event(filter, |e| {
                    let mentions = self.mentions(e.id)?;
                    let mut v = serde_json::to_value(&e)
                        .map_err(|err| StoreError::Query(err.to_string()))?;
                    let refs: Vec<serde_json::Value> = mentions
                        .iter()
                        .map(|m| {
                            serde_json::json!({
                                "doc_id": m.doc_id,
                                "url": m.url,
                                "source": m.source,
                                "sentence_index": m.sentence_index,
                                "date": m.date,
                            })
                        })
                        .collect();
                    v["mentions"] = serde_json::Value::Array(refs);
                    writeln!(out, "{v}").map_err(io)?;
                    n.records += 1;
                    Ok(())
                })?;
            }
        }
        out.flush().map_err(io)?;
        Ok(n)
    }
}
