//! The CAMEO/PLOVER ontology: event types with Goldstein scores, QuadClass
//! and PLOVER mapping, and the segments CAMEO actor codes are built from.
//!
//! The data lives in `data/ontology/*.txt` (dyad's own plain formats, see
//! `data/README.md`), embedded in the binary; [`Ontology::load`] reads
//! replacements from a directory.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

use crate::error::{KbError, Result};

const EVENTS: &str = include_str!("../data/ontology/cameo_events.txt");
const QUADCLASS: &str = include_str!("../data/ontology/quadclass.txt");
const PLOVER: &str = include_str!("../data/ontology/plover.txt");
const CAMEO_PLOVER: &str = include_str!("../data/ontology/cameo_plover.txt");
const ACTOR_CODES: &str = include_str!("../data/ontology/actor_codes.txt");

/// Which QuadClass convention to report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QuadConvention {
    /// GDELT's: 1 verbal cooperation, 2 material cooperation, 3 verbal
    /// conflict, 4 material conflict (roots 01–05, 06–09, 10–14, 15–20).
    #[default]
    Gdelt,
    /// Phoenix's: as GDELT but 0 (neutral) for roots 01–02 and a different
    /// placement of roots 09, 14 and 16.
    Phoenix,
}

/// A PLOVER event type with optional mode and contexts, as mapped from CAMEO.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PloverType {
    /// One of PLOVER's 16 event types, e.g. `ASSAULT`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The mode, e.g. `visit` for CONSULT.
    pub mode: Option<String>,
    /// Contexts such as `military`, `economic`.
    pub context: Vec<String>,
}

/// One CAMEO event code.
#[derive(Clone, Debug, Serialize)]
pub struct EventType {
    /// The code with its leading zero, e.g. `"0231"`.
    pub code: String,
    /// CAMEO's name for it.
    pub name: String,
    /// Goldstein conflict–cooperation score, −10 … +10.
    pub goldstein: f32,
    /// The two-digit root, e.g. `"02"`.
    pub root: String,
    /// 1 for roots, 2 for three-digit codes, 3 for four-digit ones.
    pub level: u8,
    /// QuadClass in GDELT's convention; see [`EventType::quad_class_in`].
    pub quad_class: u8,
    /// QuadClass in Phoenix's convention.
    #[serde(skip)]
    pub quad_class_phoenix: u8,
    /// The PLOVER type, where PLOVER maps this code.
    pub plover: Option<PloverType>,
}

impl EventType {
    /// The QuadClass under the given convention.
    pub fn quad_class_in(&self, conv: QuadConvention) -> u8 {
        match conv {
            QuadConvention::Gdelt => self.quad_class,
            QuadConvention::Phoenix => self.quad_class_phoenix,
        }
    }
}

/// A PLOVER event type's definition.
#[derive(Clone, Debug, Serialize)]
pub struct PloverDef {
    /// Name, e.g. `CONSULT`.
    pub name: String,
    /// `verbal-cooperation`, `material-cooperation`, `verbal-conflict`, `material-conflict`.
    pub quad: String,
    /// PLOVER's score for the type.
    pub score: f32,
    /// Modes with their scores (where PLOVER gives one) and descriptions.
    pub modes: Vec<(String, Option<f32>, String)>,
}

/// What kind of thing a three-letter actor code segment names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    /// A country (ISO 3166 alpha-3 or CAMEO's own, e.g. `XKX`).
    Country,
    /// A CAMEO region, e.g. `EUR`, `MEA`.
    Region,
    /// A role or sector, e.g. `GOV`, `MIL`.
    Role,
    /// A known group or organisation, e.g. `EEC` (the EU), `NAT` (NATO).
    Group,
    /// A religion, e.g. `MOS`.
    Religion,
}

/// An actor code segment with its label.
#[derive(Clone, Debug, Serialize)]
pub struct ActorSegment {
    /// The three letters.
    pub code: String,
    /// What it names.
    pub kind: SegmentKind,
    /// A human-readable label.
    pub label: String,
}

/// The CAMEO/PLOVER ontology.
#[derive(Debug, Default)]
pub struct Ontology {
    events: BTreeMap<String, EventType>,
    plover: BTreeMap<String, PloverDef>,
    contexts: BTreeMap<String, String>,
    /// Segments by (code, kind); one code can be both a role and a group (e.g. `IRC`).
    segments: HashMap<String, Vec<ActorSegment>>,
}

fn lines<'a>(text: &'a str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// Splits off the first whitespace-delimited field.
fn field(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], s[i..].trim_start()),
        None => (s, ""),
    }
}

impl Ontology {
    /// The ontology embedded in dyad, parsed once.
    pub fn builtin() -> &'static Ontology {
        static CELL: OnceLock<Ontology> = OnceLock::new();
        CELL.get_or_init(|| {
            Ontology::from_texts(
                ("builtin:cameo_events.txt", EVENTS),
                ("builtin:quadclass.txt", QUADCLASS),
                ("builtin:plover.txt", PLOVER),
                ("builtin:cameo_plover.txt", CAMEO_PLOVER),
                ("builtin:actor_codes.txt", ACTOR_CODES),
            )
            // The embedded files are checked by the crate's tests.
            .expect("embedded ontology data parses")
        })
    }

    /// Loads the ontology from a directory holding replacements for any of
    /// `cameo_events.txt`, `quadclass.txt`, `plover.txt`, `cameo_plover.txt`,
    /// `actor_codes.txt`; missing files fall back to the embedded ones.
    pub fn load(dir: &Path) -> Result<Ontology> {
        let read = |name: &str, builtin: &'static str| -> Result<(String, String)> {
            let p = dir.join(name);
            if p.exists() {
                let text = std::fs::read_to_string(&p).map_err(|source| KbError::Io {
                    path: p.clone(),
                    source,
                })?;
                Ok((p.display().to_string(), text))
            } else {
                Ok((format!("builtin:{name}"), builtin.to_string()))
            }
        };
        let e = read("cameo_events.txt", EVENTS)?;
        let q = read("quadclass.txt", QUADCLASS)?;
        let p = read("plover.txt", PLOVER)?;
        let m = read("cameo_plover.txt", CAMEO_PLOVER)?;
        let a = read("actor_codes.txt", ACTOR_CODES)?;
        Ontology::from_texts(
            (&e.0, &e.1),
            (&q.0, &q.1),
            (&p.0, &p.1),
            (&m.0, &m.1),
            (&a.0, &a.1),
        )
    }

    fn from_texts(
        events: (&str, &str),
        quad: (&str, &str),
        plover: (&str, &str),
        map: (&str, &str),
        actors: (&str, &str),
    ) -> Result<Ontology> {
        let mut ont = Ontology::default();
        let mut quads: HashMap<String, (u8, u8)> = HashMap::new();
        for (n, l) in lines(quad.1) {
            let f: Vec<&str> = l.split_whitespace().collect();
            let parse = |s: &str| s.parse::<u8>().ok().filter(|&q| q <= 4);
            match f.as_slice() {
                [root, g, p] if root.len() == 2 => {
                    let (Some(g), Some(p)) = (parse(g), parse(p)) else {
                        return Err(KbError::parse(quad.0, n, "QuadClass must be 0-4"));
                    };
                    quads.insert(root.to_string(), (g, p));
                }
                _ => return Err(KbError::parse(quad.0, n, "expected: ROOT GDELT PHOENIX")),
            }
        }
        for (n, l) in lines(events.1) {
            let (code, rest) = field(l);
            let (gold, name) = field(rest);
            if code.len() < 2 || code.len() > 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(KbError::parse(
                    events.0,
                    n,
                    format!("bad CAMEO code {code:?}"),
                ));
            }
            let goldstein: f32 = gold.parse().map_err(|_| {
                KbError::parse(events.0, n, format!("bad Goldstein score {gold:?}"))
            })?;
            if name.is_empty() {
                return Err(KbError::parse(events.0, n, "missing event name"));
            }
            let root = code[..2].to_string();
            let Some(&(q, qp)) = quads.get(&root) else {
                return Err(KbError::parse(
                    events.0,
                    n,
                    format!("no QuadClass for root {root}"),
                ));
            };
            ont.events.insert(
                code.to_string(),
                EventType {
                    code: code.to_string(),
                    name: name.to_string(),
                    goldstein,
                    level: (code.len() - 1) as u8,
                    root,
                    quad_class: q,
                    quad_class_phoenix: qp,
                    plover: None,
                },
            );
        }
        for (n, l) in lines(plover.1) {
            let (kind, rest) = field(l);
            match kind {
                "type" => {
                    let f: Vec<&str> = rest.split_whitespace().collect();
                    let [name, quad, score] = f.as_slice() else {
                        return Err(KbError::parse(
                            plover.0,
                            n,
                            "expected: type NAME QUAD SCORE",
                        ));
                    };
                    let score = score
                        .parse()
                        .map_err(|_| KbError::parse(plover.0, n, "bad score"))?;
                    ont.plover.insert(
                        name.to_string(),
                        PloverDef {
                            name: name.to_string(),
                            quad: quad.to_string(),
                            score,
                            modes: Vec::new(),
                        },
                    );
                }
                "mode" => {
                    let (ty, rest) = field(rest);
                    let (mode, rest) = field(rest);
                    let (score, desc) = field(rest);
                    let score = if score == "-" {
                        None
                    } else {
                        Some(
                            score
                                .parse()
                                .map_err(|_| KbError::parse(plover.0, n, "bad mode score"))?,
                        )
                    };
                    let Some(def) = ont.plover.get_mut(ty) else {
                        return Err(KbError::parse(
                            plover.0,
                            n,
                            format!("mode of unknown type {ty}"),
                        ));
                    };
                    def.modes.push((mode.to_string(), score, desc.to_string()));
                }
                "context" => {
                    let (name, desc) = field(rest);
                    ont.contexts.insert(name.to_string(), desc.to_string());
                }
                _ => {
                    return Err(KbError::parse(
                        plover.0,
                        n,
                        format!("unknown line kind {kind:?}"),
                    ))
                }
            }
        }
        for (n, l) in lines(map.1) {
            let f: Vec<&str> = l.split_whitespace().collect();
            let [code, ty, mode, ctx] = f.as_slice() else {
                return Err(KbError::parse(
                    map.0,
                    n,
                    "expected: CAMEO TYPE MODE CONTEXTS",
                ));
            };
            if !ont.plover.contains_key(*ty) {
                return Err(KbError::parse(
                    map.0,
                    n,
                    format!("unknown PLOVER type {ty}"),
                ));
            }
            let Some(ev) = ont.events.get_mut(*code) else {
                return Err(KbError::parse(
                    map.0,
                    n,
                    format!("unknown CAMEO code {code}"),
                ));
            };
            ev.plover = Some(PloverType {
                event_type: ty.to_string(),
                mode: (*mode != "-").then(|| mode.to_string()),
                context: if *ctx == "-" {
                    Vec::new()
                } else {
                    ctx.split(',').map(str::to_string).collect()
                },
            });
        }
        for (n, l) in lines(actors.1) {
            let (kind, rest) = field(l);
            let (code, label) = field(rest);
            let kind = match kind {
                "country" => SegmentKind::Country,
                "region" => SegmentKind::Region,
                "role" => SegmentKind::Role,
                "group" => SegmentKind::Group,
                "religion" => SegmentKind::Religion,
                _ => {
                    return Err(KbError::parse(
                        actors.0,
                        n,
                        format!("unknown segment kind {kind:?}"),
                    ))
                }
            };
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(KbError::parse(
                    actors.0,
                    n,
                    format!("bad actor code {code:?}"),
                ));
            }
            ont.segments
                .entry(code.to_string())
                .or_default()
                .push(ActorSegment {
                    code: code.to_string(),
                    kind,
                    label: label.to_string(),
                });
        }
        Ok(ont)
    }

    /// The event type of a CAMEO code such as `"0231"`.
    pub fn event(&self, code: &str) -> Option<&EventType> {
        self.events.get(code)
    }

    /// All event types in code order.
    pub fn events(&self) -> impl Iterator<Item = &EventType> {
        self.events.values()
    }

    /// A PLOVER type's definition.
    pub fn plover_type(&self, name: &str) -> Option<&PloverDef> {
        self.plover.get(name)
    }

    /// All PLOVER types.
    pub fn plover_types(&self) -> impl Iterator<Item = &PloverDef> {
        self.plover.values()
    }

    /// PLOVER contexts with descriptions.
    pub fn plover_contexts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.contexts.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// What a three-letter actor code segment can name (one segment may be
    /// both a role and a known group).
    pub fn segment(&self, code: &str) -> &[ActorSegment] {
        self.segments.get(code).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether `code` names a segment of the given kind.
    pub fn is(&self, code: &str, kind: SegmentKind) -> bool {
        self.segment(code).iter().any(|s| s.kind == kind)
    }

    /// All actor code segments.
    pub fn segments(&self) -> impl Iterator<Item = &ActorSegment> {
        self.segments.values().flatten()
    }

    /// Splits a full actor code ("RUSGOVMIL", "IGOUNOJUDICJ") into its
    /// country/IGO part and the role segments in it.
    pub fn parse_actor_code(&self, code: &str) -> ActorCodeParts {
        let segs: Vec<&str> = (0..code.len() / 3)
            .filter_map(|i| code.get(i * 3..i * 3 + 3))
            .collect();
        let first = segs.first().map(|s| s.to_string());
        // In IGO codes the second segment places the body (UNO, a region), not a role.
        let placed = segs.first() == Some(&"IGO")
            && segs
                .get(1)
                .is_some_and(|s| *s == "UNO" || self.is(s, SegmentKind::Region));
        let roles = segs
            .iter()
            .skip(if placed { 2 } else { 1 })
            .filter(|s| {
                (self.is(s, SegmentKind::Role) || self.is(s, SegmentKind::Religion)) && **s != "IGO"
            })
            .map(|s| s.to_string())
            .collect();
        ActorCodeParts {
            country: first,
            roles,
            segments: segs.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// The parts of a full actor code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorCodeParts {
    /// The first segment: a country, region or `IGO`.
    pub country: Option<String>,
    /// Role and religion segments after the first (and, in IGO codes, after
    /// the UN/region segment that places the body).
    pub roles: Vec<String>,
    /// All three-letter segments.
    pub segments: Vec<String>,
}
