//! Newtypes and pure rules of the registry. Nothing in here does I/O.

pub mod customer;
pub mod glob;
pub mod package_name;
pub mod semver;
pub mod tenant;
pub mod time;
pub mod token;
pub mod vcs;
pub mod webhook;
