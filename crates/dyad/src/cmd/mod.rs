//! One module per subcommand; `common` holds what several share.

pub mod actor;
pub mod analyze;
pub mod bench;
pub mod bench_code;
pub mod bench_length;
pub mod code;
pub mod common;
pub mod eval;
pub mod events;
pub mod explain;
pub mod export;
pub mod first_contact;
pub mod geo;
pub mod ingest;
pub mod last_contact;
pub mod model;
pub mod parity;
pub mod recode;
pub mod search;
pub mod serve;
pub mod stats;
pub mod timeline;
pub mod ud_eval;
pub mod when;
