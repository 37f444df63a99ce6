//! Query parameters, read strictly: an unknown or repeated parameter, or
//! a value of the wrong shape, is a 400 that names the parameter (a typo
//! such as `?actr=RUS` must not silently return everything).

use crate::error::ApiError;
use dyad_store::EventFilter;

/// The longest query string accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 8 * 1024;

/// The event filters every event endpoint takes (as the CLI's
/// `--actor`, `--dyad`… options).
pub const FILTER_PARAMS: &[&str] = &[
    "actor", "source", "target", "dyad", "directed", "country", "role", "cameo", "plover", "quad",
    "from", "to", "text", "place", "near",
];

/// The parameters of one request.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Read a raw query string, accepting only the `known` names (and
    /// `format`, which every tabular endpoint takes).
    pub fn parse(raw: Option<&str>, known: &[&str]) -> Result<Params, ApiError> {
        let raw = raw.unwrap_or("");
        if raw.len() > MAX_QUERY_BYTES {
            return Err(ApiError::bad_parameter(
                "query",
                format!("the query string is over {MAX_QUERY_BYTES} bytes"),
            ));
        }
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (k, _) in &pairs {
            if k != "format" && !known.contains(&k.as_str()) {
                let mut names: Vec<&str> = known.to_vec();
                names.push("format");
                return Err(ApiError::bad_parameter(
                    k,
                    format!(
                        "unknown parameter; this endpoint takes {}",
                        names.join(", ")
                    ),
                ));
            }
        }
        Ok(Params { pairs })
    }

    /// Every value given for `name`, blanks left out (an empty form field
    /// means "no filter").
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
            .collect()
    }

    /// The one value of `name`, if given; given twice is an error.
    pub fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        match self.all(name).as_slice() {
            [] => Ok(None),
            [v] => Ok(Some(v)),
            _ => Err(ApiError::bad_parameter(name, "given more than once")),
        }
    }

    /// The value of `name`, which must be given.
    pub fn required(&self, name: &str, example: &str) -> Result<&str, ApiError> {
        self.one(name)?.ok_or_else(|| {
            ApiError::bad_parameter(name, format!("required, e.g. {name}={example}"))
        })
    }

    /// A whole number in `min..=max`, `default` when absent.
    pub fn number(
        &self,
        name: &str,
        default: usize,
        bounds: (usize, usize),
    ) -> Result<usize, ApiError> {
        let Some(v) = self.one(name)? else {
            return Ok(default);
        };
        let (min, max) = bounds;
        match v.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_parameter(
                name,
                format!("`{v}` is not a whole number from {min} to {max}"),
            )),
        }
    }

    /// A flag: absent, `true`/`1`/`yes`/`on` or `false`/`0`/`no`/`off`.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.one(name)?.map(str::to_ascii_lowercase).as_deref() {
            None | Some("false" | "0" | "no" | "off") => Ok(false),
            Some("true" | "1" | "yes" | "on") => Ok(true),
            Some(v) => Err(ApiError::bad_parameter(
                name,
                format!("`{v}` is not true or false"),
            )),
        }
    }

    /// One of `choices`, `default` when absent.
    pub fn choice<'a>(
        &'a self,
        name: &str,
        choices: &[&'a str],
        default: &'a str,
    ) -> Result<&'a str, ApiError> {
        match self.one(name)? {
            None => Ok(default),
            Some(v) if choices.contains(&v) => Ok(v),
            Some(v) => Err(ApiError::bad_parameter(
                name,
                format!("`{v}` is not one of {}", choices.join(", ")),
            )),
        }
    }

    /// An actor code or prefix (`RUS`, `RUSGOV`), upper-cased.
    pub fn actor(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.one(name)?.map(|v| actor_code(name, v)).transpose()
    }

    /// A date bound (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as a day number; an
    /// upper bound (`end`) covers the whole year or month.
    pub fn day(&self, name: &str, bound: Bound) -> Result<Option<i64>, ApiError> {
        self.one(name)?
            .map(|v| {
                dyad_store::parse_bound(v, bound == Bound::Last)
                    .map_err(|e| ApiError::bad_parameter(name, e))
            })
            .transpose()
    }

    /// A dyad `A,B` given as `name`.
    pub fn dyad(&self, name: &str) -> Result<Option<(String, String)>, ApiError> {
        let Some(v) = self.one(name)? else {
            return Ok(None);
        };
        let parts: Vec<&str> = v.split([',', ':', '/']).map(str::trim).collect();
        match parts.as_slice() {
            [a, b] if !a.is_empty() && !b.is_empty() => {
                Ok(Some((actor_code(name, a)?, actor_code(name, b)?)))
            }
            _ => Err(ApiError::bad_parameter(
                name,
                format!("`{v}` is not a dyad: expected two actor codes, e.g. USA,RUS"),
            )),
        }
    }

    /// The event filter of [`FILTER_PARAMS`].
    pub fn filter(&self) -> Result<EventFilter, ApiError> {
        let actors = self
            .all("actor")
            .into_iter()
            .map(|a| actor_code("actor", a))
            .collect::<Result<Vec<_>, _>>()?;
        let country = match self.actor("country")? {
            Some(c) if c.len() != 3 => {
                return Err(ApiError::bad_parameter(
                    "country",
                    format!("`{c}` is not a country code: expected 3 letters, e.g. FRA"),
                ))
            }
            c => c,
        };
        let cameo = match self.one("cameo")? {
            Some(c) if c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) => {
                return Err(ApiError::bad_parameter(
                    "cameo",
                    format!(
                        "`{c}` is not a CAMEO code or root: expected 2 to 4 digits, e.g. 04 or 036"
                    ),
                ))
            }
            c => c.map(str::to_string),
        };
        let plover = match self.one("plover")? {
            Some(p)
                if !p
                    .bytes()
                    .all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-') =>
            {
                return Err(ApiError::bad_parameter(
                    "plover",
                    format!("`{p}` is not a PLOVER event type, e.g. CONSULT"),
                ))
            }
            p => p.map(str::to_string),
        };
        let quad_class = self
            .one("quad")?
            .map(|q| match q.parse::<u8>() {
                Ok(n) if (1..=4).contains(&n) => Ok(n),
                _ => Err(ApiError::bad_parameter(
                    "quad",
                    format!("`{q}` is not a QuadClass: expected 1 to 4"),
                )),
            })
            .transpose()?;
        let from = self.day("from", Bound::First)?;
        let to = self.day("to", Bound::Last)?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(ApiError::bad_parameter("to", "before `from`"));
            }
        }
        let place_country = match self.actor("place")? {
            Some(c) if c.len() != 3 => {
                return Err(ApiError::bad_parameter(
                    "place",
                    format!("`{c}` is not a country code: expected 3 letters, e.g. UKR"),
                ))
            }
            c => c,
        };
        let near = self.one("near")?.map(near).transpose()?;
        Ok(EventFilter {
            actors,
            source: self.actor("source")?,
            target: self.actor("target")?,
            dyad: self.dyad("dyad")?,
            directed: self.flag("directed")?,
            country,
            role: self.actor("role")?,
            cameo,
            plover,
            quad_class,
            from,
            to,
            text: self.one("text")?.map(str::to_string),
            place_country,
            near,
            ..EventFilter::default()
        })
    }
}

/// `near=LAT,LON,KM`: events placed within KM of a point.
fn near(v: &str) -> Result<(f64, f64, f64), ApiError> {
    let bad = || {
        ApiError::bad_parameter(
            "near",
            format!("`{v}` is not LAT,LON,KM (latitude −90 to 90, longitude −180 to 180, km ≥ 0), e.g. 48.6,38.0,50"),
        )
    };
    let n: Vec<f64> = v
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    match n.as_slice() {
        [lat, lon, km]
            if (-90.0..=90.0).contains(lat)
                && (-180.0..=180.0).contains(lon)
                && km.is_finite()
                && *km >= 0.0 =>
        {
            Ok((*lat, *lon, *km))
        }
        _ => Err(bad()),
    }
}

/// Which end of a period a date bound takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Its first day (`from`).
    First,
    /// Its last day (`to`: `2024` means up to 31 December 2024).
    Last,
}

/// An actor code or prefix, checked and upper-cased.
pub fn actor_code(name: &str, v: &str) -> Result<String, ApiError> {
    let up = v.trim().to_ascii_uppercase();
    if up.is_empty() || up.len() > 32 || !up.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::bad_parameter(
            name,
            format!("`{v}` is not an actor code: expected letters and digits, e.g. RUS or RUSGOV"),
        ));
    }
    Ok(up)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_repeated_parameters_are_named() {
        let e = Params::parse(Some("actr=RUS"), FILTER_PARAMS).unwrap_err();
        assert_eq!(e.parameter.as_deref(), Some("actr"));
        let p = Params::parse(Some("from=2024&from=2025"), FILTER_PARAMS).unwrap();
        assert_eq!(p.filter().unwrap_err().parameter.as_deref(), Some("from"));
    }

    #[test]
    fn blank_fields_are_no_filter_and_values_are_checked() {
        let p = Params::parse(Some("actor=&dyad=usa,rus&quad=2&to=2024"), FILTER_PARAMS).unwrap();
        let f = p.filter().unwrap();
        assert!(f.actors.is_empty());
        assert_eq!(f.dyad, Some(("USA".into(), "RUS".into())));
        assert_eq!(f.quad_class, Some(2));
        for (q, name) in [
            ("quad=5", "quad"),
            ("cameo=0x", "cameo"),
            ("actor=R%20S", "actor"),
            ("from=2024-13", "from"),
            ("dyad=USA", "dyad"),
        ] {
            let e = Params::parse(Some(q), FILTER_PARAMS)
                .unwrap()
                .filter()
                .unwrap_err();
            assert_eq!(e.parameter.as_deref(), Some(name), "{q}");
        }
    }
}
