//! dyad-kb: what dyad knows about the world — the CAMEO/PLOVER ontology,
//! actor dictionaries with date windows, and actor resolution.
//!
//! Everything here is data, not code: the ontology and the dictionaries are
//! text files embedded at build time (`data/`), and a user's files are added
//! as layers above them, so a user's entry wins over a built-in one.
//!
//! # Types
//!
//! - [`Ontology`]: CAMEO event codes ([`EventType`]: name, Goldstein score,
//!   QuadClass, PLOVER type) and the segments of actor codes.
//! - [`KbBuilder`] loads dictionaries — dyad's own formats and PETRARCH's
//!   ([`DictFormat`]) — into [`Entry`]s, each with its [`CodeWindow`]s: the
//!   codes an actor held and the dates it held them. Malformed lines are
//!   [`BadLine`]s naming file and line; [`LoadMode`] says whether they fail
//!   the load or are skipped.
//! - [`KnowledgeBase`] indexes the entries by normalised name and answers
//!   [`KnowledgeBase::resolve`]: a phrase and a date in, a [`Resolution`]
//!   out — the actor code, its parts, other readings, and the reason.
//!
//! ```
//! use dyad_kb::{Date, DictFormat, KnowledgeBase};
//!
//! // Built-in countries, organisations and agents, plus a user file.
//! let mut b = KnowledgeBase::builder().builtin_core().unwrap();
//! let people = "Jane Example\n    ARGGOV 2020-01-01 2021-12-31 Foreign Minister\n";
//! b.add_text(DictFormat::People, "my_people.txt", people).unwrap();
//! let kb = b.build();
//!
//! let date = |y, m, d| Date::from_ymd_opt(y, m, d).unwrap();
//! let r = kb.resolve("Russian troops", None, date(2024, 3, 1));
//! assert_eq!(r.code.as_deref(), Some("RUSMIL"));
//! // Date windows: the same person, in office and not.
//! let r = kb.resolve("Jane Example", None, date(2021, 6, 1));
//! assert_eq!(r.code.as_deref(), Some("ARGGOV"));
//! // After the window she is a former office-holder (ELI, "elite").
//! let r = kb.resolve("Jane Example", None, date(2023, 6, 1));
//! assert_eq!(r.code.as_deref(), Some("ARGELI"));
//!
//! let consult = kb.ontology().event("040").unwrap();
//! assert_eq!((consult.root.as_str(), consult.quad_class), ("04", 1));
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
/// The built-in country dictionary's text (`data/actors/countries.txt`), for
/// readers of its country names and places (the geocoder).
pub use kb::COUNTRIES as BUILTIN_COUNTRIES;
pub use kb::{CodeAt, DictFormat, KbBuilder, KnowledgeBase, Match};
pub use ontology::{EventType, Ontology, PloverType, QuadConvention, SegmentKind};
pub use resolve::{Alternative, ArticleContext, Resolution};
