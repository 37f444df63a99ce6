//! dyad-kb's country dictionary read as place names: each country's
//! canonical name, its aliases that are names (demonyms left out by the
//! rules of `data/demonyms.txt`), its capitals and its `place:` names.
//! Reused rather than duplicated, so "Britain", "Ivory Coast" or "the Gaza
//! Strip" mean what they mean to the actor resolver.

/// The demonym rules (data, not code).
const DEMONYMS: &str = include_str!("../data/demonyms.txt");

/// One country block of the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryBlock {
    /// ISO alpha-3 (dyad's actor codes are ISO).
    pub iso3: String,
    /// Canonical name.
    pub name: String,
    /// Aliases that are place names.
    pub aliases: Vec<String>,
    /// Capitals and `place:` names.
    pub places: Vec<String>,
    /// Aliases that are demonyms ("Spanish", "Georgians"): never places,
    /// but evidence of which country a story is about.
    pub demonyms: Vec<String>,
}

/// Whether a one-word alias is a demonym by the rules of `data/demonyms.txt`.
pub fn is_demonym(alias: &str) -> bool {
    let alias = alias.trim();
    if alias.contains(' ') {
        return false;
    }
    let mut suffix = false;
    for line in DEMONYMS.lines() {
        let line = line.trim();
        if let Some(k) = line.strip_prefix("keep ") {
            if k.trim() == alias {
                return false;
            }
        } else if let Some(s) = line.strip_prefix("suffix ") {
            suffix |= alias.ends_with(s.trim());
        }
    }
    suffix
}

/// The country blocks of a country dictionary's text (lines it does not
/// understand are skipped: the actor loader reports them).
pub fn country_blocks(text: &str) -> Vec<CountryBlock> {
    let mut out: Vec<CountryBlock> = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            let (code, name) = line.split_once(' ').unwrap_or((line, ""));
            if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
                out.push(CountryBlock {
                    iso3: code.into(),
                    name: name.trim().into(),
                    aliases: Vec::new(),
                    places: Vec::new(),
                    demonyms: Vec::new(),
                });
            }
            continue;
        }
        let Some(block) = out.last_mut() else {
            continue;
        };
        let Some((form, names)) = line.trim().split_once(':') else {
            continue;
        };
        let names = names.split(';').map(str::trim).filter(|n| !n.is_empty());
        match form.trim() {
            "alias" => {
                for n in names {
                    if is_demonym(n) {
                        block.demonyms.push(n.to_string());
                    } else {
                        block.aliases.push(n.to_string());
                    }
                }
            }
            "capital" | "seat" | "place" => block.places.extend(names.map(String::from)),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demonyms_are_not_place_names() {
        for d in [
            "Afghan", "Afghans", "Swiss", "Georgian", "Japanese", "Scots",
        ] {
            assert!(is_demonym(d), "{d}");
        }
        for n in [
            "Britain",
            "Wales",
            "Iran",
            "Soviet Union",
            "Macedonia",
            "USA",
        ] {
            assert!(!is_demonym(n), "{n}");
        }
    }

    #[test]
    fn blocks_read_names_aliases_and_places() {
        let b = country_blocks("# c\nGEO Georgia\n    alias: Georgian; Sakartvelo\n    capital: Tbilisi\n    place: Batumi\n");
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].iso3, "GEO");
        assert_eq!(b[0].aliases, ["Sakartvelo"]);
        assert_eq!(b[0].places, ["Tbilisi", "Batumi"]);
        assert!(!country_blocks(dyad_kb::BUILTIN_COUNTRIES).is_empty());
    }
}
