//! sea-orm entities, one file per table (product.md section 3).

pub mod admin_token;
pub mod audit_log;
pub mod change;
pub mod customer;
pub mod customer_token;
pub mod download_counter;
pub mod download_event;
pub mod event;
pub mod frozen_version;
pub mod grant;
pub mod job;
pub mod package;
pub mod package_version;
pub mod proxy_alert;
pub mod proxy_cache;
pub mod proxy_frozen;
pub mod proxy_upstream;
pub mod rate_count;
pub mod render_state;
pub mod security_advisory;
pub mod server;
pub mod tenant;
pub mod tenant_bandwidth;
pub mod tenant_domain;
pub mod ui_session;
