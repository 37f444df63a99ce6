//! dyad-kb: what dyad knows about the world — the CAMEO/PLOVER ontology,
//! actor dictionaries with date windows, and actor resolution.
//!
//! ```no_run
//! use dyad_kb::{Date, KnowledgeBase};
//! let kb = KnowledgeBase::builtin().unwrap();
//! let r = kb.resolve("Russian troops", None, Date::from_ymd_opt(2024, 3, 1).unwrap());
//! assert_eq!(r.code.as_deref(), Some("RUSMIL"));
//! ```

#![warn(missing_docs)]

pub mod date;
pub mod dict;
pub mod error;
pub mod eval;
pub mod kb;
pub mod norm;
pub mod ontology;
pub mod petrarch;
pub mod resolve;

pub use date::{parse_date, parse_user_date, Bound, Date};
pub use dict::{CodeWindow, Entry, EntryKind, Form, Hit};
pub use error::{BadLine, KbError, LoadMode, Result, LENIENT_HINT};
pub use kb::{CodeAt, DictFormat, KbBuilder, KnowledgeBase, Match};
pub use ontology::{EventType, Ontology, PloverType, QuadConvention, SegmentKind};
pub use resolve::{Alternative, ArticleContext, Resolution};
