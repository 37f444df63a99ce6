//! One module per subcommand.

pub mod actor;
pub mod analyze;
pub mod bench;
pub mod model;
pub mod parity;
pub mod ud_eval;
pub mod when;
