//! kam: key account management on a git repository of TOML files.
pub mod generate;
pub mod value;
