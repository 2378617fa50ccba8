//! Tests of the history module: the diff engine on text, and the walks on repositories
//! built with git2 in a temporary directory (fixed author and clock).

mod fielddiff;
mod walk;
