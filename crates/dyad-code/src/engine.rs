//! Everything loaded once — language model, knowledge base, patterns — and
//! the one call that codes an article: text → parse → events.

use crate::coder::{ActorResolver, Coder, EventDater, ResolvedActor};
use crate::event::Event;
use crate::extract::Trace;
use crate::lexicon::Lexicon;
use crate::patterns::PatternSet;
use chrono::NaiveDate;
use dyad_ingest::Article;
use dyad_kb::{ArticleContext, KnowledgeBase, LoadMode};
use dyad_text::{Doc, Pipeline};
use std::path::PathBuf;
use std::sync::Mutex;

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// Model directory; `None` = the default location.
    pub model: Option<PathBuf>,
    /// User dictionary directories (actors, agents, people) added to the built-ins.
    pub dicts: Vec<PathBuf>,
    /// User pattern files added to (and overriding) the built-in patterns:
    /// dyad's format, or PETRARCH verb dictionaries (detected by content,
    /// see [`crate::petrarch::looks_like_verb_dictionary`]).
    pub patterns: Vec<PathBuf>,
    /// Start from no patterns instead of the built-in ones (for a user
    /// dictionary with its own codebook, e.g. PETRARCH's validation set).
    pub no_builtin_patterns: bool,
    /// User lexicon files applied, in order, to the built-in word classes
    /// and CAMEO tables (`data/lexicon.txt`, `data/cameo_rules.txt`): a
    /// word adds to its `[class]`, a `-word` line removes one (format in
    /// [`crate::lexicon`]).
    pub lexicon: Vec<PathBuf>,
}

/// The loaded coder.
pub struct Engine {
    /// The text layer: tokens, tags, tree, entities.
    pub pipeline: Pipeline,
    /// Actor dictionaries and the ontology.
    pub kb: KnowledgeBase,
    /// The event patterns (built-in and user files).
    pub patterns: PatternSet,
    /// The coder's word classes and CAMEO tables.
    pub lexicon: Lexicon,
    /// The geocoder, when a gazetteer is attached ([`Engine::set_geocoder`]);
    /// without one every event's location is null.
    pub geo: Option<dyad_geo::Geocoder>,
}

/// The result of coding one article.
pub struct Coded {
    /// The article as analysed.
    pub doc: Doc,
    /// The story date the events were coded against (input, dateline or `--date`).
    pub story_date: Option<NaiveDate>,
    /// The events found, in text order.
    pub events: Vec<Event>,
}

/// Actor resolution over the knowledge base, remembering the people an
/// article has named ("Merkel" after "Angela Merkel"). One per article.
struct KbActors<'a> {
    kb: &'a KnowledgeBase,
    memory: Mutex<ArticleContext>,
}

impl ActorResolver for KbActors<'_> {
    fn resolve(&self, phrase: &str, date: Option<NaiveDate>) -> Option<ResolvedActor> {
        // Undated articles are resolved as of today: who holds office now,
        // unless a title says which office a person held when written.
        let mut memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
        memory.set_undated(date.is_none());
        let date = date.unwrap_or_else(today);
        let r = self.kb.resolve_in(phrase, None, date, &mut memory);
        match r.code {
            Some(code) => Some(ResolvedActor {
                code,
                reason: r.reason,
            }),
            // A role without a country: CAMEO's `---GOV`; the coder may
            // give it the sentence's country.
            None if !r.roles.is_empty() => Some(ResolvedActor {
                code: format!("---{}", r.roles.concat()),
                reason: r.reason,
            }),
            None => None,
        }
    }
}

/// Adds one `--patterns` file: dyad's format or a PETRARCH verb dictionary
/// (told by its content).
fn add_pattern_file(
    patterns: &mut PatternSet,
    path: &std::path::Path,
    pipeline: &Pipeline,
    kb: &KnowledgeBase,
    mode: LoadMode,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow::anyhow!("cannot read pattern file {}: {e}", path.display()))?;
    // Old dictionaries are sometimes Latin-1; decode lossily rather than fail.
    let text = String::from_utf8_lossy(&bytes);
    let name = path.display().to_string();
    let ont = kb.ontology();
    let known = |c: &str| ont.event(c).is_some();
    if crate::petrarch::looks_like_verb_dictionary(&text) {
        let lemma = |w: &str, class: crate::petrarch::WordClass| {
            let pos = match class {
                crate::petrarch::WordClass::Verb => "VERB",
                crate::petrarch::WordClass::Noun => "NOUN",
            };
            pipeline.lemmatize_word(w, pos).to_lowercase()
        };
        patterns.add_petrarch_with(&name, &text, &lemma, &known, mode)?;
    } else {
        patterns.add_source_with(&name, &text, &known, mode)?;
    }
    Ok(())
}

/// Today's date (UTC), from the system clock.
pub fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    NaiveDate::default() + chrono::Duration::days((secs / 86_400) as i64)
}

/// Event dating by dyad-time: the temporal expression governing the
/// trigger's clause, else the story date. One per article: it indexes the
/// article's tree and finds its expressions (once per tense) a single time,
/// so dating all of a long article's events stays linear in its length.
struct TimeDater<'d> {
    dating: dyad_time::EventDating<'d>,
}

impl EventDater for TimeDater<'_> {
    fn date(&self, doc: &Doc, trigger: usize, story: Option<NaiveDate>) -> crate::event::EventDate {
        use dyad_time::Attachment;
        // Built for one article; another document or date is dated on its own.
        let same = std::ptr::eq(doc, self.dating.doc()) && story == self.dating.story_date();
        let d = if same {
            self.dating.date_event(trigger)
        } else {
            dyad_time::date_event(doc, trigger, story)
        };
        let known = !matches!(d.attachment, Attachment::Undated) && d.dates().is_some();
        crate::event::EventDate {
            value: known.then(|| d.canonical()),
            precision: known.then(|| format!("{:?}", d.precision).to_lowercase()),
            start: d.dates().map(|(s, _)| s),
            rule: d.attachment.describe().to_string(),
            span: d.expr.as_ref().map(|e| (e.start, e.end)),
            lookback: d.lookback.as_ref().map(|l| l.canonical()),
        }
    }
}

impl Engine {
    /// Loads the model, dictionaries and patterns, strictly (see
    /// [`Engine::load_with`]).
    pub fn load(opts: &EngineOptions) -> anyhow::Result<Engine> {
        Self::load_with(opts, LoadMode::Strict)
    }

    /// Loads the model, dictionaries and patterns. Every dictionary and
    /// pattern file is read in full before failing, so in strict mode the
    /// error lists the malformed lines of all of them at once; in lenient
    /// mode they are skipped and listed by [`Engine::load_warnings`].
    /// (A parameter, not an [`EngineOptions`] field: callers build that
    /// struct with every field named.)
    pub fn load_with(opts: &EngineOptions, mode: LoadMode) -> anyhow::Result<Engine> {
        let pipeline = match &opts.model {
            Some(dir) => Pipeline::load(dir)?,
            None => Pipeline::load_default()?,
        };
        let mut problems: Vec<String> = Vec::new();
        // The built-in dictionaries stand in while the error is gathered.
        let kb = match KnowledgeBase::load_with(&opts.dicts, mode) {
            Ok(kb) => kb,
            Err(e @ dyad_kb::KbError::BadLines(_)) => {
                problems.push(e.to_string());
                KnowledgeBase::builtin()?
            }
            Err(e) => return Err(e.into()),
        };
        let mut patterns = if opts.no_builtin_patterns {
            PatternSet::default()
        } else {
            PatternSet::builtin()?
        };
        for p in &opts.patterns {
            if let Err(e) = add_pattern_file(&mut patterns, p, &pipeline, &kb, mode) {
                problems.push(e.to_string());
            }
        }
        // Read in every mode: a lexicon changes what every rule does, so a
        // bad line is not skipped.
        let lexicon = match Lexicon::load(&opts.lexicon) {
            Ok(l) => Some(l),
            Err(e) => {
                problems.push(e.to_string());
                None
            }
        };
        let lexicon = match lexicon {
            Some(l) if problems.is_empty() => l,
            _ => anyhow::bail!("{}", problems.join("\n")),
        };
        Ok(Engine {
            pipeline,
            kb,
            patterns,
            lexicon,
            geo: None,
        })
    }

    /// Attaches a geocoder (or detaches it with `None`). Not part of
    /// loading: which gazetteer, if any, is the caller's choice (the CLI
    /// attaches the installed one), so coding never depends on what a
    /// machine happens to have installed.
    pub fn set_geocoder(&mut self, geo: Option<dyad_geo::Geocoder>) {
        self.geo = geo;
    }

    /// Every line skipped while loading (lenient mode's malformed lines,
    /// and PETRARCH actors without a code in any mode), `file:line: why`,
    /// one a string, for the caller to show. PETRARCH verb patterns that
    /// were well-formed but not convertible are in the conversion reports
    /// instead ([`PatternSet::conversion_reports`]).
    pub fn load_warnings(&self) -> Vec<String> {
        let mut out: Vec<String> = self.kb.warnings().to_vec();
        out.extend(
            self.patterns
                .skipped()
                .iter()
                .map(|e| format!("{e} (skipped)")),
        );
        for r in self.patterns.conversion_reports() {
            out.extend(
                r.malformed
                    .iter()
                    .map(|n| format!("{}: {}: {} (skipped)", n.origin, n.text, n.reason)),
            );
        }
        out
    }

    /// How many malformed lines lenient loading skipped, over all files.
    pub fn skipped_line_count(&self) -> usize {
        self.kb.skipped().len()
            + self.patterns.skipped().len()
            + self
                .patterns
                .conversion_reports()
                .iter()
                .map(|r| r.malformed.len())
                .sum::<usize>()
    }

    /// The story date: the article's own, else its dateline's (with the
    /// year of `fallback`), else `fallback` (the user's `--date`).
    pub fn story_date(article: &Article, fallback: Option<NaiveDate>) -> Option<NaiveDate> {
        use chrono::Datelike;
        article
            .date
            .or_else(|| {
                dyad_ingest::find_dateline(&article.body)
                    .and_then(|d| d.date(fallback.map(|f| f.year())))
            })
            .or(fallback)
    }

    /// The country of the article's dateline place ("GAZA CITY, Gaza Strip
    /// -", "DAKAR, Senegal --", "BAGHDAD (Reuters) -"): the widest part of
    /// the place the dictionaries know as a city, capital or country.
    fn dateline_country(&self, body: &str, date: Option<NaiveDate>) -> Option<String> {
        use crate::lexicon::Class;
        let dateline = dyad_ingest::find_dateline(body)?;
        let date = date.unwrap_or_else(today);
        // The last part is the widest ("DAKAR, Senegal", "SPRINGFIELD,
        // Mass."); a region only datelines abbreviate is read from
        // `[dateline_regions]`.
        dateline.place.rsplit(',').find_map(|part| {
            let part = part.trim();
            if let Some(c) = self.lexicon.word_code(Class::DatelineRegions, part) {
                return Some(c.to_string());
            }
            // Datelines are written in capitals; the dictionaries in title case.
            let name = title_case(part);
            let r = self
                .kb
                .resolve_in(&name, None, date, &mut ArticleContext::new());
            r.code
                .as_deref()
                .and_then(|c| self.lexicon.country_of(c))
                .map(str::to_string)
        })
    }

    /// Analyse an article body, leaving out a leading dateline ("PARIS,
    /// July 1 (Reuters) -") so the place is not parsed as the subject of the
    /// first sentence; offsets still point into the whole body.
    pub fn analyze_body(&self, body: &str) -> Result<Doc, dyad_text::TextError> {
        self.analyze_bodies(&[body])
            .pop()
            .unwrap_or_else(|| Err(dyad_text::TextError::Input("no text".into())))
    }

    /// [`Engine::analyze_body`] for several bodies at once: the text layer
    /// runs its matrix products over the whole batch, which is much faster
    /// for short news texts.
    pub fn analyze_bodies(&self, bodies: &[&str]) -> Vec<Result<Doc, dyad_text::TextError>> {
        let skips: Vec<usize> = bodies
            .iter()
            .map(|b| dyad_ingest::find_dateline(b).map_or(0, |d| d.len))
            .collect();
        let texts: Vec<&str> = bodies.iter().zip(&skips).map(|(b, &k)| &b[k..]).collect();
        let docs = self.pipeline.analyze_batch(&texts);
        docs.into_iter()
            .zip(bodies.iter().zip(&skips))
            .map(|(doc, (body, &skip))| {
                let mut doc = doc?;
                if skip > 0 {
                    for t in &mut doc.tokens {
                        t.start += skip;
                        t.end += skip;
                    }
                    doc.text = body.to_string();
                }
                Ok(doc)
            })
            .collect()
    }

    /// Code a batch of articles (see [`Engine::analyze_bodies`]); results in input order.
    pub fn code_batch(
        &self,
        articles: &[Article],
        fallback_date: Option<NaiveDate>,
    ) -> Vec<Result<Coded, dyad_text::TextError>> {
        let bodies: Vec<&str> = articles.iter().map(|a| a.body.as_str()).collect();
        let docs = self.analyze_bodies(&bodies);
        articles
            .iter()
            .zip(docs)
            .map(|(a, doc)| Ok(self.code_doc(a, doc?, fallback_date, None)))
            .collect()
    }

    /// Parse and code one article.
    pub fn code(
        &self,
        article: &Article,
        fallback_date: Option<NaiveDate>,
        trace: Option<&mut Trace>,
    ) -> Result<Coded, dyad_text::TextError> {
        let doc = self.analyze_body(&article.body)?;
        Ok(self.code_doc(article, doc, fallback_date, trace))
    }

    /// Code an article already analysed.
    fn code_doc(
        &self,
        article: &Article,
        doc: Doc,
        fallback_date: Option<NaiveDate>,
        trace: Option<&mut Trace>,
    ) -> Coded {
        let story_date = Self::story_date(article, fallback_date);
        let mut memory = ArticleContext::new();
        memory.set_story_date(story_date);
        let actors = KbActors {
            kb: &self.kb,
            memory: Mutex::new(memory),
        };
        let dater = TimeDater {
            dating: dyad_time::EventDating::new(&doc, story_date),
        };
        let home = self.dateline_country(&article.body, story_date);
        let coder = Coder {
            patterns: &self.patterns,
            lexicon: &self.lexicon,
            ontology: self.kb.ontology(),
            actors: &actors,
            dater: &dater,
            home: home.as_deref(),
        };
        let mut events = coder.code_doc(&article.id, &doc, story_date, trace);
        // The place stage: after the events are built, like dating.
        if let Some(geo) = &self.geo {
            geo.place_events(&doc, &mut events);
        }
        Coded {
            doc,
            story_date,
            events,
        }
    }
}

/// "GAZA CITY" → "Gaza City"; words already in mixed case are kept.
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            if w.chars().any(char::is_lowercase) {
                return w.to_string();
            }
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
