//! Resolution rules and the index, without the language model: names are
//! found by plain search ([`dyad_geo::Geocoder::resolve_names`]). Each rule
//! has a case that fails if the rule is removed.

mod common;

use dyad_geo::gazetteer::{Gazetteer, GazetteerError};
use dyad_geo::Geocoder;

fn resolve(text: &str, names: &[&str]) -> Vec<Option<String>> {
    Geocoder::new(common::gazetteer()).resolve_names(text, names)
}

fn one(text: &str, name: &str) -> String {
    resolve(text, &[name])[0]
        .clone()
        .unwrap_or_else(|| "none".into())
}

#[test]
fn rule_qualified_paris_texas() {
    assert_eq!(
        one("Police in Paris, Texas said", "Paris"),
        "Paris (FR, city)"
    );
    let r = resolve("Police in Paris, Texas said", &["Paris", "Texas"]);
    assert_eq!(r[0].as_deref(), Some("Paris (US, city)"));
    let r = resolve("Fighting near Tripoli, Lebanon", &["Tripoli", "Lebanon"]);
    assert_eq!(r[0].as_deref(), Some("Tripoli (LB, city)"));
}

#[test]
fn rule_article_context_picks_the_country_the_story_is_about() {
    // Georgia: the country beside Tbilisi, the US state beside Atlanta.
    let r = resolve(
        "Crowds in Georgia marched to Tbilisi.",
        &["Georgia", "Tbilisi"],
    );
    assert_eq!(r[0].as_deref(), Some("Georgia (GE, country)"));
    let r = resolve(
        "Voters in Georgia queued in Atlanta.",
        &["Georgia", "Atlanta"],
    );
    assert_eq!(r[0].as_deref(), Some("Georgia (US, adm1)"));
    // Tripoli beside Beirut is Lebanon's; alone it is Libya's.
    let r = resolve(
        "Clashes in Tripoli spread to Beirut.",
        &["Tripoli", "Beirut"],
    );
    assert_eq!(r[0].as_deref(), Some("Tripoli (LB, city)"));
    // Hyderabad beside Karachi is Pakistan's; San Jose beside Costa Rica.
    let r = resolve(
        "Rallies in Hyderabad and Karachi.",
        &["Hyderabad", "Karachi"],
    );
    assert_eq!(r[0].as_deref(), Some("Hyderabad (PK, city)"));
    let r = resolve(
        "Costa Rica: protest in San Jose.",
        &["Costa Rica", "San Jose"],
    );
    assert_eq!(r[1].as_deref(), Some("San José (CR, city)"));
}

#[test]
fn context_does_not_move_a_dominant_candidate() {
    // "U.S." anchors the United States, but Kabul is 2,000 times bigger
    // than Cabool, Missouri (which GeoNames also calls Kabul).
    let r = resolve("U.S. troops entered Kabul.", &["U.S.", "Kabul"]);
    assert_eq!(r[1].as_deref(), Some("Kabul (AF, city)"));
}

#[test]
fn an_alias_does_not_beat_a_place_of_that_very_name_abroad() {
    // GeoNames lists "Islamabad" among Chattogram's old names.
    assert_eq!(
        one("Police raided an office in Islamabad.", "Islamabad"),
        "Islamabad (PK, city)"
    );
    // Within one country an alias still counts in full: Kiev is Kyiv.
    assert_eq!(one("Envoys met in Kiev.", "Kiev"), "Kyiv (UA, city)");
}

#[test]
fn rule_prior_country_names_then_population() {
    assert_eq!(
        one("Protests in Georgia.", "Georgia"),
        "Georgia (GE, country)"
    );
    assert_eq!(one("Clashes in Tripoli.", "Tripoli"), "Tripoli (LY, city)");
    assert_eq!(
        one("A rally in Hyderabad.", "Hyderabad"),
        "Hyderabad (IN, city)"
    );
    assert_eq!(
        one("Police in San Jose.", "San Jose"),
        "San Jose (US, city)"
    );
    assert_eq!(one("Talks in Paris.", "Paris"), "Paris (FR, city)");
    // A division counts at half its population: Kano is the city.
    assert_eq!(one("Clashes in Kano.", "Kano"), "Kano (NG, city)");
}

#[test]
fn alternate_names_and_kb_names_are_found() {
    let g = common::gazetteer();
    assert_eq!(g.lookup("Kiev")[0].name, "Kyiv");
    assert_eq!(g.lookup("KYIV")[0].name, "Kyiv");
    // dyad-kb's place names become regions of their country.
    let gaza = g.lookup("the Gaza Strip");
    assert_eq!(gaza.len(), 1, "{gaza:?}");
    assert_eq!(
        (gaza[0].cc.as_str(), gaza[0].kind.precision()),
        ("PS", "country")
    );
    // Demonyms are not names of places.
    assert!(g.lookup("Georgian").is_empty());
    assert!(g.lookup("Afghans").is_empty());
}

#[test]
fn the_index_file_round_trips_and_damage_is_named() {
    let dir = std::env::temp_dir().join(format!("dyad-geo-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("gazetteer.tsv");
    let mut f = std::fs::File::create(&path).unwrap();
    common::builder().write(&mut f, &["test"]).unwrap();
    drop(f);
    let g = Gazetteer::load(&dir).unwrap();
    assert_eq!(g.lookup("Tbilisi")[0].id, 611717);
    assert_eq!(g.codes("NG").unwrap().fips, "NI");
    // A damaged file: an error naming it and what to run, no panic.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\t41.69", "\tnorth", 1)).unwrap();
    let err = Gazetteer::load(&dir).unwrap_err().to_string();
    assert!(
        err.contains("gazetteer.tsv") && err.contains("fetch-gazetteer"),
        "{err}"
    );
    std::fs::write(&path, b"\xff\xfe garbage").unwrap();
    let err = Gazetteer::load(&dir).unwrap_err().to_string();
    assert!(err.contains("gazetteer.tsv"), "{err}");
    std::fs::write(&path, "not a gazetteer\n").unwrap();
    assert!(Gazetteer::load(&dir).is_err());
    let _ = std::fs::remove_dir_all(&dir);
    // None at all: says what to run.
    let err = Gazetteer::load(&dir).unwrap_err();
    assert!(matches!(err, GazetteerError::Missing(_)));
    assert!(err.to_string().contains("scripts/fetch-gazetteer"), "{err}");
}

#[test]
fn arbitrary_index_text_never_panics() {
    for text in [
        "",
        "# dyad gazetteer 1\nP\t1\n",
        "# dyad gazetteer 1\nP\tx\tGE\t-\tA\t1\t2\t3\ta\n",
        "# dyad gazetteer 1\nP\t1\tGE\t-\tA\t100\t2\t3\ta\n",
        "# dyad gazetteer 1\nP\t1\tGE\t-\tA\tNaN\t2\t3\ta\n",
        "# dyad gazetteer 1\nX\tGE\n",
        "# dyad gazetteer 1\nQ\t1\tGE\t-\tA\t1\t2\t3\ta\n",
    ] {
        assert!(Gazetteer::parse(text).is_err(), "{text:?}");
    }
}
