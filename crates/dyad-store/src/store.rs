//! Opening, checking and creating a store, and writing to it.

use crate::actor::ActorParts;
use crate::day::{day_of_value, Day};
use crate::error::{Result, StoreError};
use dyad_event::Event;
use dyad_ingest::Article;
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of dyad stores: "dyad" in ASCII. SQLite keeps it
/// in the file header (bytes 68–71), so a store is recognised before SQLite
/// is asked to open the file.
pub const APPLICATION_ID: i32 = 0x6479_6164;

/// The schema version this build reads and writes (`PRAGMA user_version`
/// and the `schema_version` row of the `meta` table).
pub const SCHEMA_VERSION: i64 = 2;

/// Version 2 added where events happened: the `geo_*` columns of `events`
/// (from the coded event's `location`). A version-1 store is migrated when
/// opened for writing (columns added, nothing else changes); read-only, it
/// is read through a temporary view that shows the columns as null.
const MIGRATE_1_TO_2: &str = "
ALTER TABLE events ADD COLUMN geo_name TEXT;
ALTER TABLE events ADD COLUMN geo_country TEXT;
ALTER TABLE events ADD COLUMN geo_adm1 TEXT;
ALTER TABLE events ADD COLUMN geo_lat REAL;
ALTER TABLE events ADD COLUMN geo_lon REAL;
ALTER TABLE events ADD COLUMN geo_id INTEGER;
ALTER TABLE events ADD COLUMN geo_precision TEXT;
CREATE INDEX events_geo_country ON events(geo_country, day);
";

/// The columns version 2 added, as nulls, for reading a version-1 store.
const V1_VIEW: &str = "CREATE TEMP VIEW events AS SELECT *, NULL AS geo_name, NULL AS geo_country,
    NULL AS geo_adm1, NULL AS geo_lat, NULL AS geo_lon, NULL AS geo_id, NULL AS geo_precision FROM main.events";

/// Default de-duplication window: events on days within ±1 of each other
/// are the same event (when actors and code agree).
pub const DEFAULT_WINDOW_DAYS: u32 = 1;

const SCHEMA: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

-- One row per distinct article (by content hash).
CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE,
    story_date  TEXT,
    url         TEXT,
    source      TEXT,
    title       TEXT,
    subheadline TEXT,
    summary     TEXT,
    body        TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    coded_at    TEXT NOT NULL
) STRICT;
CREATE INDEX articles_doc ON articles(doc_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, subheadline, summary, body, content='articles', content_rowid='id'
);

-- De-duplicated events: one row per real-world event, however many
-- articles and sentences report it. Attributes are those of the first
-- mention; the counts are kept exact on every write. The geo_* columns
-- (schema 2) are where it happened: the first mention's location that has one.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    day            INTEGER,
    date           TEXT,
    precision      TEXT NOT NULL,
    source_code    TEXT NOT NULL,
    source_name    TEXT NOT NULL,
    source_country TEXT,
    source_roles   TEXT NOT NULL,
    target_code    TEXT NOT NULL,
    target_name    TEXT NOT NULL,
    target_country TEXT,
    target_roles   TEXT NOT NULL,
    cameo          TEXT NOT NULL,
    cameo_name     TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover_type    TEXT,
    plover_mode    TEXT,
    num_mentions   INTEGER NOT NULL,
    num_sources    INTEGER NOT NULL,
    num_articles   INTEGER NOT NULL,
    first_article  INTEGER NOT NULL,
    added_at       TEXT NOT NULL,
    geo_name       TEXT,
    geo_country    TEXT,
    geo_adm1       TEXT,
    geo_lat        REAL,
    geo_lon        REAL,
    geo_id         INTEGER,
    geo_precision  TEXT
) STRICT;
CREATE INDEX events_geo_country ON events(geo_country, day);
CREATE INDEX events_dedup ON events(source_code, target_code, cameo, day);
CREATE INDEX events_dyad ON events(source_code, target_code, day);
CREATE INDEX events_target ON events(target_code, day);
CREATE INDEX events_day ON events(day);
"#;

/// Indexes added after schema version 1 was fixed. They change no table,
/// so a store without them is still read correctly (only slower); new
/// stores are created with them and a store opened for writing gains them
/// (`CREATE INDEX IF NOT EXISTS`), so readers of older dyads are unaffected.
const LATER_INDEXES: &[(&str, &str)] = &[
    (
        // Dyads by their first segments (the countries of `USA,RUS`), in
        // date order: a country dyad's timeline or last contact reads its
        // own events only, not every event of the source country. The
        // series' columns and the codes are in it too, so a timeline is
        // answered from the index alone.
        "events_dyad_country",
        "CREATE INDEX IF NOT EXISTS events_dyad_country ON events(substr(source_code, 1, 3), substr(target_code, 1, 3), day, quad_class, goldstein, num_mentions, source_code, target_code)",
    ),
    (
        // The store's coverage (earliest story date), which every
        // first-contact question checks: without it, a scan of all articles.
        "articles_story_date",
        "CREATE INDEX IF NOT EXISTS articles_story_date ON articles(story_date)",
    ),
    // Covering indexes for the groupings of the whole store (a dashboard's
    // overview): series by day, the actor network, the commonest codes
    // are read from an index alone instead of a row per event (on a
    // million events, 0.1–0.3 s each instead of 2–6 s).
    (
        "events_day_stats",
        "CREATE INDEX IF NOT EXISTS events_day_stats ON events(day, quad_class, goldstein, num_mentions)",
    ),
    (
        "events_pair_stats",
        "CREATE INDEX IF NOT EXISTS events_pair_stats ON events(source_code, target_code, quad_class, goldstein, num_mentions)",
    ),
    (
        "events_code_stats",
        "CREATE INDEX IF NOT EXISTS events_code_stats ON events(cameo, quad_class, cameo_name)",
    ),
];

const SCHEMA_MENTIONS: &str = r#"

-- The raw per-article codings: one row per event a sentence yielded.
CREATE TABLE mentions (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id),
    article_id     INTEGER NOT NULL REFERENCES articles(id),
    sentence_index INTEGER NOT NULL,
    day            INTEGER,
    date           TEXT,
    lookback       TEXT,
    source_code    TEXT,
    target_code    TEXT,
    cameo          TEXT NOT NULL,
    json           TEXT NOT NULL
) STRICT;
CREATE INDEX mentions_event ON mentions(event_id);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_lookback ON mentions(lookback) WHERE lookback IS NOT NULL;
"#;

/// Settings fixed when a store is created.
#[derive(Debug, Clone)]
pub struct CreateOptions {
    /// Events of the same dyad and code on days at most this far apart are one event.
    pub window_days: u32,
}

impl Default for CreateOptions {
    fn default() -> Self {
        CreateOptions {
            window_days: DEFAULT_WINDOW_DAYS,
        }
    }
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Articles stored.
    pub articles_added: usize,
    /// Articles already in the store (same content hash), left alone.
    pub articles_skipped: usize,
    /// Coded events (mentions) stored.
    pub mentions_added: usize,
    /// New de-duplicated events.
    pub events_created: usize,
    /// Mentions merged into an existing event.
    pub mentions_merged: usize,
    /// Events removed because re-coding left them without mentions.
    pub events_removed: usize,
}

impl std::ops::AddAssign for WriteStats {
    fn add_assign(&mut self, o: WriteStats) {
        self.articles_added += o.articles_added;
        self.articles_skipped += o.articles_skipped;
        self.mentions_added += o.mentions_added;
        self.events_created += o.events_created;
        self.mentions_merged += o.mentions_merged;
        self.events_removed += o.events_removed;
    }
}

/// An article as stored, with its row id.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    /// Row id in the `articles` table.
    pub rowid: i64,
    /// The article (its `date` is the stored story date).
    pub article: Article,
    /// Its content hash.
    pub hash: String,
}

/// The event store: one SQLite file.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    pub(crate) window: i64,
}

/// Attach the file name to SQLite errors.
pub(crate) trait At<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> At<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|e| sqlite_error(path, e))
    }
}

/// An SQLite error about `path`. Damage gets its own error, which names
/// the file and says what to do, instead of a bare "malformed".
pub(crate) fn sqlite_error(path: &Path, e: rusqlite::Error) -> StoreError {
    if is_damage(&e) {
        StoreError::Damaged {
            path: path.to_path_buf(),
            why: e.to_string(),
        }
    } else {
        StoreError::Sqlite {
            path: path.to_path_buf(),
            cause: e,
        }
    }
}

/// Whether SQLite says the file is damaged.
fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// An I/O error about `path`.
pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |cause| StoreError::Io {
        path: path.to_path_buf(),
        cause,
    }
}

/// How a store is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Queries and exports: nothing is written, not even a WAL index.
    Read,
    /// Ingest, recode: the file is checked before anything is written.
    Write,
}

/// What is at a store's path.
enum Found {
    Nothing,
    File,
}

/// What is at `path`, refusing what cannot be a store: reading a FIFO's
/// header would hang, and creating a store "at" a dangling symbolic link
/// would replace the link with a regular file.
fn found_at(path: &Path) -> Result<Found> {
    let not_a_file = |why: String| StoreError::NotAFile {
        path: path.to_path_buf(),
        why,
    };
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => return Err(io_error(path)(e)),
    };
    let meta = if meta.file_type().is_symlink() {
        match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let target = std::fs::read_link(path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_else(|_| "?".into());
                return Err(not_a_file(format!(
                    "a symbolic link to {target}, which does not exist (dyad does not replace links); fix or remove the link"
                )));
            }
            Err(e) => return Err(io_error(path)(e)),
        }
    } else {
        meta
    };
    if meta.is_file() {
        Ok(Found::File)
    } else {
        Err(not_a_file(format!(
            "{}, not a regular file",
            file_kind(&meta.file_type())
        )))
    }
}

/// A file type in words.
fn file_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "something else"
    }
}

/// What creating a store found.
enum Created {
    New,
    /// Another process created it first; its file is kept.
    AlreadyThere,
}

/// Marks the temporary files of stores being created: `NAME.creating-PID-N`.
const CREATING: &str = ".creating-";

/// A temporary name next to `path`, unique to this process and call.
fn temp_path(path: &Path) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!("{CREATING}{}-{n}", std::process::id()));
    PathBuf::from(tmp)
}

/// Remove a temporary store and the journal files SQLite may have left
/// beside it.
fn remove_temp(tmp: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut p = tmp.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Remove the temporary files of creations killed before they finished:
/// those of processes that no longer run. Another process's creation in
/// progress is left alone.
fn remove_stale_temps(path: &Path) {
    let (Some(name), Some(dir)) = (path.file_name(), path.parent()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut prefix = name.to_owned();
    prefix.push(CREATING);
    let prefix = prefix.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(prefix.as_str())) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(process_is_gone) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether no process `pid` runs. Where that cannot be known (no `/proc`),
/// the process is taken to run: a stale file left is better than a live
/// creation broken.
fn process_is_gone(pid: u32) -> bool {
    pid != std::process::id()
        && Path::new("/proc/self").exists()
        && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Put the finished temporary store at `path` unless a file is there:
/// `link()` fails when the name exists, so of two processes creating one
/// store one wins and the other keeps the winner's file (a rename would
/// replace it, and the winner's writes would be lost).
fn place(tmp: &Path, path: &Path) -> Result<Created> {
    match std::fs::hard_link(tmp, path) {
        Ok(()) => Ok(Created::New),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Created::AlreadyThere),
        Err(e) => Err(io_error(path)(e)),
    }
}

/// Write an empty store with its schema at `tmp`.
fn build_empty(tmp: &Path, opts: &CreateOptions) -> Result<()> {
    let conn = Connection::open_with_flags(
        tmp,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .at(tmp)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .at(tmp)?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)
        .at(tmp)?;
    let later: String = LATER_INDEXES
        .iter()
        .map(|(_, sql)| format!("{sql};\n"))
        .collect();
    conn.execute_batch(&format!(
        "BEGIN; {SCHEMA} {SCHEMA_MENTIONS} {later}
         INSERT INTO meta VALUES ('application', 'dyad event store');
         INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');
         INSERT INTO meta VALUES ('window_days', '{}');
         INSERT INTO meta VALUES ('created_at', '{}');
         COMMIT;",
        opts.window_days,
        now_utc()
    ))
    .at(tmp)?;
    let _: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .at(tmp)?;
    // Closing checkpoints the WAL into the file, so the linked file is
    // complete on its own.
    conn.close().map_err(|(_, e)| sqlite_error(tmp, e))
}

/// The `-wal` file beside a store.
fn wal_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

/// Whether a read-only open failed because SQLite could not create the
/// WAL index (`-shm`) beside the file: a read-only folder or mount.
fn is_read_only_place(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
    )
}

/// Whether a file can be created beside `path` (a read-only mount or a
/// folder the user cannot write says no; permission bits alone do not stop
/// root, so this tries).
fn folder_is_writable(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let probe = dir.join(format!(".dyad-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(e) => e.kind() == std::io::ErrorKind::AlreadyExists,
    }
}

/// `path` as an SQLite URI with `immutable=1`: SQLite then takes no locks
/// and creates no `-shm`, so a store on a read-only mount can be read.
/// Only used when no `-wal` exists, i.e. no write is pending.
fn immutable_uri(path: &Path) -> Result<String> {
    let abs = std::path::absolute(path).map_err(io_error(path))?;
    let mut uri = String::from("file:");
    for b in abs.as_os_str().as_encoded_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(char::from(*b))
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    Ok(uri)
}

/// Open a connection for reading: read-only, and on a read-only folder or
/// mount (where SQLite cannot create the WAL index) immutable, when no
/// write-ahead log is pending.
fn connect_for_reading(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut attempt = 0;
    let e = loop {
        let conn = Connection::open_with_flags(path, flags).at(path)?;
        // The first read is where SQLite opens the WAL index.
        let Err(e) = conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0)) else {
            return Ok(conn);
        };
        if !is_read_only_place(&e) {
            return Err(sqlite_error(path, e));
        }
        // In a writable folder this is a writer creating or removing the WAL
        // index at that moment, not a read-only place: immutable mode there
        // would read pages while they are written. Wait and try again.
        if !folder_is_writable(path) {
            break e;
        }
        attempt += 1;
        if attempt >= 100 {
            return Err(sqlite_error(path, e));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let wal = wal_path(path);
    if wal.exists() {
        return Err(StoreError::Settings {
            path: path.to_path_buf(),
            msg: format!(
                "cannot read: the folder is read-only and {} holds writes not yet folded into the database ({e}); open it once where the folder is writable (any dyad command), or copy both files to a writable folder",
                wal.display()
            ),
        });
    }
    let uri = immutable_uri(path)?;
    Connection::open_with_flags(&uri, flags | OpenFlags::SQLITE_OPEN_URI).at(path)
}

/// Open a connection for writing, refusing a damaged file before anything
/// is written to it.
fn connect_for_writing(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags).at(path)
}

/// SQLite's `quick_check`: every page and record readable, in order (not
/// the index contents). Linear in the file's size and read-only.
fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let problems = check_rows(conn, path, "PRAGMA quick_check(20)")?;
    if problems.is_empty() {
        return Ok(());
    }
    Err(StoreError::Damaged {
        path: path.to_path_buf(),
        why: format!("integrity check: {}", problems.join("; ")),
    })
}

/// The rows of an integrity-check pragma, without its "ok".
fn check_rows(conn: &Connection, path: &Path, pragma: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare(pragma).at(path)?;
    let rows = st.query_map([], |r| r.get::<_, String>(0)).at(path)?;
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>().at(path)?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

/// Clamp a row count to SQLite's `LIMIT` range: beyond `i64::MAX` SQLite
/// reads the number as a float and fails with "datatype mismatch".
pub(crate) fn sql_limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The content hash of an article: SHA-256 over every field but the id
/// (which depends on the file name it was read from), length-prefixed so
/// that no two different articles share a hash input.
pub fn article_hash(a: &Article) -> String {
    let mut h = Sha256::new();
    let date = a.date.map(|d| d.to_string());
    for field in [
        date.as_deref(),
        a.title.as_deref(),
        a.subheadline.as_deref(),
        a.summary.as_deref(),
        a.url.as_deref(),
        a.source.as_deref(),
        Some(a.body.as_str()),
    ] {
        match field {
            Some(s) => {
                h.update((s.len() as u64 + 1).to_le_bytes());
                h.update(s.as_bytes());
            }
            None => h.update(0u64.to_le_bytes()),
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Check, without SQLite and without writing, that `path` holds a dyad
/// store: the SQLite header and dyad's application id.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(io_error(path))?;
    let mut header = [0u8; 100];
    let mut n = 0;
    while n < header.len() {
        match f.read(&mut header[n..]).map_err(io_error(path))? {
            0 => break,
            k => n += k,
        }
    }
    let not_db = |why: String| StoreError::NotADatabase {
        path: path.to_path_buf(),
        why,
    };
    if n < 100 {
        return Err(not_db(format!(
            "the file is {n} bytes, shorter than an SQLite header"
        )));
    }
    if &header[..16] != b"SQLite format 3\0" {
        return Err(not_db(
            "no SQLite header: corrupt or some other kind of file".into(),
        ));
    }
    let app = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if app != APPLICATION_ID {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            why: format!("application_id is {app:#x}, dyad's is {APPLICATION_ID:#x}"),
        });
    }
    Ok(())
}

/// Seconds since the epoch as an ISO-8601 UTC timestamp.
pub(crate) fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

impl Store {
    /// Open an existing store for reading and writing. Refuses (and never
    /// modifies) a file that is not a dyad store, and a damaged one
    /// (SQLite's `quick_check`).
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, Access::Write)
    }

    /// Open an existing store read-only (queries, exports). Nothing is
    /// written; a store on a read-only folder or mount can be read.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        Self::open_with(path, Access::Read)
    }

    /// Open the store at `path`, creating it when there is no file there.
    /// The window of `opts` applies only to a new store; an existing store
    /// keeps its own (see [`Store::window_days`]). Safe against another
    /// process creating the same store at the same time: one creates it,
    /// both write to that one file.
    pub fn open_or_create(path: &Path, opts: &CreateOptions) -> Result<Store> {
        if let Found::Nothing = found_at(path)? {
            Self::create_if_absent(path, opts)?;
        }
        Self::open(path)
    }

    fn open_with(path: &Path, access: Access) -> Result<Store> {
        if let Found::Nothing = found_at(path)? {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        check_header(path)?;
        let conn = match access {
            Access::Read => connect_for_reading(path)?,
            Access::Write => connect_for_writing(path)?,
        };
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .at(path)?;
        // Read the version before anything writes: a store from a newer
        // dyad, or with a missing meta table, is refused untouched.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .at(path)?;
        let meta: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| match is_damage(&e) {
                true => sqlite_error(path, e),
                false => StoreError::Foreign {
                    path: path.to_path_buf(),
                    why: format!("no dyad meta table: {e}"),
                },
            })?;
        let meta_version = meta.and_then(|v| v.parse::<i64>().ok());
        if meta_version != Some(version) {
            return Err(StoreError::Foreign {
                path: path.to_path_buf(),
                why: format!(
                    "schema version {version} in the header but {meta_version:?} in the meta table"
                ),
            });
        }
        if version == 1 && access == Access::Write {
            migrate_1_to_2(&conn, path)?;
        } else if version != SCHEMA_VERSION && version != 1 {
            return Err(StoreError::Version {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let window: i64 = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'window_days'",
                [],
                |r| r.get::<_, String>(0),
            )
            .at(path)?
            .parse()
            .map_err(|_| StoreError::Foreign {
                path: path.to_path_buf(),
                why: "bad window_days in meta".into(),
            })?;
        if access == Access::Write {
            // Writing into a damaged file spreads the damage and hides it;
            // refuse before the first write.
            quick_check(&conn, path)?;
            // WAL: readers never block the writer, and a killed writer
            // loses at most its uncommitted batch. NORMAL sync is durable
            // against process death (the data is in the OS); only a power
            // cut may lose the last commits, never consistency.
            conn.pragma_update(None, "synchronous", "NORMAL").at(path)?;
            conn.pragma_update(None, "foreign_keys", "OFF").at(path)?;
            // Stores made before an index existed gain it on first write access.
            for (_, sql) in LATER_INDEXES {
                conn.execute_batch(sql).at(path)?;
            }
        }
        register_functions(&conn, path)?;
        // A large page cache keeps the index pages of big stores in memory;
        // beyond it every de-duplication look-up is a random read.
        conn.pragma_update(None, "cache_size", -262_144).at(path)?;
        conn.pragma_update(None, "temp_store", "MEMORY").at(path)?;
        // After `temp_store`: changing it drops temporary views.
        if version == 1 && access == Access::Read {
            conn.execute_batch(V1_VIEW).at(path)?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            window,
        })
    }

    /// Create a new, empty store; an error if a file is already at `path`.
    /// It is built under a temporary name and linked into place, so a run
    /// killed while creating leaves no half-made store behind, and of two
    /// processes creating the same store one wins and neither replaces the
    /// other's file.
    pub fn create(path: &Path, opts: &CreateOptions) -> Result<()> {
        match Self::create_if_absent(path, opts)? {
            Created::New => Ok(()),
            Created::AlreadyThere => Err(StoreError::Exists(path.to_path_buf())),
        }
    }

    fn create_if_absent(path: &Path, opts: &CreateOptions) -> Result<Created> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        remove_stale_temps(path);
        let tmp = temp_path(path);
        let placed = build_empty(&tmp, opts).and_then(|()| place(&tmp, path));
        remove_temp(&tmp);
        placed
    }

    /// SQLite's full `integrity_check` (every page, record and index
    /// entry): the problems found, none when the file is sound. Reads the
    /// whole file.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        match check_rows(&self.conn, &self.path, "PRAGMA integrity_check(100)") {
            // Some damage stops the check itself: that is its finding.
            Err(StoreError::Damaged { why, .. }) => Ok(vec![why]),
            other => other,
        }
    }

    /// Indexes this dyad would use that the file lacks (a store made by an
    /// older dyad and not opened for writing since): queries are right
    /// without them, only slower. Opening the store for writing adds them.
    pub fn missing_indexes(&self) -> Result<Vec<&'static str>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?1")
            .at(&self.path)?;
        let mut out = Vec::new();
        for (name, _) in LATER_INDEXES {
            if !st.exists([name]).at(&self.path)? {
                out.push(*name);
            }
        }
        Ok(out)
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The de-duplication window of this store, in days.
    pub fn window_days(&self) -> u32 {
        self.window as u32
    }

    /// Whether an article with this content hash is stored.
    pub fn contains_hash(&self, hash: &str) -> Result<bool> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE hash = ?1")
            .at(&self.path)?;
        st.exists([hash]).at(&self.path)
    }

    /// Store articles and their coded events in one transaction: all of
    /// the batch or none of it. Articles already stored (same content
    /// hash) are skipped with their events.
    pub fn write_batch(&mut self, items: &[(Article, Vec<Event>)]) -> Result<WriteStats> {
        let path = self.path.clone();
        let window = self.window;
        let tx = self.conn.transaction().at(&path)?;
        let mut stats = WriteStats::default();
        let mut touched = BTreeSet::new();
        let now = now_utc();
        for (article, events) in items {
            let hash = article_hash(article);
            let inserted = tx
                .prepare_cached(
                    "INSERT INTO articles (doc_id, hash, story_date, url, source, title, subheadline, summary, body, ingested_at, coded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) ON CONFLICT(hash) DO NOTHING",
                )
                .at(&path)?
                .execute(params![
                    article.id,
                    hash,
                    article.date.map(|d| d.to_string()),
                    article.url,
                    article.source,
                    article.title,
                    article.subheadline,
                    article.summary,
                    article.body,
                    now
                ])
                .at(&path)?;
            if inserted == 0 {
                stats.articles_skipped += 1;
                continue;
            }
            let rowid = tx.last_insert_rowid();
            tx.prepare_cached("INSERT INTO articles_fts (rowid, title, subheadline, summary, body) VALUES (?1, ?2, ?3, ?4, ?5)")
                .at(&path)?
                .execute(params![rowid, article.title, article.subheadline, article.summary, article.body])
                .at(&path)?;
            stats.articles_added += 1;
            for e in events {
                insert_mention(
                    &tx,
                    &path,
                    window,
                    rowid,
                    article.date,
                    e,
                    &now,
                    &mut touched,
                    &mut stats,
                )?;
            }
        }
        recount(&tx, &path, &touched)?;
        tx.commit().at(&path)?;
        Ok(stats)
    }

    /// Replace the events of stored articles (after re-coding), each
    /// article's old events removed and new ones added in one transaction
    /// for the whole batch. De-duplicated events left without mentions are
    /// deleted; the others are recounted.
    pub fn replace_events(&mut self, items: &[(i64, Vec<Event>)]) -> Result<WriteStats> {
        let path = self.path.clone();
        let window = self.window;
        let tx = self.conn.transaction().at(&path)?;
        let mut stats = WriteStats::default();
        let mut touched = BTreeSet::new();
        let now = now_utc();
        for (rowid, events) in items {
            let story: Option<String> = tx
                .query_row(
                    "SELECT story_date FROM articles WHERE id = ?1",
                    [rowid],
                    |r| r.get(0),
                )
                .optional()
                .at(&path)?
                .ok_or_else(|| StoreError::Query(format!("no article with row id {rowid}")))?;
            let story = story.and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
            {
                let mut st = tx
                    .prepare_cached("SELECT DISTINCT event_id FROM mentions WHERE article_id = ?1")
                    .at(&path)?;
                let ids = st.query_map([rowid], |r| r.get::<_, i64>(0)).at(&path)?;
                for id in ids {
                    touched.insert(id.at(&path)?);
                }
            }
            tx.execute("DELETE FROM mentions WHERE article_id = ?1", [rowid])
                .at(&path)?;
            tx.execute(
                "UPDATE articles SET coded_at = ?2 WHERE id = ?1",
                params![rowid, now],
            )
            .at(&path)?;
            for e in events {
                insert_mention(
                    &tx,
                    &path,
                    window,
                    *rowid,
                    story,
                    e,
                    &now,
                    &mut touched,
                    &mut stats,
                )?;
            }
        }
        recount(&tx, &path, &touched)?;
        stats.events_removed = tx
            .execute("DELETE FROM events WHERE num_mentions = 0", [])
            .at(&path)?;
        tx.commit().at(&path)?;
        Ok(stats)
    }

    /// Every stored article, in storage order (for re-coding).
    pub fn articles(&self) -> Result<Vec<StoredArticle>> {
        let mut st = self
            .conn
            .prepare("SELECT id, doc_id, hash, story_date, url, source, title, subheadline, summary, body FROM articles ORDER BY id")
            .at(&self.path)?;
        let rows = st
            .query_map([], |r| {
                let date: Option<String> = r.get(3)?;
                Ok(StoredArticle {
                    rowid: r.get(0)?,
                    hash: r.get(2)?,
                    article: Article {
                        id: r.get(1)?,
                        date: date
                            .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                        url: r.get(4)?,
                        source: r.get(5)?,
                        title: r.get(6)?,
                        subheadline: r.get(7)?,
                        summary: r.get(8)?,
                        body: r.get(9)?,
                    },
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)
    }

    /// Run `PRAGMA optimize` (keeps the query planner's statistics fresh
    /// after large writes).
    pub fn optimize(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA optimize;").at(&self.path)
    }
}

/// Adds the version-2 columns to a version-1 store, in one transaction
/// (checked first, like every write).
fn migrate_1_to_2(conn: &Connection, path: &Path) -> Result<()> {
    quick_check(conn, path)?;
    conn.execute_batch(&format!(
        "BEGIN IMMEDIATE; {MIGRATE_1_TO_2}
         UPDATE meta SET value = '2' WHERE key = 'schema_version';
         PRAGMA user_version = 2;
         COMMIT;"
    ))
    .map_err(|e| {
        let _ = conn.execute_batch("ROLLBACK");
        sqlite_error(path, e)
    })
}

/// SQL functions dyad's queries use: `dyad_km(lat1, lon1, lat2, lon2)`,
/// the great-circle distance in km (null when a coordinate is).
fn register_functions(conn: &Connection, path: &Path) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "dyad_km",
        4,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let mut v = [0.0f64; 4];
            for (i, x) in v.iter_mut().enumerate() {
                match ctx.get::<Option<f64>>(i)? {
                    Some(f) => *x = f,
                    None => return Ok(None),
                }
            }
            Ok(Some(distance_km(v[0], v[1], v[2], v[3])))
        },
    )
    .at(path)
}

/// Great-circle distance in kilometres (haversine, mean Earth radius).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

/// Store one coded event of an article: find the de-duplicated event it
/// reports (same source, target and CAMEO code, dates within the window,
/// same date precision) or start a new one.
#[allow(clippy::too_many_arguments)]
fn insert_mention(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    window: i64,
    article: i64,
    story: Option<chrono::NaiveDate>,
    e: &Event,
    now: &str,
    touched: &mut BTreeSet<i64>,
    stats: &mut WriteStats,
) -> Result<()> {
    let source = e.source.code.clone().unwrap_or_default();
    let target = e
        .target
        .as_ref()
        .and_then(|t| t.code.clone())
        .unwrap_or_default();
    // The event's own date when the text gives one, else the story date.
    // The event's own date when the text gives one (its first day for
    // weeks, seasons, ranges), else the story date.
    let day: Option<Day> = e
        .date
        .value
        .as_deref()
        .and_then(day_of_value)
        .or_else(|| {
            let start = e.date.start?;
            Some(Day {
                day: crate::day::day_number(start),
                value: e.date.value.clone()?,
                precision: e.date.precision.clone().unwrap_or_else(|| "other".into()),
            })
        })
        .or_else(|| e.story_date.or(story).map(Day::of_date));
    let existing: Option<i64> = match &day {
        // Unknown actors or dates never merge: "someone did something"
        // in two articles is not evidence of one event.
        Some(d) if !source.is_empty() => tx
            .prepare_cached(
                "SELECT id FROM events
                 WHERE source_code = ?1 AND target_code = ?2 AND cameo = ?3
                   AND day BETWEEN ?4 - ?5 AND ?4 + ?5 AND precision = ?6
                 ORDER BY abs(day - ?4), id LIMIT 1",
            )
            .at(path)?
            .query_row(
                params![source, target, e.cameo, d.day, window, d.precision],
                |r| r.get(0),
            )
            .optional()
            .at(path)?,
        _ => None,
    };
    let loc = e.location.as_ref();
    let event_id = match existing {
        Some(id) => {
            stats.mentions_merged += 1;
            // The first mention that places the event places it.
            if let Some(l) = loc {
                tx.prepare_cached(
                    "UPDATE events SET geo_name = ?2, geo_country = ?3, geo_adm1 = ?4, geo_lat = ?5,
                        geo_lon = ?6, geo_id = ?7, geo_precision = ?8
                     WHERE id = ?1 AND geo_name IS NULL",
                )
                .at(path)?
                .execute(params![
                    id,
                    l.name,
                    l.country,
                    l.adm1,
                    l.lat,
                    l.lon,
                    l.geonames_id.map(|i| i as i64),
                    l.precision
                ])
                .at(path)?;
            }
            id
        }
        None => {
            let sp = ActorParts::of(&source);
            let tp = ActorParts::of(&target);
            tx.prepare_cached(
                "INSERT INTO events (day, date, precision, source_code, source_name, source_country, source_roles,
                    target_code, target_name, target_country, target_roles, cameo, cameo_name, root, quad_class,
                    goldstein, plover_type, plover_mode, num_mentions, num_sources, num_articles, first_article, added_at,
                    geo_name, geo_country, geo_adm1, geo_lat, geo_lon, geo_id, geo_precision)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 0, 0, 0, ?19, ?20,
                    ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
            )
            .at(path)?
            .execute(params![
                day.as_ref().map(|d| d.day),
                day.as_ref().map(|d| d.value.clone()),
                day.as_ref().map_or("unknown", |d| d.precision.as_str()),
                source,
                e.source.text,
                sp.country,
                sp.roles.join(" "),
                target,
                e.target.as_ref().map(|t| t.text.as_str()).unwrap_or(""),
                tp.country,
                tp.roles.join(" "),
                e.cameo,
                // A code the ontology does not know (a custom codebook's)
                // is stored with an empty name, QuadClass 0 and Goldstein 0.
                e.cameo_name.as_deref().unwrap_or(""),
                e.cameo.get(..2).unwrap_or(&e.cameo),
                e.quad_class.unwrap_or(0),
                e.goldstein.unwrap_or(0.0) as f64,
                e.plover.as_ref().map(|p| p.event_type.as_str()),
                e.plover.as_ref().and_then(|p| p.mode.as_deref()),
                article,
                now,
                loc.map(|l| l.name.as_str()),
                loc.map(|l| l.country.as_str()),
                loc.and_then(|l| l.adm1.as_deref()),
                loc.map(|l| l.lat),
                loc.map(|l| l.lon),
                loc.and_then(|l| l.geonames_id).map(|i| i as i64),
                loc.map(|l| l.precision.as_str()),
            ])
            .at(path)?;
            stats.events_created += 1;
            tx.last_insert_rowid()
        }
    };
    touched.insert(event_id);
    let json = serde_json::to_string(e)
        .map_err(|err| StoreError::Query(format!("cannot serialise event: {err}")))?;
    tx.prepare_cached(
        "INSERT INTO mentions (event_id, article_id, sentence_index, day, date, lookback, source_code, target_code, cameo, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .at(path)?
    .execute(params![
        event_id,
        article,
        e.sentence_index as i64,
        day.as_ref().map(|d| d.day),
        e.date.value,
        e.date.lookback,
        e.source.code,
        e.target.as_ref().and_then(|t| t.code.clone()),
        e.cameo,
        json
    ])
    .at(path)?;
    stats.mentions_added += 1;
    Ok(())
}

/// Recompute the GDELT-style counts of the events a write touched.
/// Sources are outlets (the article's `source`); an article without one
/// counts as its own source.
fn recount(tx: &rusqlite::Transaction<'_>, path: &Path, ids: &BTreeSet<i64>) -> Result<()> {
    let mut st = tx
        .prepare_cached(
            "UPDATE events SET
                num_mentions = (SELECT count(*) FROM mentions WHERE event_id = ?1),
                num_articles = (SELECT count(DISTINCT article_id) FROM mentions WHERE event_id = ?1),
                num_sources  = (SELECT count(DISTINCT coalesce(a.source, 'article:' || a.id))
                                FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_id = ?1)
             WHERE id = ?1",
        )
        .at(path)?;
    for id in ids {
        st.execute([id]).at(path)?;
    }
    Ok(())
}
