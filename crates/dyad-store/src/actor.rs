//! The parts of a CAMEO actor code that queries and the GDELT export need:
//! country, known group, religions and role types, read with dyad's own
//! ontology (`dyad-kb`), so that a user's ontology edits apply here too.

use dyad_kb::{Ontology, SegmentKind};

/// A full actor code split into GDELT's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorParts {
    /// 3-letter country (or CAMEO region) code, when the code starts with one.
    pub country: Option<String>,
    /// Known group (IGO/NGO/rebel) code.
    pub known_group: Option<String>,
    /// Religion codes (at most two kept, as in GDELT).
    pub religions: Vec<String>,
    /// Role/type codes (`GOV`, `MIL`…), in code order.
    pub roles: Vec<String>,
}

impl ActorParts {
    /// Split `code` (empty = unknown actor).
    pub fn of(code: &str) -> ActorParts {
        let ont = Ontology::builtin();
        let mut parts = ActorParts::default();
        for i in 0..code.len() / 3 {
            let Some(seg) = code.get(i * 3..i * 3 + 3) else {
                break;
            };
            let is = |k| ont.is(seg, k);
            if i == 0 && (is(SegmentKind::Country) || is(SegmentKind::Region)) {
                parts.country = Some(seg.to_string());
            } else if is(SegmentKind::Role) && seg != "IGO" && seg != "NGO" {
                parts.roles.push(seg.to_string());
            } else if is(SegmentKind::Group) && parts.known_group.is_none() {
                parts.known_group = Some(seg.to_string());
            } else if is(SegmentKind::Religion) {
                parts.religions.push(seg.to_string());
            } else if is(SegmentKind::Role) {
                // IGO/NGO as a type: GDELT lists them as types too.
                parts.roles.push(seg.to_string());
            }
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_government_codes() {
        let p = ActorParts::of("RUSGOV");
        assert_eq!(p.country.as_deref(), Some("RUS"));
        assert_eq!(p.roles, vec!["GOV".to_string()]);
        assert_eq!(ActorParts::of(""), ActorParts::default());
    }
}
