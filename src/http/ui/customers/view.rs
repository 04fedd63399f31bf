//! "View as customer": every version of every granted package, visible or hidden, and
//! why hidden in plain words; optionally as one of the customer's tokens sees it.

use askama::Template;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Request, Response, handler};
use serde::Deserialize;

use super::{Errors, badge, form_error};
use crate::domain::customer::CustomerStatus;
use crate::http::ui::page::{Chrome, Nav, ok, render, service_failure};
use crate::http::ui::session::Admin;
use crate::service::composer::access::HiddenReason;
use crate::service::customers::ViewAs;

/// Why a version is hidden: a stable code (as the APIs spell it) and plain words.
pub struct Reason {
    pub code: &'static str,
    pub text: String,
}

/// `r` in plain words, for a grant of `constraint` to a customer whose status is
/// `status`.
pub fn reason(r: HiddenReason, constraint: &str, status: CustomerStatus) -> Reason {
    let (code, text) = match r {
        HiddenReason::CustomerStatus => ("customer_status", format!("customer is {status}")),
        HiddenReason::TokenGlob => (
            "token_glob",
            "the token's package globs exclude it".to_string(),
        ),
        HiddenReason::Yanked => ("yanked", "yanked".to_string()),
        HiddenReason::Frozen => ("frozen", "not among the frozen versions".to_string()),
        HiddenReason::OutsideConstraint => (
            "outside_constraint",
            format!("outside the constraint {constraint}"),
        ),
        HiddenReason::BranchNotMatched => (
            "branch_not_matched",
            format!("dev branch not matched by the constraint {constraint}"),
        ),
    };
    Reason { code, text }
}

pub struct VersionRow {
    pub version: String,
    pub visible: bool,
    pub dev: bool,
    pub reasons: Vec<Reason>,
}

pub struct PackageRows {
    pub package: String,
    pub constraint: String,
    pub visible: u64,
    pub versions: Vec<VersionRow>,
}

pub struct TokenOption {
    pub id: i64,
    pub label: String,
}

#[derive(Template)]
#[template(path = "ui/customer_view.html")]
struct ViewPage {
    chrome: Chrome,
    id: i64,
    name: String,
    status: &'static str,
    badge: &'static str,
    status_reason: Option<String>,
    token: Option<i64>,
    tokens: Vec<TokenOption>,
    packages: Vec<PackageRows>,
    errors: Errors,
}

impl ViewPage {
    fn chosen(&self, id: &i64) -> bool {
        self.token == Some(*id)
    }
}

#[derive(Deserialize, Default)]
struct ViewQuery {
    #[serde(default)]
    token: String,
}

fn page_of(admin: &Admin, v: ViewAs, errors: Errors) -> ViewPage {
    let ViewAs { view, tokens } = v;
    let status = view.status;
    let packages = view
        .packages
        .into_iter()
        .map(|p| PackageRows {
            versions: p
                .versions
                .into_iter()
                .map(|v| VersionRow {
                    reasons: v
                        .reasons
                        .iter()
                        .map(|r| reason(*r, &p.constraint, status))
                        .collect(),
                    version: v.version,
                    visible: v.visible,
                    dev: v.dev,
                })
                .collect(),
            package: p.package,
            constraint: p.constraint,
            visible: p.visible,
        })
        .collect();
    // Short labels: a select is as wide as its longest option, and must fit a phone.
    let tokens = tokens
        .into_iter()
        .map(|t| {
            let mut label = format!("{} ({}…)", t.name.as_deref().unwrap_or("unnamed"), t.prefix);
            if !t.package_globs.is_empty() {
                label.push_str(&format!(" only {}", t.package_globs.join(" ")));
            }
            if label.chars().count() > 40 {
                label = format!("{}…", label.chars().take(39).collect::<String>());
            }
            TokenOption { id: t.id, label }
        })
        .collect();
    ViewPage {
        chrome: Chrome::admin(
            admin,
            format!("{} as the customer sees it", view.customer),
            Nav::Customers,
        ),
        id: view.customer_id,
        name: view.customer,
        status: status.as_str(),
        badge: badge(status),
        status_reason: view.status_reason,
        token: view.token_id,
        tokens,
        packages,
        errors,
    }
}

#[handler]
pub async fn show(admin: Admin, req: &Request, Path(id): Path<String>) -> Response {
    let query = req.params::<ViewQuery>().unwrap_or_default();
    let token = query.token.trim();
    // Anything but a token id: the view of any token.
    let token = token.parse::<i64>().ok();
    let previews = admin.services().customers();
    match previews.view_as(&admin.ctx, &id, token).await {
        Ok(v) => {
            let page = page_of(&admin, v, Errors::default());
            ok(&page, &page.chrome, req)
        }
        // A token that is not the customer's or not usable: say so next to the select,
        // with the view of any token.
        Err(e) if token.is_some() && e.field_name() == Some("token_id") => {
            let errors = match form_error(e, "view", &["token_id"]) {
                Ok(errors) => errors,
                Err(resp) => return *resp,
            };
            match previews.view_as(&admin.ctx, &id, None).await {
                Ok(v) => {
                    let mut page = page_of(&admin, v, errors);
                    page.chrome.flash = None;
                    render(&page, StatusCode::UNPROCESSABLE_ENTITY)
                }
                Err(e) => service_failure(&e),
            }
        }
        Err(e) => service_failure(&e),
    }
}
