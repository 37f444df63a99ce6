//! The fixture gazetteer (`tests/fixture/places.tsv`, dyad's own small
//! table) built the way the converter builds the real one.

#![allow(dead_code)]

use dyad_geo::gazetteer::{CountryCodes, Gazetteer, GazetteerBuilder, Kind, Place, SourcePlace};

pub const FIXTURE: &str = include_str!("../fixture/places.tsv");

/// The fixture's builder (with dyad-kb's names added, as at set-up).
pub fn builder() -> GazetteerBuilder {
    let mut b = GazetteerBuilder::default();
    for (n, line) in FIXTURE.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f[0] == "X" {
            b.codes.push(CountryCodes {
                iso2: f[1].into(),
                iso3: f[2].into(),
                fips: f[3].into(),
            });
            continue;
        }
        assert_eq!(f.len(), 9, "fixture line {}: {line}", n + 1);
        let kind = match f[0] {
            "C" => Kind::Country,
            "A" => Kind::Adm1,
            "P" => Kind::City,
            other => panic!("fixture line {}: kind {other}", n + 1),
        };
        b.places.push(SourcePlace {
            place: Place {
                id: f[1].parse().unwrap(),
                kind,
                cc: f[2].into(),
                adm1: if f[3] == "-" {
                    String::new()
                } else {
                    f[3].into()
                },
                name: f[4].into(),
                lat: f[5].parse().unwrap(),
                lon: f[6].parse().unwrap(),
                population: f[7].parse().unwrap(),
            },
            alternates: f[8]
                .split('|')
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect(),
        });
    }
    b.add_kb_names();
    b
}

pub fn gazetteer() -> Gazetteer {
    builder().build().unwrap()
}
