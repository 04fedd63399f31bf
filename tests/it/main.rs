//! Integration tests: the real binary and the service layer on SQLite and PostgreSQL,
//! and the HTTP server on a loopback port.

mod support;

mod api;
mod automation;
mod bounded_sync;
mod browser_smoke;
mod cli_admin;
mod cli_customers;
mod cli_misc;
mod cli_terminal;
mod cli_tokens;
mod cluster;
mod composer_e2e;
mod composer_harness;
mod composer_http;
mod crash;
mod db_outage;
mod edge;
mod git_archive;
mod graphql;
mod jobs;
mod metrics;
mod preview;
mod propagation;
mod proxy;
mod proxy_admin;
mod semver_conformance;
mod serve;
mod storage;
mod sync;
mod tenancy;
mod tenant_fairness;
mod tenants_admin;
mod ui_browser;
mod ui_customers;
mod ui_pages;
mod ui_portal;
mod ui_session;
mod url_policy;
