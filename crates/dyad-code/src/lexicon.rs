//! The coder's words and CAMEO tables as data: which verbs report, which
//! nouns stand for groups or weapons, which codes count as violent, what
//! "will meet" or "will not meet" is coded as. The rules that use them stay
//! in [`crate::extract`] and [`crate::coder`]; the built-in lists are
//! `data/lexicon.txt` (word classes) and `data/cameo_rules.txt` (CAMEO code
//! sets and maps), and users add to or remove from them with their own files
//! (`EngineOptions::lexicon`, the CLI's `--lexicon FILE`).
//!
//! # Format
//!
//! ```text
//! # a comment (anywhere on a line: `#` and what follows is ignored)
//! [class_name]        a section: the lines below belong to this class
//! word                words: one word or lemma per line (matched lowercased)
//! -word               removes the word from the class (for user files)
//! 04   036            maps: a code prefix and the code it maps to
//! -04                 removes the prefix from the map
//! car_bomb 1832       word maps: a word (or modifier_word) and its code
//! ```
//!
//! Every class is one of three kinds, fixed by the rule that reads it
//! ([`Class`]): a word class, a set of CAMEO codes (read as prefixes or as
//! exact codes, as its comment in the data file says) or a map from code
//! prefixes to codes (longest prefix wins). A user file may hold any
//! sections, in any order; it adds to the built-in classes, a `-` line
//! removes, and a map line for an existing prefix replaces its code. An
//! unknown section name, a line outside any section, or a line of the wrong
//! shape is an error naming `file:line`; all of a file's errors are reported
//! at once.

use crate::patterns::Pattern;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

/// The built-in word classes.
pub const BUILTIN_LEXICON: &str = include_str!("../data/lexicon.txt");
/// The built-in CAMEO code sets and maps.
pub const BUILTIN_CAMEO_RULES: &str = include_str!("../data/cameo_rules.txt");

/// What a class holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Words or lemmas, matched lowercased.
    Words,
    /// CAMEO codes (or code prefixes, or actor-code parts), matched as written.
    Codes,
    /// Code prefix → code.
    CodeMap,
    /// Word (or `modifier_word` pair, matched lowercased) → code.
    WordCodes,
}

macro_rules! classes {
    ($($var:ident = $name:literal, $kind:ident;)*) => {
        /// Every class the rules read; the data files must define each.
        // Each variant is documented where it is defined: its section's
        // comment in data/lexicon.txt or data/cameo_rules.txt.
        #[allow(missing_docs)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Class {
            $($var,)*
        }

        impl Class {
            /// All classes, in declaration order.
            pub const ALL: &'static [Class] = &[$(Class::$var,)*];

            /// The section name in the data files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Class::$var => $name,)*
                }
            }

            /// Whether the class holds words or a CAMEO code table.
            pub fn kind(self) -> Kind {
                match self {
                    $(Class::$var => Kind::$kind,)*
                }
            }
        }
    };
}

classes! {
    // data/lexicon.txt — used by the coder (actor phrases).
    GroupNouns = "group_nouns", Words;
    PlaceNouns = "place_nouns", Words;
    Protesters = "protesters", Words;
    Instruments = "instruments", Words;
    InnerPreps = "inner_preps", Words;
    SceneReportingVerbs = "scene_reporting_verbs", Words;
    LocativePreps = "locative_preps", Words;
    PairGovernmentNouns = "pair_government_nouns", Words;
    PairCountryNouns = "pair_country_nouns", Words;
    EthnicMarkers = "ethnic_markers", Words;
    EthnicHomePreps = "ethnic_home_preps", Words;
    RoleComplementPreps = "role_complement_preps", Words;
    PersonPronouns = "person_pronouns", Words;
    NotActorHeads = "not_actor_heads", Words;
    // data/lexicon.txt — used by extraction (triggers, arguments, modality).
    TimeWords = "time_words", Words;
    AntecedentPronouns = "antecedent_pronouns", Words;
    ComplementTargetPreps = "complement_target_preps", Words;
    ComplementFallbackPreps = "complement_fallback_preps", Words;
    RecipientPreps = "recipient_preps", Words;
    ProtestAimNouns = "protest_aim_nouns", Words;
    PlacePreps = "place_preps", Words;
    EventAgentPreps = "event_agent_preps", Words;
    Modals = "modals", Words;
    RefusalModals = "refusal_modals", Words;
    ObligationModals = "obligation_modals", Words;
    ConditionalMarks = "conditional_marks", Words;
    IntentGovernors = "intent_governors", Words;
    ImplicativeGovernors = "implicative_governors", Words;
    RefusalGovernors = "refusal_governors", Words;
    ObligationGovernors = "obligation_governors", Words;
    ObjectControl = "object_control", Words;
    ObjectControlDone = "object_control_done", Words;
    Demanding = "demanding", Words;
    ObligationReportingVerbs = "obligation_reporting_verbs", Words;
    Charging = "charging", Words;
    ChargePreps = "charge_preps", Words;
    Alleging = "alleging", Words;
    Denying = "denying", Words;
    LightVerbs = "light_verbs", Words;
    FramePreps = "frame_preps", Words;
    PriorPreps = "prior_preps", Words;
    MeansPreps = "means_preps", Words;
    Accidents = "accidents", Words;
    ObjectPronouns = "object_pronouns", Words;
    // data/cameo_rules.txt
    Intent = "intent", CodeMap;
    IntentKept = "intent_kept", Codes;
    Declined = "declined", CodeMap;
    NonCountryActors = "non_country_actors", Codes;
    ObviousAgents = "obvious_agents", WordCodes;
    StateRoles = "state_roles", Codes;
    DomesticRoles = "domestic_roles", Codes;
    Warfare = "warfare", Codes;
    RiotRoots = "riot_roots", Codes;
    Violent = "violent", Codes;
    Domestic = "domestic", Codes;
    ClauseSubjectAsked = "clause_subject_asked", Codes;
    Placed = "placed", Codes;
    TopicObject = "topic_object", Codes;
    TopicObjectExceptions = "topic_object_exceptions", Codes;
    Protest = "protest", Codes;
    AllegedConflict = "alleged_conflict", Codes;
    ClaimedViolence = "claimed_violence", Codes;
    GenericThreats = "generic_threats", Codes;
    ThreatenedActs = "threatened_acts", Codes;
    Reactions = "reactions", Codes;
    NeedsTarget = "needs_target", Codes;
    ForeignOnly = "foreign_only", Codes;
    WeaponCodes = "weapon_codes", WordCodes;
    WeaponRefined = "weapon_refined", Codes;
    AgentlessCodes = "agentless_codes", WordCodes;
    TestWords = "test_words", WordCodes;
    DatelineRegions = "dateline_regions", WordCodes;
}

impl Class {
    fn by_name(name: &str) -> Option<Class> {
        Class::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// One class's contents: entries in file order (some rules try them in
/// order) and a set (or map) for lookups.
#[derive(Debug, Clone, Default)]
struct Entries {
    declared: bool,
    order: Vec<String>,
    set: HashSet<String>,
    map: HashMap<String, String>,
}

impl Entries {
    fn add(&mut self, key: String, value: Option<String>) {
        if let Some(v) = value {
            self.map.insert(key.clone(), v);
        }
        if self.set.insert(key.clone()) {
            self.order.push(key);
        }
    }

    fn remove(&mut self, key: &str) {
        if self.set.remove(key) {
            self.order.retain(|k| k != key);
        }
        self.map.remove(key);
    }
}

/// Every malformed line of the lexicon files read, `file:line: why`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError(pub Vec<String>);

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.join("\n"))
    }
}

impl std::error::Error for LexiconError {}

/// The coder's word classes and CAMEO tables, loaded once.
#[derive(Debug, Clone)]
pub struct Lexicon {
    classes: Vec<Entries>,
    /// The engine pattern for each rejection code of [`Class::Declined`],
    /// built once so candidates can borrow it.
    declined_patterns: HashMap<String, Pattern>,
}

impl Lexicon {
    /// The built-in classes and tables.
    pub fn builtin() -> Result<Lexicon, LexiconError> {
        Self::from_sources(&[
            ("data/lexicon.txt", BUILTIN_LEXICON),
            ("data/cameo_rules.txt", BUILTIN_CAMEO_RULES),
        ])
    }

    /// The built-ins with the user's files applied, in order.
    pub fn load(paths: &[impl AsRef<Path>]) -> Result<Lexicon, LexiconError> {
        let mut lex = Self::builtin()?;
        let mut problems = Vec::new();
        for p in paths {
            let p = p.as_ref();
            match std::fs::read_to_string(p) {
                Ok(text) => problems.extend(lex.apply(&p.display().to_string(), &text)),
                Err(e) => problems.push(format!("cannot read lexicon file {}: {e}", p.display())),
            }
        }
        if !problems.is_empty() {
            return Err(LexiconError(problems));
        }
        lex.build_patterns();
        Ok(lex)
    }

    /// Built-in-style sources (name, text): every class must be declared
    /// by one of them, so a deleted section is an error, not an empty class.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Lexicon, LexiconError> {
        let mut lex = Lexicon {
            classes: vec![Entries::default(); Class::ALL.len()],
            declined_patterns: HashMap::new(),
        };
        let mut problems: Vec<String> = Vec::new();
        for (name, text) in sources {
            problems.extend(lex.apply(name, text));
        }
        let names: Vec<&str> = sources.iter().map(|(n, _)| *n).collect();
        for &c in Class::ALL {
            if !lex.entries(c).declared {
                problems.push(format!(
                    "{}: class [{}] is missing (the coder reads it)",
                    names.join(", "),
                    c.name()
                ));
            }
        }
        if !problems.is_empty() {
            return Err(LexiconError(problems));
        }
        lex.build_patterns();
        Ok(lex)
    }

    /// Adds one file's sections; returns its malformed lines.
    fn apply(&mut self, origin: &str, text: &str) -> Vec<String> {
        let mut problems = Vec::new();
        // `None` before the first section and inside an unknown one (whose
        // lines are not reported again).
        let mut current: Option<Class> = None;
        let mut in_unknown = false;
        for (i, raw) in text.lines().enumerate() {
            let at = format!("{origin}:{}", i + 1);
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[') {
                let Some(name) = name.strip_suffix(']').map(str::trim) else {
                    problems.push(format!("{at}: a section line is `[class_name]`"));
                    current = None;
                    in_unknown = true;
                    continue;
                };
                current = Class::by_name(name);
                in_unknown = current.is_none();
                match current {
                    Some(c) => self.entries_mut(c).declared = true,
                    None => problems.push(format!(
                        "{at}: unknown class [{name}] (known: {})",
                        Class::ALL
                            .iter()
                            .map(|c| c.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
                continue;
            }
            let Some(class) = current else {
                if !in_unknown {
                    problems.push(format!("{at}: `{line}` is outside any [class] section"));
                }
                continue;
            };
            if let Err(why) = self.apply_line(class, line) {
                problems.push(format!("{at}: {why}"));
            }
        }
        problems
    }

    /// One entry line of `class`: an addition or a `-` removal.
    fn apply_line(&mut self, class: Class, line: &str) -> Result<(), String> {
        let (removal, body) = match line.strip_prefix('-') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let fields: Vec<&str> = body.split_whitespace().collect();
        let kind = class.kind();
        let key = match (kind, fields.as_slice()) {
            (Kind::Words, [w]) | (Kind::WordCodes, [w, _]) => w.to_lowercase(),
            (Kind::WordCodes, [w]) if removal => w.to_lowercase(),
            (Kind::Codes, [c]) | (Kind::CodeMap, [c, _]) => c.to_string(),
            (Kind::CodeMap, [c]) if removal => c.to_string(),
            (Kind::Words, _) => return Err(format!("[{}] takes one word a line", class.name())),
            (Kind::Codes, _) => return Err(format!("[{}] takes one code a line", class.name())),
            (Kind::CodeMap, _) => {
                return Err(format!(
                    "[{}] takes `PREFIX CODE` a line (or `-PREFIX`)",
                    class.name()
                ))
            }
            (Kind::WordCodes, _) => {
                return Err(format!(
                    "[{}] takes `WORD CODE` a line (or `-WORD`)",
                    class.name()
                ))
            }
        };
        let entries = self.entries_mut(class);
        if removal {
            entries.remove(&key);
        } else {
            let value =
                matches!(kind, Kind::CodeMap | Kind::WordCodes).then(|| fields[1].to_string());
            entries.add(key, value);
        }
        Ok(())
    }

    fn build_patterns(&mut self) {
        self.declined_patterns = self
            .entries(Class::Declined)
            .map
            .values()
            .map(|r| {
                let p = Pattern::new(
                    r,
                    "<declined>",
                    false,
                    "engine: a cooperative act declined: will not …".to_string(),
                );
                (r.clone(), p)
            })
            .collect();
    }

    fn entries(&self, class: Class) -> &Entries {
        &self.classes[class as usize]
    }

    fn entries_mut(&mut self, class: Class) -> &mut Entries {
        &mut self.classes[class as usize]
    }

    /// Is `word` (compared lowercased) or `code` (as written) in `class`?
    pub fn has(&self, class: Class, word: &str) -> bool {
        let set = &self.entries(class).set;
        match class.kind() {
            Kind::Words if word.chars().any(char::is_uppercase) => {
                set.contains(&word.to_lowercase())
            }
            _ => set.contains(word),
        }
    }

    /// Does `code` start with one of the codes of `class`?
    pub fn code_under(&self, class: Class, code: &str) -> bool {
        let set = &self.entries(class).set;
        (0..=code.len()).any(|n| code.get(..n).is_some_and(|p| set.contains(p)))
    }

    /// The entries of `class`, in file order.
    pub fn list(&self, class: Class) -> &[String] {
        &self.entries(class).order
    }

    /// The code the longest prefix of `code` in map `class` maps to.
    pub fn map_longest(&self, class: Class, code: &str) -> Option<&str> {
        let map = &self.entries(class).map;
        (0..=code.len())
            .rev()
            .find_map(|n| code.get(..n).and_then(|p| map.get(p)))
            .map(String::as_str)
    }

    /// The country an actor code names: its first three letters, unless it
    /// names none (`---GOV`) or an organisation (`[non_country_actors]`).
    pub fn country_of<'c>(&self, code: &'c str) -> Option<&'c str> {
        code.get(..3)
            .filter(|c| !c.starts_with('-') && !self.has(Class::NonCountryActors, c))
    }

    /// The code word-map `class` gives `word` (compared lowercased).
    pub fn word_code(&self, class: Class, word: &str) -> Option<&str> {
        self.entries(class)
            .map
            .get(&word.to_lowercase())
            .map(String::as_str)
    }

    /// The engine pattern for declining a cooperative act coded `code`
    /// ("will not meet" → 125), from [`Class::Declined`].
    pub fn declined_pattern(&self, code: &str) -> Option<&Pattern> {
        let r = self.map_longest(Class::Declined, code)?;
        self.declined_patterns.get(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_the_rules_read_is_in_the_builtin_files() {
        let lex = Lexicon::builtin().expect("built-in lexicon parses");
        for &c in Class::ALL {
            assert!(!lex.list(c).is_empty(), "[{}] is empty", c.name());
        }
        // Deleting a section is an error naming it.
        let cut = BUILTIN_LEXICON.replace("[time_words]", "[instruments]");
        let err = Lexicon::from_sources(&[("lex", &cut), ("cameo", BUILTIN_CAMEO_RULES)])
            .expect_err("a missing class");
        assert!(
            err.0.iter().any(|e| e.contains("[time_words] is missing")),
            "{err}"
        );
    }

    #[test]
    fn a_good_user_file_adds_removes_and_replaces() {
        let mut lex = Lexicon::builtin().unwrap();
        let problems = lex.apply(
            "user.txt",
            "# my additions\n[instruments]\nTrebuchet  # old but deadly\n-bomb\n\n[intent]\n04 0311\n-08\n[violent]\n17\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        assert!(lex.has(Class::Instruments, "trebuchet"));
        assert!(lex.has(Class::Instruments, "Trebuchet"));
        assert!(!lex.has(Class::Instruments, "bomb"));
        assert!(lex.list(Class::Instruments).iter().all(|w| w != "bomb"));
        assert_eq!(lex.map_longest(Class::Intent, "042"), Some("0311"));
        // 08's more specific prefixes are kept; the bare root no longer maps.
        assert_eq!(lex.map_longest(Class::Intent, "081"), Some("0351"));
        assert_eq!(lex.map_longest(Class::Intent, "089"), None);
        assert!(lex.code_under(Class::Violent, "1711"));
    }

    #[test]
    fn word_maps_add_replace_and_remove() {
        let mut lex = Lexicon::builtin().unwrap();
        assert_eq!(lex.word_code(Class::WeaponCodes, "Car_Bomb"), Some("1832"));
        let problems = lex.apply(
            "user.txt",
            "[weapon_codes]\nTrebuchet 194\nbomb 180\n-mortar\nnocode\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("[weapon_codes] takes `WORD CODE`"));
        assert_eq!(lex.word_code(Class::WeaponCodes, "trebuchet"), Some("194"));
        assert_eq!(lex.word_code(Class::WeaponCodes, "bomb"), Some("180"));
        assert_eq!(lex.word_code(Class::WeaponCodes, "mortar"), None);
    }

    #[test]
    fn bad_lines_are_named_by_file_and_line() {
        let mut lex = Lexicon::builtin().unwrap();
        let problems = lex.apply(
            "u.txt",
            "stray\n[nonsense]\nignored\n[modals]\ntwo words\n[intent]\n04\n[violent\n",
        );
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems[0].starts_with("u.txt:1: `stray` is outside"));
        assert!(problems[1].starts_with("u.txt:2: unknown class [nonsense]"));
        assert!(problems[2].starts_with("u.txt:5: [modals] takes one word"));
        assert!(problems[3].starts_with("u.txt:7: [intent] takes `PREFIX CODE`"));
        assert!(problems[4].starts_with("u.txt:8: a section line"));
    }

    #[test]
    fn load_reports_every_file_and_unreadable_ones() {
        let dir = std::env::temp_dir().join(format!("dyad-lexicon-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.txt");
        std::fs::write(&bad, "[modals]\nok\n[nope]\n").unwrap();
        let missing = dir.join("missing.txt");
        let err = Lexicon::load(&[&bad, &missing]).expect_err("errors");
        assert_eq!(err.0.len(), 2, "{err}");
        assert!(
            err.0[0].contains("bad.txt:3: unknown class [nope]"),
            "{err}"
        );
        assert!(err.0[1].contains("cannot read lexicon file"), "{err}");
        let good = dir.join("good.txt");
        std::fs::write(&good, "[modals]\ngonna\n").unwrap();
        assert!(Lexicon::load(&[&good]).unwrap().has(Class::Modals, "gonna"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn prefix_and_longest_prefix_lookups() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.code_under(Class::Violent, "190"));
        assert!(!lex.code_under(Class::Violent, "1"));
        assert!(!lex.code_under(Class::Violent, "173"));
        assert_eq!(lex.map_longest(Class::Intent, "0461"), Some("036"));
        assert_eq!(lex.map_longest(Class::Intent, "045"), Some("039"));
        assert_eq!(lex.map_longest(Class::Intent, "130"), None);
        assert_eq!(
            lex.declined_pattern("0841").map(|p| p.code.as_str()),
            Some("1243")
        );
        assert!(lex.declined_pattern("190").is_none());
    }
}
