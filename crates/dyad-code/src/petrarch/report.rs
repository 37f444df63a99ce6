//! What a conversion did: the converted patterns and the report of lines
//! not converted, approximated or shadowed.

use crate::patterns::pattern::Pattern;
use std::collections::HashMap;

/// One pattern line (or verb line) not converted, or converted only in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// `file:line`.
    pub origin: String,
    /// The line as written (comment removed).
    pub text: String,
    /// Why.
    pub reason: String,
}

/// What a conversion did: counts and the lines it could not (fully) convert.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConversionReport {
    /// The file's name as given.
    pub name: String,
    /// Verb blocks read.
    pub blocks: usize,
    /// Verb lines read, and those whose form dyad cannot match (not used).
    pub verbs: usize,
    /// Verb entries left out, and why.
    pub verbs_skipped: Vec<Note>,
    /// Pattern lines (`- …`) read.
    pub pattern_lines: usize,
    /// Pattern lines converted for at least one verb of their block.
    pub converted: usize,
    /// Converted lines that lost part of their meaning (also in `converted`).
    pub approximated: Vec<Note>,
    /// Pattern lines not converted.
    pub skipped: Vec<Note>,
    /// Converted lines whose dyad pattern duplicates a better one of the file.
    pub shadowed: Vec<Note>,
    /// dyad patterns produced (one per verb and line, defaults included).
    pub patterns: usize,
    /// Codes used that the caller's ontology does not know (kept: a custom
    /// codebook's events are coded with unknown scores).
    pub unknown_codes: Vec<String>,
    /// Malformed lines skipped by lenient loading (strict loading fails on them).
    pub malformed: Vec<Note>,
}

impl ConversionReport {
    /// One line: `NAME: PETRARCH verb dictionary, 120 blocks, …`.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}: PETRARCH verb dictionary: {} of {} patterns converted ({} approximately), {} not converted, {} shadowed; {} of {} verbs usable; {} dyad patterns",
            self.name,
            self.converted,
            self.pattern_lines,
            self.approximated.len(),
            self.skipped.len(),
            self.shadowed.len(),
            self.verbs - self.verbs_skipped.len(),
            self.verbs,
            self.patterns
        );
        if !self.unknown_codes.is_empty() {
            s.push_str(&format!(
                "; {} codes not in the ontology (events keep them, with no Goldstein/QuadClass/PLOVER)",
                self.unknown_codes.len()
            ));
        }
        if !self.malformed.is_empty() {
            s.push_str(&format!(
                "; {} malformed lines skipped",
                self.malformed.len()
            ));
        }
        s
    }

    /// Every note, one a line, grouped: `skipped`, `approximated`, `shadowed`, `verb`.
    pub fn details(&self) -> String {
        let mut s = String::new();
        for (kind, list) in [
            ("malformed, skipped", &self.malformed),
            ("not converted", &self.skipped),
            ("approximated", &self.approximated),
            ("shadowed", &self.shadowed),
            ("verb not used", &self.verbs_skipped),
        ] {
            for n in list {
                s.push_str(&format!("{}: {kind}: {}: {}\n", n.origin, n.text, n.reason));
            }
        }
        s
    }

    /// Not-converted lines counted by reason, most frequent first.
    pub fn reasons(&self) -> Vec<(String, usize)> {
        let mut m: HashMap<&str, usize> = HashMap::new();
        for n in &self.skipped {
            *m.entry(reason_class(&n.reason)).or_default() += 1;
        }
        let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, c)| (k.to_string(), c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// The reason up to its first `:` (the detail after it names words).
fn reason_class(r: &str) -> &str {
    r.split(':').next().unwrap_or(r)
}

/// The converted patterns and the report.
#[derive(Debug, Clone, Default)]
pub struct Conversion {
    /// The patterns converted.
    pub patterns: Vec<Pattern>,
    /// What was converted, approximated or left out.
    pub report: ConversionReport,
}
