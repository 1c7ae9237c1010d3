//! What leaves the dossier beside its pages: the [`search`] index, the
//! [`feeds`], the single-file [`bundle`] and the [`export`]s for other
//! tools. Each turns the resolved site or the rendered files into more
//! files; none writes to disk but the bundle's one target file.

pub mod bundle;
pub mod export;
pub mod feeds;
pub mod search;
