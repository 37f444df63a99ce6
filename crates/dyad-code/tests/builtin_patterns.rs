//! The shipped pattern dictionary must parse, use only codes the ontology
//! knows, and reach every CAMEO event code.

use dyad_code::PatternSet;
use dyad_kb::Ontology;
use std::collections::BTreeSet;

#[test]
fn builtin_patterns_cover_every_cameo_code() {
    let ont = Ontology::builtin();
    let mut set = PatternSet::default();
    set.add_source("patterns.txt", dyad_code::patterns::BUILTIN, &|c| {
        ont.event(c).is_some()
    })
    .unwrap_or_else(|e| panic!("built-in patterns do not load: {e}"));
    assert!(set.len() > 1000, "only {} patterns", set.len());
    let used: BTreeSet<&str> = set.iter().map(|p| p.code.as_str()).collect();
    let missing: Vec<&str> = ont
        .events()
        .map(|e| e.code.as_str())
        .filter(|c| !used.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "CAMEO codes no pattern reaches: {missing:?}"
    );
}
