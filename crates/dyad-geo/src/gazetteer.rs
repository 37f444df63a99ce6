//! The gazetteer: places with coordinates, looked up by normalised name.
//!
//! dyad's own index file (`gazetteer.tsv` in the gazetteer folder) is
//! written once at set-up from GeoNames data (see [`crate::convert`]) or,
//! in tests, from a small fixture through [`GazetteerBuilder`]. It is plain
//! text, one place a line, with every name already normalised into a match
//! key ([`dyad_kb::norm::key`]), so loading only splits lines and hashes
//! keys: no Unicode folding at start-up.
//!
//! ```text
//! # dyad gazetteer 1
//! X  GE  GEO  GG                                   country codes: ISO 3166 alpha-2, alpha-3, FIPS 10-4
//! C  614540   GE  -   Georgia  42.0  43.5  3731000  georgia|sakartvelo
//! A  0        GE  51  Tbilisi  41.7  44.8  1049498  tbilisi
//! P  611717   GE  51  Tbilisi  41.69 44.83 1049498  tbilisi|tiflis
//! R  0        PS  -   Gaza Strip 31.4 34.4 0        gaza strip
//! ```
//!
//! Kinds: `C` country, `A` first-level division (ADM1), `P` populated
//! place, `R` a region dyad-kb names that GeoNames' populated places lack
//! ("the Gaza Strip", "Donbas"), placed at its country's coordinates with
//! country precision.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The first line of every index file; a file without it is refused.
pub const MAGIC: &str = "# dyad gazetteer 1";

/// The index file's name inside the gazetteer folder.
pub const INDEX_FILE: &str = "gazetteer.tsv";

/// What a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An independent country or territory with an ISO code.
    Country,
    /// A first-level administrative division (state, province, oblast).
    Adm1,
    /// A populated place (GeoNames feature class P).
    City,
    /// A named region without its own record (placed at its country).
    Region,
}

impl Kind {
    fn letter(self) -> char {
        match self {
            Kind::Country => 'C',
            Kind::Adm1 => 'A',
            Kind::City => 'P',
            Kind::Region => 'R',
        }
    }

    fn of_letter(s: &str) -> Option<Kind> {
        Some(match s {
            "C" => Kind::Country,
            "A" => Kind::Adm1,
            "P" => Kind::City,
            "R" => Kind::Region,
            _ => return None,
        })
    }

    /// The precision an event placed here has: `city`, `adm1` or `country`.
    pub fn precision(self) -> &'static str {
        match self {
            Kind::City => "city",
            Kind::Adm1 => "adm1",
            Kind::Country | Kind::Region => "country",
        }
    }

    /// GeoNames' feature class and code in words, for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Country => "country (A.PCLI)",
            Kind::Adm1 => "first-level division (A.ADM1)",
            Kind::City => "populated place (P)",
            Kind::Region => "region named by dyad-kb",
        }
    }
}

/// One place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames id; 0 where the record has none (ADM1 rows built from
    /// their cities, dyad-kb regions).
    pub id: u32,
    /// What it is.
    pub kind: Kind,
    /// ISO 3166 alpha-2 country code.
    pub cc: String,
    /// GeoNames' first-level division code within the country (`51`,
    /// `TX`); empty for countries and regions.
    pub adm1: String,
    /// The name to show.
    pub name: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Population (for ADM1 rows, the sum of their places ≥ 1,000).
    pub population: u64,
}

/// The codes of one country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryCodes {
    /// ISO 3166 alpha-2.
    pub iso2: String,
    /// ISO 3166 alpha-3.
    pub iso3: String,
    /// FIPS 10-4 (GDELT's country codes); empty when none.
    pub fips: String,
}

/// A gazetteer problem: always names the file and what to run.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// No index installed.
    #[error("no gazetteer at {}: run `scripts/fetch-gazetteer` (or `dyad geo install`) to fetch GeoNames and build it", .0.display())]
    Missing(PathBuf),
    /// The file cannot be read.
    #[error("cannot read gazetteer {}: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// The file is not a dyad gazetteer or is damaged.
    #[error("{}:{line}: not a valid dyad gazetteer ({why}); rebuild it with `scripts/fetch-gazetteer --force`", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The line (1-based).
        line: usize,
        /// What is wrong.
        why: String,
    },
    /// Building the index from GeoNames data failed.
    #[error("{0}")]
    Convert(String),
}

/// The loaded gazetteer.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// (hash of a match key, place index), sorted: one binary search per look-up.
    names: Vec<(u64, u32)>,
    codes: Vec<CountryCodes>,
    by_iso2: HashMap<String, usize>,
    by_iso3: HashMap<String, usize>,
    /// (ISO2, ADM1 code) → the ADM1 place.
    adm1: HashMap<(String, String), u32>,
    /// ISO2 → the country place.
    country_place: HashMap<String, u32>,
}

/// FNV-1a, 64 bits: stable across builds and platforms (the standard
/// library's hasher is randomised), and collisions among a million keys are
/// about one in ten million.
pub(crate) fn hash_key(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The default gazetteer folder: `DATA_HOME/dyad/gazetteer` (or `$DYAD_GAZETTEER`).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("DYAD_GAZETTEER").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    dyad_ingest::data_home().map(|h| h.join("gazetteer"))
}

impl Gazetteer {
    /// Loads the index from a gazetteer folder (or an index file).
    pub fn load(path: &Path) -> Result<Gazetteer, GazetteerError> {
        let file = if path.is_dir() {
            path.join(INDEX_FILE)
        } else {
            path.to_path_buf()
        };
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(GazetteerError::Missing(file))
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(GazetteerError::Corrupt {
                    path: file,
                    line: 0,
                    why: "not UTF-8 text".into(),
                })
            }
            Err(cause) => return Err(GazetteerError::Io { path: file, cause }),
        };
        Self::parse(&text).map_err(|(line, why)| GazetteerError::Corrupt {
            path: file,
            line,
            why,
        })
    }

    /// Loads the default gazetteer ([`default_dir`]).
    pub fn load_default() -> Result<Gazetteer, GazetteerError> {
        let dir = default_dir().ok_or_else(|| {
            GazetteerError::Missing(PathBuf::from("$HOME/.local/share/dyad/gazetteer"))
        })?;
        Self::load(&dir)
    }

    /// Parses an index file's text; errors are (line, why).
    pub fn parse(text: &str) -> Result<Gazetteer, (usize, String)> {
        let mut g = Gazetteer::default();
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, l)) if l.trim_end() == MAGIC => {}
            _ => return Err((1, format!("the first line is not `{MAGIC}`"))),
        }
        let mut keys: Vec<(u64, u32)> = Vec::new();
        for (i, line) in lines {
            let n = i + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f[0] == "X" {
                if f.len() != 4 {
                    return Err((n, "a country-code line has 4 fields".into()));
                }
                let c = CountryCodes {
                    iso2: f[1].into(),
                    iso3: f[2].into(),
                    fips: f[3].into(),
                };
                g.by_iso2.insert(c.iso2.clone(), g.codes.len());
                g.by_iso3.insert(c.iso3.clone(), g.codes.len());
                g.codes.push(c);
                continue;
            }
            if f.len() != 9 {
                return Err((n, format!("{} fields, expected 9", f.len())));
            }
            let kind =
                Kind::of_letter(f[0]).ok_or_else(|| (n, format!("unknown kind `{}`", f[0])))?;
            let num = |s: &str, what: &str| -> Result<f64, (usize, String)> {
                s.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| (n, format!("bad {what} `{s}`")))
            };
            let lat = num(f[5], "latitude")?;
            let lon = num(f[6], "longitude")?;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err((n, format!("coordinates out of range: {lat}, {lon}")));
            }
            let place = Place {
                id: f[1]
                    .parse()
                    .map_err(|_| (n, format!("bad id `{}`", f[1])))?,
                kind,
                cc: f[2].into(),
                adm1: if f[3] == "-" {
                    String::new()
                } else {
                    f[3].into()
                },
                name: f[4].into(),
                lat,
                lon,
                population: f[7]
                    .parse()
                    .map_err(|_| (n, format!("bad population `{}`", f[7])))?,
            };
            let idx = u32::try_from(g.places.len()).map_err(|_| (n, "too many places".into()))?;
            match kind {
                Kind::Adm1 => {
                    g.adm1.insert((place.cc.clone(), place.adm1.clone()), idx);
                }
                Kind::Country => {
                    g.country_place.insert(place.cc.clone(), idx);
                }
                _ => {}
            }
            for k in f[8].split('|').filter(|k| !k.is_empty()) {
                keys.push((hash_key(k), idx));
            }
            g.places.push(place);
        }
        keys.sort_unstable();
        keys.dedup();
        g.names = keys;
        Ok(g)
    }

    /// The places a name may mean (any spelling the index knows), in index
    /// order.
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        self.lookup_key(&dyad_kb::norm::key(name))
    }

    /// [`Gazetteer::lookup`] for an already normalised key.
    pub fn lookup_key(&self, key: &str) -> Vec<&Place> {
        self.lookup_indexes(key)
            .into_iter()
            .map(|i| &self.places[i as usize])
            .collect()
    }

    pub(crate) fn lookup_indexes(&self, key: &str) -> Vec<u32> {
        if key.is_empty() {
            return Vec::new();
        }
        let h = hash_key(key);
        let from = self.names.partition_point(|&(k, _)| k < h);
        self.names[from..]
            .iter()
            .take_while(|&&(k, _)| k == h)
            .map(|&(_, i)| i)
            .collect()
    }

    /// The place at an index.
    pub fn place(&self, i: u32) -> &Place {
        &self.places[i as usize]
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether it holds no place.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of (name, place) pairs indexed.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// The codes of a country by ISO alpha-2.
    pub fn codes(&self, iso2: &str) -> Option<&CountryCodes> {
        self.by_iso2.get(iso2).map(|&i| &self.codes[i])
    }

    /// The codes of a country by ISO alpha-3.
    pub fn codes_iso3(&self, iso3: &str) -> Option<&CountryCodes> {
        self.by_iso3.get(iso3).map(|&i| &self.codes[i])
    }

    /// The country record of an ISO alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<&Place> {
        self.country_place.get(iso2).map(|&i| self.place(i))
    }

    /// The ADM1 record a place lies in.
    pub fn adm1_of(&self, p: &Place) -> Option<&Place> {
        if p.adm1.is_empty() {
            return None;
        }
        self.adm1
            .get(&(p.cc.clone(), p.adm1.clone()))
            .map(|&i| self.place(i))
    }
}

/// Great-circle distance in kilometres (haversine, mean Earth radius).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().asin()
}

/// One place as a builder takes it: names as written.
#[derive(Debug, Clone)]
pub struct SourcePlace {
    /// The place (its `name` is indexed too).
    pub place: Place,
    /// Other names as written ("Kiev", "Tiflis").
    pub alternates: Vec<String>,
}

/// Builds an index file from places and country codes (the converter's and
/// the tests' common path): names are normalised here, once.
#[derive(Debug, Default)]
pub struct GazetteerBuilder {
    /// Country codes.
    pub codes: Vec<CountryCodes>,
    /// Places.
    pub places: Vec<SourcePlace>,
}

/// A field of the index: no tabs or line breaks.
fn field(s: &str) -> String {
    s.replace(['\t', '\n', '\r', '|'], " ")
}

impl GazetteerBuilder {
    /// Adds dyad-kb's country names and aliases (demonyms left out) to the
    /// country records and its `place:` names that no record has as
    /// regions of their country, so "Britain", "the Gaza Strip" and
    /// "Donbas" are found. Reads the built-in country dictionary.
    pub fn add_kb_names(&mut self) {
        let iso3_to_2: HashMap<&str, &str> = self
            .codes
            .iter()
            .map(|c| (c.iso3.as_str(), c.iso2.as_str()))
            .collect();
        let mut known: std::collections::HashSet<String> = std::collections::HashSet::new();
        for p in &self.places {
            known.insert(dyad_kb::norm::key(&p.place.name));
            for a in &p.alternates {
                known.insert(dyad_kb::norm::key(a));
            }
        }
        let country_at: HashMap<String, usize> = self
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.place.kind == Kind::Country)
            .map(|(i, p)| (p.place.cc.clone(), i))
            .collect();
        let mut regions: Vec<SourcePlace> = Vec::new();
        for block in crate::kbnames::country_blocks(dyad_kb::BUILTIN_COUNTRIES) {
            let Some(iso2) = iso3_to_2.get(block.iso3.as_str()) else {
                continue;
            };
            let Some(&ci) = country_at.get(*iso2) else {
                continue;
            };
            let names = std::iter::once(&block.name).chain(&block.aliases);
            let add: Vec<String> = names.cloned().collect();
            self.places[ci].alternates.extend(add);
            let country = self.places[ci].place.clone();
            for r in &block.places {
                if known.insert(dyad_kb::norm::key(r)) {
                    regions.push(SourcePlace {
                        place: Place {
                            id: 0,
                            kind: Kind::Region,
                            adm1: String::new(),
                            name: r.clone(),
                            population: 0,
                            ..country.clone()
                        },
                        alternates: Vec::new(),
                    });
                }
            }
        }
        self.places.extend(regions);
    }

    /// Writes the index text.
    pub fn write(&self, out: &mut impl std::io::Write, header: &[&str]) -> std::io::Result<()> {
        writeln!(out, "{MAGIC}")?;
        for h in header {
            writeln!(out, "# {h}")?;
        }
        for c in &self.codes {
            writeln!(out, "X\t{}\t{}\t{}", c.iso2, c.iso3, c.fips)?;
        }
        for sp in &self.places {
            let p = &sp.place;
            let mut keys: Vec<String> = std::iter::once(&p.name)
                .chain(&sp.alternates)
                .map(|n| dyad_kb::norm::key(n))
                .filter(|k| !k.is_empty())
                .collect();
            keys.sort();
            keys.dedup();
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}",
                p.kind.letter(),
                p.id,
                field(&p.cc),
                if p.adm1.is_empty() {
                    "-".into()
                } else {
                    field(&p.adm1)
                },
                field(&p.name),
                p.lat,
                p.lon,
                p.population,
                keys.iter().map(|k| field(k)).collect::<Vec<_>>().join("|")
            )?;
        }
        Ok(())
    }

    /// Builds the index in memory (tests, fixtures); bad places (say,
    /// coordinates out of range) are an error naming the line.
    pub fn build(&self) -> Result<Gazetteer, GazetteerError> {
        let mut buf = Vec::new();
        self.write(&mut buf, &[])
            .map_err(|e| GazetteerError::Convert(e.to_string()))?;
        Gazetteer::parse(&String::from_utf8_lossy(&buf)).map_err(|(line, why)| {
            GazetteerError::Corrupt {
                path: PathBuf::from("<built in memory>"),
                line,
                why,
            }
        })
    }
}
