//! A synthetic corpus of articles with coded events, for benchmarks and
//! tests of the store without the language model. Deterministic for a
//! seed. About a quarter of the events re-report a recent event (another
//! outlet, a day apart), so de-duplication has work to do.

use dyad_event::{ActorRef, Event, EventDate, Evidence, Mood, Plover};
use dyad_ingest::Article;

const COUNTRIES: &[&str] = &[
    "USA", "RUS", "CHN", "UKR", "FRA", "DEU", "GBR", "IRN", "ISR", "TUR", "IND", "PAK", "JPN",
    "KOR", "PRK", "SAU", "EGY", "SYR", "IRQ", "AFG", "BRA", "MEX", "VEN", "COL", "NGA", "ETH",
    "KEN", "ZAF", "POL", "ITA", "ESP", "CAN", "AUS", "IDN", "PHL", "VNM", "THA", "MMR", "SDN",
    "LBY",
];
const ROLES: &[&str] = &["", "GOV", "MIL", "OPP", "BUS"];
/// (code, name, Goldstein, QuadClass, PLOVER type): CAMEO facts.
const CODES: &[(&str, &str, f32, u8, &str)] = &[
    ("010", "Make statement", 0.0, 1, "CONSULT"),
    (
        "036",
        "Express intent to meet or negotiate",
        4.0,
        1,
        "CONSULT",
    ),
    ("040", "Consult", 1.0, 1, "CONSULT"),
    ("042", "Make a visit", 1.9, 1, "CONSULT"),
    ("043", "Host a visit", 2.8, 1, "CONSULT"),
    ("051", "Praise or endorse", 3.4, 1, "SUPPORT"),
    ("057", "Sign formal agreement", 8.0, 1, "AGREE"),
    ("061", "Cooperate economically", 6.4, 2, "COOPERATE"),
    ("071", "Provide economic aid", 7.4, 2, "AID"),
    ("112", "Accuse", -2.0, 3, "ACCUSE"),
    ("130", "Threaten", -4.4, 3, "THREATEN"),
    (
        "163",
        "Impose embargo, boycott, or sanctions",
        -8.0,
        4,
        "SANCTION",
    ),
    ("173", "Arrest, detain", -5.0, 4, "SEIZE"),
    (
        "190",
        "Use conventional military force",
        -10.0,
        4,
        "ASSAULT",
    ),
];
const OUTLETS: &[&str] = &[
    "Wire A", "Wire B", "Daily C", "Herald D", "Times E", "Post F", "Radio G", "Agency H",
];

/// The generator's state.
pub struct Synthetic {
    state: u64,
    next_article: usize,
    events_left: usize,
    recent: Vec<Event>,
}

impl Synthetic {
    /// A corpus of about `events` coded events.
    pub fn new(events: usize, seed: u64) -> Synthetic {
        Synthetic {
            state: seed.wrapping_mul(6_364_136_223_846_793_005) | 1,
            next_article: 0,
            events_left: events,
            recent: Vec::new(),
        }
    }

    fn next_u64(&mut self) -> u64 {
        // xorshift64*: small, fast, good enough for test data.
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn actor(&mut self) -> String {
        let c = COUNTRIES[self.below(COUNTRIES.len())];
        let r = ROLES[self.below(ROLES.len())];
        format!("{c}{r}")
    }
}

fn actor_ref(code: &str, at: usize) -> ActorRef {
    ActorRef {
        code: Some(code.to_string()),
        text: code.to_string(),
        span: (at, at + code.len()),
        reason: "synthetic".into(),
    }
}

impl Iterator for Synthetic {
    type Item = (Article, Vec<Event>);

    fn next(&mut self) -> Option<(Article, Vec<Event>)> {
        if self.events_left == 0 {
            return None;
        }
        let i = self.next_article;
        self.next_article += 1;
        let base = chrono::NaiveDate::from_ymd_opt(2014, 1, 1)?;
        let story = base + chrono::Duration::days(self.below(3650) as i64);
        let n = (1 + self.below(6)).min(self.events_left);
        self.events_left -= n;
        let doc_id = format!("synth-{i:07}");
        let mut body = String::new();
        let mut events = Vec::with_capacity(n);
        for k in 0..n {
            let copy = !self.recent.is_empty() && self.below(4) == 0;
            let (src, tgt, code, date) = if copy {
                let j = self.below(self.recent.len());
                let shift = self.below(3) as i64 - 1;
                let r = &self.recent[j];
                let d = r
                    .date
                    .value
                    .as_deref()
                    .and_then(|v| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok());
                let d = d.unwrap_or(story) + chrono::Duration::days(shift);
                let code = CODES.iter().position(|c| c.0 == r.cameo).unwrap_or(0);
                (
                    r.source.code.clone().unwrap_or_default(),
                    r.target
                        .as_ref()
                        .and_then(|t| t.code.clone())
                        .unwrap_or_default(),
                    code,
                    d,
                )
            } else {
                let src = self.actor();
                let mut tgt = self.actor();
                while tgt.get(..3) == src.get(..3) {
                    tgt = self.actor();
                }
                (
                    src,
                    tgt,
                    self.below(CODES.len()),
                    story - chrono::Duration::days(self.below(3) as i64),
                )
            };
            let (cameo, name, goldstein, quad, plover) = CODES[code];
            let start = body.len();
            let sentence = format!("{src} {} {tgt} on {date}. ", name.to_lowercase());
            body.push_str(&sentence);
            let ev = Event {
                doc_id: doc_id.clone(),
                sentence_index: k,
                source: actor_ref(&src, start),
                target: Some(actor_ref(&tgt, start + src.len() + name.len() + 2)),
                cameo: cameo.into(),
                cameo_name: Some(name.into()),
                goldstein: Some(goldstein),
                quad_class: Some(quad),
                plover: Some(Plover {
                    event_type: plover.into(),
                    mode: None,
                }),
                story_date: Some(story),
                date: EventDate {
                    value: Some(date.to_string()),
                    precision: Some("day".into()),
                    start: Some(date),
                    rule: "synthetic".into(),
                    span: None,
                    lookback: None,
                },
                evidence: Evidence {
                    sentence: sentence.trim_end().to_string(),
                    sentence_span: (start, start + sentence.trim_end().len()),
                    trigger_span: (start + src.len() + 1, start + src.len() + 1 + name.len()),
                    trigger: name.to_lowercase(),
                    pattern: "synthetic".into(),
                    pattern_origin: "synthetic".into(),
                    mood: Mood::Factual,
                },
                location: None,
            };
            if self.recent.len() < 512 {
                self.recent.push(ev.clone());
            } else {
                let j = self.below(512);
                self.recent[j] = ev.clone();
            }
            events.push(ev);
        }
        let article = Article {
            id: doc_id,
            date: Some(story),
            title: Some(format!("Synthetic report {i}")),
            subheadline: None,
            summary: None,
            url: Some(format!("https://example.org/synthetic/{i}")),
            source: Some(OUTLETS[i % OUTLETS.len()].to_string()),
            body,
        };
        Some((article, events))
    }
}
