//! A customer's grants: saving and revoking, and the preview of a grant change before it
//! is saved (which versions appear, disappear or stay), as a fragment for the live
//! preview and as a page of its own for browsers without script.

use askama::Template;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Request, Response, handler};
use serde::Deserialize;

use super::view::{Reason, reason};
use super::{Errors, Forms, back, detail_page, form_error};
use crate::domain::customer::CustomerStatus;
use crate::http::ui::page::{Chrome, FormError, Nav, done, ok, render};
use crate::http::ui::session::{Admin, Posted};
use crate::service::ServiceError;
use crate::service::preview::{GrantPreview, VersionChange};

const GRANT_FIELDS: &[&str] = &["package", "constraint"];

/// The grant form: a package and a Composer constraint (empty: `*`).
#[derive(Deserialize, Default)]
pub struct GrantForm {
    #[serde(default)]
    pub package: String,
    #[serde(default)]
    pub constraint: String,
}

impl GrantForm {
    fn constraint(&self) -> &str {
        match self.constraint.trim() {
            "" => "*",
            c => c,
        }
    }

    fn checked_package(&self) -> Result<&str, ServiceError> {
        match self.package.trim() {
            "" => Err(ServiceError::field("package", "choose a package to grant")),
            p => Ok(p),
        }
    }
}

#[handler]
pub async fn save(
    req: &Request,
    Path(id): Path<String>,
    posted: Posted<Admin, GrantForm>,
) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    let saved = match form.checked_package() {
        Ok(package) => {
            let constraint = Some(form.constraint());
            let g = admin.services().grants();
            g.grant(&admin.ctx, &id, package, constraint).await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(g) => done(
            req,
            &back(&id),
            &format!("{} granted with constraint {}.", g.package, g.constraint),
        ),
        Err(e) => match form_error(e, "grant", GRANT_FIELDS) {
            Ok(errors) => {
                let f = Forms {
                    package: form.package.trim().to_string(),
                    constraint: form.constraint,
                    ..Forms::default()
                };
                detail_page(
                    &admin,
                    req,
                    &id,
                    f,
                    errors,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            Err(resp) => *resp,
        },
    }
}

#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    package: String,
}

#[handler]
pub async fn revoke(
    req: &Request,
    Path(id): Path<String>,
    posted: Posted<Admin, RevokeForm>,
) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    let g = admin.services().grants();
    match g.revoke(&admin.ctx, &id, form.package.trim()).await {
        Ok(g) => done(
            req,
            &back(&id),
            &format!("{} revoked: the customer no longer sees it.", g.package),
        ),
        Err(e) => match form_error(e, "grants", &[]) {
            Ok(errors) => {
                detail_page(
                    &admin,
                    req,
                    &id,
                    Forms::default(),
                    errors,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            Err(resp) => *resp,
        },
    }
}

/// One version of the preview.
pub struct PreviewRow {
    pub version: String,
    /// `appears`, `disappears` or `unchanged`.
    pub change: &'static str,
    pub visible_now: bool,
    pub visible_after: bool,
    pub reasons: Vec<Reason>,
}

/// What the preview fragment shows: the versions, a prompt (nothing to preview yet) or
/// the error of the constraint.
#[derive(Default)]
pub struct PreviewData {
    pub prompt: Option<String>,
    pub error: Option<String>,
    pub package: String,
    pub current: Option<String>,
    pub proposed: String,
    pub appearing: u64,
    pub disappearing: u64,
    pub visible_now: u64,
    pub visible_after: u64,
    /// Why the constraint changes nothing the customer sees now (suspended, frozen).
    pub note: Option<String>,
    pub rows: Vec<PreviewRow>,
}

impl PreviewData {
    fn of(p: GrantPreview) -> Self {
        let status = p.status;
        let note = match status {
            CustomerStatus::Suspended | CustomerStatus::Expired => Some(format!(
                "The customer is {status}: it sees nothing, whatever the constraint, until it is reactivated."
            )),
            CustomerStatus::Frozen => Some(
                "The customer is frozen: it keeps seeing exactly its frozen versions, whatever the constraint."
                    .to_string(),
            ),
            CustomerStatus::Active => None,
        };
        let rows = p
            .versions
            .into_iter()
            .map(|v| PreviewRow {
                change: match v.change {
                    VersionChange::Appears => "appears",
                    VersionChange::Disappears => "disappears",
                    VersionChange::Unchanged => "unchanged",
                },
                reasons: v
                    .reasons
                    .iter()
                    .map(|r| reason(*r, &p.proposed_constraint, status))
                    .collect(),
                version: v.version,
                visible_now: v.visible_now,
                visible_after: v.visible_after,
            })
            .collect();
        Self {
            prompt: None,
            error: None,
            package: p.package,
            current: p.current_constraint,
            proposed: p.proposed_constraint,
            appearing: p.appearing,
            disappearing: p.disappearing,
            visible_now: p.visible_now,
            visible_after: p.visible_after,
            note,
            rows,
        }
    }
}

/// The preview of `form` for customer `id`: the data, and the form's error (a
/// constraint or package the grant would refuse).
async fn preview_of(
    admin: &Admin,
    id: &str,
    form: &GrantForm,
) -> Result<(PreviewData, Option<FormError>), Response> {
    let package = match form.checked_package() {
        Ok(p) => p,
        Err(_) => {
            let data = PreviewData {
                prompt: Some(
                    "Choose a package to see which of its versions the constraint gives."
                        .to_string(),
                ),
                ..PreviewData::default()
            };
            return Ok((data, None));
        }
    };
    let p = admin.services().preview();
    let found = p
        .preview_grant(&admin.ctx, id, package, form.constraint(), None)
        .await;
    match found {
        Ok(p) => Ok((PreviewData::of(p), None)),
        Err(e) => {
            let error = FormError::from_service(e)?;
            let data = PreviewData {
                error: Some(error.message.clone()),
                package: package.to_string(),
                ..PreviewData::default()
            };
            Ok((data, Some(error)))
        }
    }
}

#[derive(Template)]
#[template(path = "ui/customer_preview.html")]
struct Fragment {
    preview: PreviewData,
}

/// `GET /customers/:id/preview?package=…&constraint=…`: the live preview's fragment (no
/// layout). A constraint the grant would refuse shows its message.
#[handler]
pub async fn fragment(admin: Admin, req: &Request, Path(id): Path<String>) -> Response {
    let form = req.params::<GrantForm>().unwrap_or_default();
    match preview_of(&admin, &id, &form).await {
        Ok((preview, _)) => render(&Fragment { preview }, StatusCode::OK),
        Err(resp) => resp,
    }
}

#[derive(Template)]
#[template(path = "ui/customer_grant_preview.html")]
struct PreviewPage {
    chrome: Chrome,
    /// The customer's page.
    base: String,
    package: String,
    constraint: String,
    preview: PreviewData,
    errors: Errors,
}

async fn full_page(admin: &Admin, req: &Request, id: String, form: GrantForm) -> Response {
    let (preview, error) = match preview_of(admin, &id, &form).await {
        Ok(found) => found,
        Err(resp) => return resp,
    };
    let title = format!("Grant preview: {}", form.package.trim());
    let mut page = PreviewPage {
        chrome: Chrome::admin(admin, title, Nav::Customers),
        base: back(&id),
        package: form.package.trim().to_string(),
        constraint: form.constraint,
        preview,
        errors: Errors::default(),
    };
    match error {
        None => ok(&page, &page.chrome, req),
        Some(e) => {
            page.errors = Errors::of("grant", GRANT_FIELDS, e);
            page.chrome.flash = None;
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

/// `GET /customers/:id/grant-preview?package=…&constraint=…`: the preview as a page,
/// with the form to save the grant.
#[handler]
pub async fn full(admin: Admin, req: &Request, Path(id): Path<String>) -> Response {
    let form = req.params::<GrantForm>().unwrap_or_default();
    full_page(&admin, req, id, form).await
}

/// The "Preview" button of the grant form (browsers without script): the form is
/// posted, so its anti-forgery token never lands in a URL. Changes nothing.
#[handler]
pub async fn full_posted(
    req: &Request,
    Path(id): Path<String>,
    posted: Posted<Admin, GrantForm>,
) -> Response {
    full_page(&posted.session, req, id, posted.form).await
}
