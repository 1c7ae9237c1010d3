//! What leaves the dossier beside its pages: the [`search`] index, the
//! [`feeds`], and the single-file [`bundle`]. Each turns the resolved site or
//! the rendered files into more files; none writes to disk but the bundle's
//! one target file.

pub mod bundle;
pub mod feeds;
pub mod search;
