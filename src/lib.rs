//! dossier: a static site generator for briefing dossiers.
//!
//! The source tree is the pipeline, one folder per stage, each using only
//! the stages before it:
//!
//! `config` → [`load`] (discover, front matter, parse) → [`resolve`] (the
//! `Site`, texts, cross-references, checks) → [`render`] (pages through the
//! theme) → [`share`] (search, feeds, bundle) → [`write`] (the only writer),
//! driven by [`pipeline`]; [`live`] watches and serves, [`import`] turns
//! web pages into sources. `ARCHITECTURE.md` draws it.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod config;
pub mod diagnostics;
pub mod import;
pub mod live;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod share;
pub mod urls;
pub mod write;

pub use diagnostics::Failure;
pub use pipeline::{build, compile, validate, Compiled};
