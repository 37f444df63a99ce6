//! What can go wrong with a store, said so that the user knows which file
//! and what to do.

use std::path::PathBuf;

/// A store error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not an SQLite database at all (corrupt, or some other
    /// kind of file). dyad never writes to it.
    #[error("{path}: not a dyad event database ({why}); dyad leaves it untouched — pass another path with --db")]
    NotADatabase {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        why: String,
    },
    /// An SQLite database that some other program made.
    #[error("{path}: an SQLite database, but not a dyad event database ({why}); dyad leaves it untouched — pass another path with --db")]
    Foreign {
        /// The file.
        path: PathBuf,
        /// What gave it away.
        why: String,
    },
    /// A dyad database written by a newer (or unknown) schema.
    #[error("{path}: dyad event database with schema version {found}, this dyad reads version {supported}; upgrade dyad")]
    Version {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: i64,
        /// The version this build reads and writes.
        supported: i64,
    },
    /// No database at the path (for commands that only read).
    #[error("{0}: no event database here; create one with `dyad ingest --db {0} FILES…`")]
    Missing(PathBuf),
    /// The database's settings disagree with what was asked.
    #[error("{path}: {msg}")]
    Settings {
        /// The file.
        path: PathBuf,
        /// What disagrees.
        msg: String,
    },
    /// A bad argument to a query (an unknown format, a malformed code).
    #[error("{0}")]
    Query(String),
    /// A pre-coded event that cannot be read.
    #[error("{origin}: {msg}")]
    Input {
        /// `FILE:LINE`.
        origin: String,
        /// What is wrong.
        msg: String,
    },
    /// SQLite failed (disk full, I/O error, a lock held too long).
    ///
    /// The cause is printed in the message and not chained as a `source`:
    /// SQLite's errors repeat their own cause in `Display`, so a chain
    /// printed with `{:#}` said the same thing three times.
    #[error("{path}: database error: {cause}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// SQLite's error.
        cause: rusqlite::Error,
    },
    /// SQLite found the file damaged (a malformed page, a failed integrity
    /// check). dyad never writes to a damaged store.
    #[error("{path}: the event database is damaged ({why}); dyad will not write to it. Run `dyad stats --check --db {path}` to list the damage, then restore the file from a backup or ingest the articles again into a new database (--db NEW.db)")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What SQLite reported.
        why: String,
    },
    /// The path exists but is not a regular file (a FIFO, a folder, a
    /// device) or is a symbolic link to nothing.
    #[error("{path}: {why}; pass the path of an event database file with --db")]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What is there instead.
        why: String,
    },
    /// [`Store::create`](crate::Store::create) found a file already there.
    #[error("{0}: a file is already there; dyad creates a new database only where there is none")]
    Exists(PathBuf),
    /// Reading or writing a file.
    #[error("{path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error. Printed in the message and also chained, so that
        /// `main` can tell a closed output pipe (`dyad export | head`) from
        /// a real failure; its one error sink prints a cause only once.
        #[source]
        cause: std::io::Error,
    },
}

/// Results of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
