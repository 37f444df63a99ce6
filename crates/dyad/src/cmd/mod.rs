//! One module per subcommand.

pub mod actor;
pub mod analyze;
pub mod model;
