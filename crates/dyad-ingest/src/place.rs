//! Where dyad keeps its data (the model, the default event database): one
//! rule for every crate, following the XDG base-directory specification.

use std::path::PathBuf;

/// `$XDG_DATA_HOME/dyad`, else `$HOME/.local/share/dyad`; `None` when
/// neither is usable. An empty or relative `XDG_DATA_HOME` is ignored, as the
/// specification says (a relative one would move with the working folder).
pub fn data_home() -> Option<PathBuf> {
    data_home_from(
        std::env::var_os("XDG_DATA_HOME").map(PathBuf::from),
        std::env::var_os("HOME").map(PathBuf::from),
    )
}

fn data_home_from(xdg: Option<PathBuf>, home: Option<PathBuf>) -> Option<PathBuf> {
    let usable = |p: &PathBuf| p.is_absolute();
    xdg.filter(usable)
        .or_else(|| home.filter(usable).map(|h| h.join(".local").join("share")))
        .map(|base| base.join("dyad"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(xdg: Option<&str>, home: Option<&str>, expect: Option<&str>) {
        let got = data_home_from(xdg.map(PathBuf::from), home.map(PathBuf::from));
        assert_eq!(
            got,
            expect.map(PathBuf::from),
            "XDG_DATA_HOME={xdg:?} HOME={home:?}"
        );
    }

    #[test]
    fn xdg_rules() {
        check(Some("/data"), Some("/home/a"), Some("/data/dyad"));
        check(Some(""), Some("/home/a"), Some("/home/a/.local/share/dyad"));
        check(
            Some("rel/dir"),
            Some("/home/a"),
            Some("/home/a/.local/share/dyad"),
        );
        check(None, Some("/home/a"), Some("/home/a/.local/share/dyad"));
        check(None, Some(""), None);
        check(None, None, None);
    }
}
