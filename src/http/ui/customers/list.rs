//! `/customers`: the list with search, status filter and pages, and the "Add customer"
//! form.

use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};
use poem::http::StatusCode;
use poem::{Request, Response, handler};
use serde::Deserialize;

use super::{Errors, badge, customer_url, form_error, optional, status_note};
use crate::domain::customer::CustomerStatus;
use crate::http::ui::page::{
    Chrome, Nav, Pager, done, filter_base, maybe_date, ok, page_number, render, service_failure,
};
use crate::http::ui::session::{Admin, Posted};
use crate::service::ServiceError;
use crate::service::customers::{Customer, CustomerFilter, NewCustomer};
use crate::service::page::PageRequest;

/// Customers per page of the list.
const PER_PAGE: u64 = 50;
/// One customer of the list.
pub struct Row {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub external_id: String,
    pub status: &'static str,
    pub badge: &'static str,
    pub note: String,
    pub expires: String,
}

impl Row {
    fn of(c: Customer) -> Self {
        Self {
            note: status_note(&c).unwrap_or_default(),
            id: c.id,
            status: c.status.as_str(),
            badge: badge(c.status),
            expires: maybe_date(&c.expires_at),
            name: c.name,
            email: c.email.unwrap_or_default(),
            external_id: c.external_id.unwrap_or_default(),
        }
    }
}

/// What the "Add customer" form holds.
#[derive(Deserialize, Default)]
pub struct NewForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub external_id: String,
    #[serde(default)]
    pub expires_at: String,
}

const NEW_FIELDS: &[&str] = &["name", "email", "external_id", "expires_at"];

#[derive(Template)]
#[template(path = "ui/customers.html")]
struct ListPage {
    chrome: Chrome,
    q: String,
    status: String,
    statuses: [&'static str; 4],
    rows: Vec<Row>,
    pager: Pager,
    new: NewForm,
    errors: Errors,
}

impl ListPage {
    /// Whether the status filter is `status`.
    fn is(&self, status: &str) -> bool {
        self.status == status
    }
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: String,
}

/// The list page with `query`'s filters; `new`/`errors`: the "Add customer" form.
async fn list_page(
    admin: &Admin,
    req: &Request,
    query: ListQuery,
    new: NewForm,
    errors: Errors,
    status_code: StatusCode,
) -> Response {
    let status = CustomerStatus::parse(&query.status).ok();
    let filter = CustomerFilter {
        status,
        search: Some(query.q.trim().to_string()).filter(|q| !q.is_empty()),
    };
    // Nonsense ("zero") is the first page, not an error.
    let page = page_number(query.page.trim().parse::<u64>().ok());
    let paging = PageRequest {
        page,
        per_page: Some(PER_PAGE),
    };
    let found = match admin
        .services()
        .customers()
        .page(&admin.ctx, &filter, paging)
        .await
    {
        Ok(p) => p,
        Err(e) => return service_failure(&e),
    };
    let status_text = status.map(|s| s.as_str()).unwrap_or("");
    let q = query.q.trim().to_string();
    let mut chrome = Chrome::admin(admin, "Customers", Nav::Customers);
    if status_code != StatusCode::OK {
        chrome.flash = None;
    }
    let page = ListPage {
        chrome,
        pager: Pager::new(
            &found.pagination,
            &filter_base("/customers", &[("q", &q), ("status", status_text)]),
            "customers",
        ),
        q,
        status: status_text.to_string(),
        statuses: CustomerStatus::ALL.map(|s| s.as_str()),
        rows: found.data.into_iter().map(Row::of).collect(),
        new,
        errors,
    };
    if status_code == StatusCode::OK {
        ok(&page, &page.chrome, req)
    } else {
        render(&page, status_code)
    }
}

#[handler]
pub async fn list(admin: Admin, req: &Request) -> Response {
    let query = req.params::<ListQuery>().unwrap_or_default();
    list_page(
        &admin,
        req,
        query,
        NewForm::default(),
        Errors::default(),
        StatusCode::OK,
    )
    .await
}

/// A date of a form (`YYYY-MM-DD`) as the end of that day, UTC: access lasts through
/// the day named.
fn end_of_day(field: &'static str, text: &str) -> Result<Option<DateTime<Utc>>, ServiceError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        ServiceError::field(field, format!("\"{text}\" is not a date like 2030-12-31"))
    })?;
    let end = day
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| ServiceError::field(field, format!("\"{text}\" is too far away")))?;
    if end <= Utc::now() {
        return Err(ServiceError::field(field, "the expiry date is in the past"));
    }
    Ok(Some(end))
}

#[handler]
pub async fn add(req: &Request, posted: Posted<Admin, NewForm>) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    let created = match end_of_day("expires_at", &form.expires_at) {
        Ok(expires_at) => {
            let new = NewCustomer {
                name: form.name.clone(),
                email: optional(&form.email),
                external_id: optional(&form.external_id),
                expires_at,
                proxy_access: None,
            };
            admin.services().customers().create(&admin.ctx, new).await
        }
        Err(e) => Err(e),
    };
    match created {
        Ok(c) => done(
            req,
            &customer_url(c.id),
            &format!("Customer {} created.", c.name),
        ),
        Err(e) => match form_error(e, "new", NEW_FIELDS) {
            Ok(errors) => {
                let query = ListQuery::default();
                list_page(
                    &admin,
                    req,
                    query,
                    form,
                    errors,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            Err(resp) => *resp,
        },
    }
}
