//! The embedded CAMEO/PLOVER ontology.

use dyad_kb::{Ontology, QuadConvention, SegmentKind};

#[test]
fn every_cameo_code_is_there_with_leading_zeros() {
    let ont = Ontology::builtin();
    // 20 roots, their three-digit codes and four-digit ones: 311 in CAMEO 1.1b3.
    assert_eq!(ont.events().count(), 311);
    let e = ont.event("0231").expect("0231");
    assert_eq!(e.root, "02");
    assert_eq!(e.level, 3);
    assert!(e.name.contains("economic aid"), "{}", e.name);
    assert!(ont.event("231").is_none());
    assert!(ont.event("20").is_some() && ont.event("204").is_some());
}

#[test]
fn goldstein_and_quadclass() {
    let ont = Ontology::builtin();
    let g = |c: &str| ont.event(c).unwrap().goldstein;
    assert_eq!(g("190"), -10.0);
    assert_eq!(g("0233"), 3.4);
    assert_eq!(g("016"), -2.0);
    let q = |c: &str, conv| ont.event(c).unwrap().quad_class_in(conv);
    // The conventions differ on roots 01, 02, 09, 14, 16.
    assert_eq!(
        (
            q("010", QuadConvention::Gdelt),
            q("010", QuadConvention::Phoenix)
        ),
        (1, 0)
    );
    assert_eq!(
        (
            q("090", QuadConvention::Gdelt),
            q("090", QuadConvention::Phoenix)
        ),
        (2, 3)
    );
    assert_eq!(
        (
            q("141", QuadConvention::Gdelt),
            q("141", QuadConvention::Phoenix)
        ),
        (3, 4)
    );
    assert_eq!(
        (
            q("163", QuadConvention::Gdelt),
            q("163", QuadConvention::Phoenix)
        ),
        (4, 3)
    );
    assert_eq!(q("0874", QuadConvention::Gdelt), 2);
    assert_eq!(q("195", QuadConvention::Phoenix), 4);
}

#[test]
fn plover_mapping() {
    let ont = Ontology::builtin();
    assert_eq!(ont.plover_types().count(), 16);
    let p = ont.event("0874").unwrap().plover.as_ref().expect("mapped");
    assert_eq!(p.event_type, "RETREAT");
    assert_eq!(p.mode.as_deref(), Some("disarm"));
    assert_eq!(p.context, ["military"]);
    let p = ont.event("091").unwrap().plover.as_ref().unwrap();
    assert_eq!(
        (p.event_type.as_str(), p.mode.as_deref()),
        ("ACCUSE", Some("investigate"))
    );
    assert_eq!(p.context, ["crime", "corruption"]);
    // A resignation (dyad's 0831) is PLOVER's RETREAT, mode resign.
    let p = ont.event("0831").unwrap().plover.as_ref().unwrap();
    assert_eq!(
        (p.event_type.as_str(), p.mode.as_deref()),
        ("RETREAT", Some("resign"))
    );
    // Lifting a curfew or a state of emergency eases an administrative
    // sanction (081): a concession, not a RETREAT.
    for code in ["0813", "0814"] {
        let p = ont.event(code).unwrap().plover.as_ref().unwrap();
        assert_eq!(p.event_type, "CONCEDE", "{code}");
    }
    // Imposing sanctions is PLOVER's SANCTION (mode discontinue).
    let p = ont.event("163").unwrap().plover.as_ref().unwrap();
    assert_eq!(
        (p.event_type.as_str(), p.mode.as_deref()),
        ("SANCTION", Some("discontinue"))
    );
    // PLOVER leaves roots 01 and 02 unmapped.
    assert!(ont.event("010").unwrap().plover.is_none());
    assert!(
        ont.plover_type("ACCUSE").unwrap().score < 0.0,
        "ACCUSE is a conflict type"
    );
    assert_eq!(ont.plover_contexts().count(), 37);
}

#[test]
fn actor_code_segments() {
    let ont = Ontology::builtin();
    assert!(ont.is("DEU", SegmentKind::Country));
    assert!(ont.is("EUR", SegmentKind::Region));
    assert!(ont.is("MIL", SegmentKind::Role));
    assert!(ont.is("EEC", SegmentKind::Group), "CAMEO's EU code is EEC");
    assert!(ont.is("MOS", SegmentKind::Religion));
    let p = ont.parse_actor_code("IGOUNOJUDICJ");
    assert_eq!(p.country.as_deref(), Some("IGO"));
    assert_eq!(p.roles, ["JUD"]);
    let p = ont.parse_actor_code("RUSGOVMIL");
    assert_eq!(p.roles, ["GOV", "MIL"]);
}

#[test]
fn a_replacement_directory_overrides_and_bad_lines_are_named() {
    let dir = std::env::temp_dir().join(format!("dyad-kb-ont-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("cameo_events.txt"),
        "# two codes\n01 0.0 STATEMENT\n010 1.5 Say something\n",
    )
    .unwrap();
    std::fs::write(dir.join("cameo_plover.txt"), "010 CONSULT - -\n").unwrap();
    let ont = Ontology::load(&dir).unwrap();
    assert_eq!(ont.events().count(), 2);
    assert_eq!(ont.event("010").unwrap().goldstein, 1.5);
    assert_eq!(
        ont.event("010")
            .unwrap()
            .plover
            .as_ref()
            .unwrap()
            .event_type,
        "CONSULT"
    );
    std::fs::write(dir.join("cameo_events.txt"), "01 zero STATEMENT\n").unwrap();
    let err = Ontology::load(&dir).unwrap_err().to_string();
    assert!(
        err.contains("cameo_events.txt:1") && err.contains("Goldstein"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
