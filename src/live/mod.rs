//! Working on a dossier while it is open in a browser: [`watch`] turns file
//! events into rebuilds through the pipeline's `Builder`, [`serve`] serves
//! the output folder on loopback with live reload. Neither knows how a page
//! is made.

mod http;
mod hub;
mod poll;
pub mod serve;
pub mod watch;
