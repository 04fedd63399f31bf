//! cargoman: a private Composer (PHP) package registry in one binary.
//!
//! The module tree is exposed as a library so that `tests/` and benchmarks drive the
//! same service layer as the binary.

pub mod archive;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod domain;
/// Entry points for the fuzz targets in `fuzz/`; not an API.
#[doc(hidden)]
pub mod fuzzing;
pub mod git;
pub mod http;
pub mod logging;
pub mod memory;
pub mod metrics;
pub mod service;
pub mod storage;
pub mod tasks;
pub mod ui;
