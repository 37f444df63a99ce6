//! Expanding the paths a user gives into the files to read. Folders are read
//! recursively in name order; hidden entries are skipped; a folder or file
//! reached twice (a symlink to `.` or to a sibling) is read once, so link
//! loops neither repeat articles nor hang; a problem with one entry is
//! reported and the walk goes on.

use crate::InputError;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The files under `paths` (`-` is kept: standard input), and the problems
/// met on the way.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut walk = Walk::default();
    for p in paths {
        walk.top(p);
    }
    (walk.files, walk.errors)
}

#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    errors: Vec<InputError>,
    /// Canonical paths of the folders and files already taken.
    seen: HashSet<PathBuf>,
}

impl Walk {
    /// A path named by the user: anything readable is taken (a FIFO from
    /// `<(…)` too); only folders are walked.
    fn top(&mut self, p: &Path) {
        if p.as_os_str() == "-" {
            self.files.push(p.to_path_buf());
            return;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => self.folder(p),
            Ok(_) => self.file(p),
            Err(e) => self.error(p, no_such(&e, p)),
        }
    }

    fn folder(&mut self, dir: &Path) {
        if !self.first_visit(dir) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => return self.error(dir, format!("cannot read folder: {e}")),
        };
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) => paths.push(e.path()),
                Err(e) => self.error(dir, format!("cannot list folder: {e}")),
            }
        }
        paths.sort();
        for path in paths.iter().filter(|p| !is_hidden(p)) {
            self.entry(path);
        }
    }

    /// An entry found inside a folder: folders are walked, regular files
    /// taken, anything else (a FIFO, a socket, a broken link) reported.
    fn entry(&mut self, path: &Path) {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => self.folder(path),
            Ok(m) if m.is_file() => self.file(path),
            Ok(_) => self.error(
                path,
                "is not a regular file (a pipe, socket or device); skipped".into(),
            ),
            Err(e) if std::fs::symlink_metadata(path).is_ok() => {
                self.error(path, format!("is a broken link ({e}); skipped"))
            }
            Err(e) => self.error(path, format!("cannot read: {e}")),
        }
    }

    fn file(&mut self, path: &Path) {
        if self.first_visit(path) {
            self.files.push(path.to_path_buf());
        }
    }

    /// Whether `path` (through any links) is met for the first time.
    fn first_visit(&mut self, path: &Path) -> bool {
        match std::fs::canonicalize(path) {
            Ok(c) => self.seen.insert(c),
            // Cannot tell: take it; reading it will report any problem.
            Err(_) => true,
        }
    }

    fn error(&mut self, path: &Path, msg: String) {
        self.errors
            .push(InputError::new(path.display().to_string(), msg));
    }
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn no_such(e: &std::io::Error, p: &Path) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        if std::fs::symlink_metadata(p).is_ok() {
            "is a broken link".to_string()
        } else {
            "no such file or folder".to_string()
        }
    } else {
        format!("cannot read: {e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(files: &[PathBuf], root: &Path) -> Vec<String> {
        files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn link_loops_are_walked_once() {
        let d = tempdir();
        std::fs::write(d.join("a.txt"), "A.").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/b.txt"), "B.").unwrap();
        std::os::unix::fs::symlink(".", d.join("self")).unwrap();
        std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("a.txt", d.join("z-alias.txt")).unwrap();
        let (files, errors) = expand(std::slice::from_ref(&d));
        assert_eq!(names(&files, &d), ["a.txt", "sub/b.txt"]);
        assert!(errors.is_empty(), "{errors:?}");
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn one_bad_entry_does_not_stop_the_walk() {
        let d = tempdir();
        std::fs::write(d.join("a.txt"), "A.").unwrap();
        std::os::unix::fs::symlink("gone.txt", d.join("b-dangling.txt")).unwrap();
        std::fs::write(d.join("c.txt"), "C.").unwrap();
        let missing = d.join("missing");
        let (files, errors) = expand(&[missing.clone(), d.clone()]);
        assert_eq!(names(&files, &d), ["a.txt", "c.txt"]);
        let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].contains("missing: no such file"), "{msgs:?}");
        assert!(
            msgs[1].contains("b-dangling.txt: is a broken link"),
            "{msgs:?}"
        );
        std::fs::remove_dir_all(&d).unwrap();
    }

    fn tempdir() -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let d = std::env::temp_dir().join(format!(
            "dyad-walk-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
