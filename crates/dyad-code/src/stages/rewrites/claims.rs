//! "ISIL claimed that it attacked the base": a claim of one's own act
//! reports the act, and for violence is a claim of responsibility (CAMEO
//! 015) as well.

use crate::lexicon::{Class, Lexicon};
use crate::patterns::Pattern;
use crate::stages::record::{engine_pattern, Candidate, Mood};

/// The act `c` its own doer claims at reporting verb `r` (said in `mood`),
/// and the claim of responsibility for violence, pushed to `out`.
pub(crate) fn claimed_own_act<'p>(
    lex: &Lexicon,
    r: usize,
    mood: Mood,
    mut c: Candidate<'p>,
    out: &mut Vec<Candidate<'p>>,
) {
    if lex.code_under(Class::ClaimedViolence, &c.pattern.code) {
        out.push(Candidate {
            trigger: r,
            pattern: responsibility(),
            mood,
            trigger_tokens: Vec::new(),
            ..c.clone()
        });
    }
    c.mood = Mood::Factual;
    out.push(c);
}

/// The engine's own pattern for claiming one's own violent act ("the group
/// claimed it had bombed the base" → CAMEO 015, claim responsibility).
fn responsibility() -> &'static Pattern {
    static P: std::sync::OnceLock<Pattern> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        engine_pattern(
            "015",
            "<claimed-own-act>",
            "a reporting verb claiming the speaker's own violent act",
        )
    })
}
