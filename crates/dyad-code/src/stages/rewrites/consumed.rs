//! A trigger consumed as another pattern's argument word ("hold talks")
//! must not fire again on its own.

use crate::stages::record::Candidate;

/// Drops candidates whose trigger is another candidate's trigger word.
pub(crate) fn drop_consumed(out: &mut Vec<Candidate<'_>>) {
    let consumed: Vec<usize> = out.iter().flat_map(|c| c.trigger_tokens.clone()).collect();
    out.retain(|c| !consumed.contains(&c.trigger));
}
