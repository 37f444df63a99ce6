//! Scoring event places against a gold set (`dyad geo eval FILE`; the
//! format is in `data/gold/README.md`).
//!
//! An event with a gold place is right when dyad's place is within 50 km
//! of it (city precision), in the same first-level division (ADM1
//! precision) or the same country (country precision); an event whose text
//! gives no place is right when dyad gives none or the dateline's.

use crate::gazetteer::distance_km;
use dyad_event::Location;
use serde::Deserialize;

/// One gold case.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldCase {
    /// Case id.
    pub id: String,
    /// The text (a dateline may open it).
    pub text: String,
    /// The event's trigger word as written (its first occurrence is used).
    pub trigger: String,
    /// The gold place's name, or null when the text gives none.
    pub place: Option<String>,
    /// Latitude of the gold place.
    #[serde(default)]
    pub lat: Option<f64>,
    /// Longitude of the gold place.
    #[serde(default)]
    pub lon: Option<f64>,
    /// ISO alpha-3 country of the gold place.
    #[serde(default)]
    pub country: Option<String>,
    /// GeoNames ADM1 (`CC.CODE`) for ADM1-precision gold.
    #[serde(default)]
    pub adm1: Option<String>,
    /// `city`, `adm1` or `country`.
    #[serde(default)]
    pub precision: Option<String>,
    /// What the case tests.
    #[serde(default)]
    pub note: String,
}

/// Reads a gold file: one case a line, `#` comments; errors name the line.
pub fn parse_gold(text: &str, file: &str) -> Result<Vec<GoldCase>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let c: GoldCase =
            serde_json::from_str(line).map_err(|e| format!("{file}:{}: {e}", i + 1))?;
        if c.place.is_some() && (c.country.is_none() || c.precision.is_none()) {
            return Err(format!(
                "{file}:{}: a gold place needs `country` and `precision`",
                i + 1
            ));
        }
        if c.precision.as_deref() == Some("city") && (c.lat.is_none() || c.lon.is_none()) {
            return Err(format!("{file}:{}: a city needs `lat` and `lon`", i + 1));
        }
        out.push(c);
    }
    Ok(out)
}

/// Whether dyad's place `got` is right for `gold`.
pub fn judge(gold: &GoldCase, got: Option<&Location>) -> bool {
    match (&gold.place, got) {
        (None, None) => true,
        (None, Some(l)) => l.rule.starts_with("dateline"),
        (Some(_), None) => false,
        (Some(_), Some(l)) => match gold.precision.as_deref() {
            Some("city") => match (gold.lat, gold.lon) {
                (Some(lat), Some(lon)) => distance_km(lat, lon, l.lat, l.lon) <= 50.0,
                _ => false,
            },
            Some("adm1") => gold.adm1.is_some() && l.adm1 == gold.adm1,
            _ => gold.country.as_deref() == Some(l.country.as_str()),
        },
    }
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The case.
    pub case: GoldCase,
    /// dyad's place.
    pub got: Option<Location>,
    /// Whether it is right.
    pub correct: bool,
}

/// Scores of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every case.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// (right, total) over cases with a gold place.
    pub fn placed(&self) -> (usize, usize) {
        let v: Vec<&Outcome> = self
            .outcomes
            .iter()
            .filter(|o| o.case.place.is_some())
            .collect();
        (v.iter().filter(|o| o.correct).count(), v.len())
    }

    /// (right, total) over cases without one.
    pub fn unplaced(&self) -> (usize, usize) {
        let v: Vec<&Outcome> = self
            .outcomes
            .iter()
            .filter(|o| o.case.place.is_none())
            .collect();
        (v.iter().filter(|o| o.correct).count(), v.len())
    }
}

/// Percentage, 0 for no cases.
pub fn percent((a, b): (usize, usize)) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 * 100.0 / b as f64
    }
}
