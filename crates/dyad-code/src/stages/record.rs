//! The record the stages fill in for one sentence: trigger candidates with
//! their argument heads, the fallbacks for a missing target, the mood, and
//! why a matched trigger was set aside. Every stage reads and writes these
//! types; none of the stages' rules live here.

use crate::patterns::Pattern;
// Lives with the event, whose JSON carries it; re-exported for callers here.
pub use dyad_event::Mood;

/// A trigger that matched a pattern, with the heads of its argument phrases.
#[derive(Debug, Clone)]
pub struct Candidate<'p> {
    /// The trigger token.
    pub trigger: usize,
    /// The pattern that matched.
    pub pattern: &'p Pattern,
    /// Head tokens of source phrases (several for coordinations).
    pub sources: Vec<usize>,
    /// Head tokens of target phrases.
    pub targets: Vec<usize>,
    /// Where to look for the target when `targets` name no actor, in order.
    pub fallbacks: Vec<Fallback>,
    /// Factual or announced (intent).
    pub mood: Mood,
    /// Extra trigger tokens (particle, light-verb object, preposition), for evidence.
    pub trigger_tokens: Vec<usize>,
}

/// A place that may name an event's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// The phrase headed by this token, or an actor inside it.
    Phrase(usize),
    /// Only an actor inside the phrase headed by this token ("an attack on
    /// X": not the event noun's own modifiers, which name the source).
    Inside(usize),
}

/// Why a trigger that matched a pattern produced no event; shown by `--explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suppressed {
    /// Negated ("did not attack", "denied that …").
    Negated,
    /// Asked, not asserted.
    Question,
    /// Under a condition ("if …").
    Conditional,
    /// Refused or declined by a governing verb.
    Refused,
    /// An event noun inside an announced or intended action ("agreed to
    /// hold exercises"): the governing verb's event covers it.
    Embedded,
    /// An infinitive of purpose or a complement that reports no event of
    /// its own ("sent troops to protect them", "pressured X to help Y").
    Purpose,
    /// Only alleged by the reporting verb at this token ("claimed that ISIL
    /// had attacked Iraq"): the allegation is coded instead.
    Alleged(usize),
    /// Demanded or required, not done: inside "demanded that …" or with
    /// "must"/"should" ("Libya must hand over the suspects").
    Demanded,
    /// A cooperative act announced as not going to happen ("Syria will not
    /// accept more refugees", "cannot agree"): coded as the rejection.
    Declined,
}

/// The trace of one sentence, for `--explain`.
#[derive(Debug, Default)]
pub struct Trace {
    /// (token, pattern id, outcome) for every trigger word tried.
    pub tried: Vec<(usize, String, String)>,
}

/// The voice a trigger is in: a passive's subject is what was done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TriggerVoice {
    Active,
    Passive,
}

/// The words a pattern's slots matched on one trigger.
pub(crate) struct Slots {
    /// The trigger's voice (active for a noun pattern).
    pub voice: TriggerVoice,
    /// The light verb's object (`obj:`).
    pub obj: Option<usize>,
    /// The complement verb (`xcomp:`).
    pub xcomp: Option<usize>,
    /// The object of the `src:` preposition: the source, reversing roles.
    pub src: Option<usize>,
    /// The object of the `prep:` preposition when it names the target.
    pub prep_target: Option<usize>,
    /// Words that are part of the trigger (particle, object, prepositions).
    pub extra: Vec<usize>,
}

/// A pattern the engine itself codes with (an allegation, a claim, a
/// reported obligation), shown as evidence like a dictionary pattern.
pub(crate) fn engine_pattern(code: &str, lemma: &str, what: &str) -> Pattern {
    Pattern::new(code, lemma, false, format!("engine: {what}"))
}

/// Records in `trace`, when there is one, what became of trigger `t`:
/// `what` gives (pattern id, outcome), built only when traced.
pub(crate) fn note(
    trace: &mut Option<&mut Trace>,
    t: usize,
    what: impl FnOnce() -> (String, String),
) {
    if let Some(tr) = trace.as_deref_mut() {
        let (id, outcome) = what();
        tr.tried.push((t, id, outcome));
    }
}
