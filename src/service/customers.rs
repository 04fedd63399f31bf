//! Customers: create, look up (by id or unique name), update, delete, and the lifecycle
//! of product.md section 4 (suspend, reactivate, expire, freeze).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;

use super::audit::{self, Entry};
use super::events::{self, CustomerActivity, Event};
use super::page::{Page, PageRequest};
use super::{
    ChangeSet, Ctx, ServiceError, ServiceResult, Services, clean_optional, clean_text, now,
};
use crate::db::entities::customer;
use crate::domain::customer::{CustomerStatus, Transition};

const NAME_MAX: usize = 200;

/// A customer as shown to operators; `status` is the status in effect now (an
/// `expires_at` in the past shows as `expired`).
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub external_id: Option<String>,
    pub status: CustomerStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub status_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether the customer's tokens may fetch public packages through the proxy.
    pub proxy_access: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Customer {
    pub fn from_model(m: customer::Model, at: DateTime<Utc>) -> Self {
        let stored = CustomerStatus::parse(&m.status).unwrap_or(CustomerStatus::Suspended);
        Self {
            id: m.id,
            status: stored.effective(m.expires_at, at),
            name: m.name,
            email: m.email,
            external_id: m.external_id,
            status_reason: m.status_reason,
            expires_at: m.expires_at,
            proxy_access: m.proxy_access,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// Which customers a list shows.
#[derive(Debug, Clone, Default)]
pub struct CustomerFilter {
    /// Status in effect now.
    pub status: Option<CustomerStatus>,
    /// Part of the name, email or external id (any case).
    pub search: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct NewCustomer {
    pub name: String,
    pub email: Option<String>,
    pub external_id: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Proxy access for the customer's tokens; `None`: on.
    pub proxy_access: Option<bool>,
}

/// Fields to change; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct CustomerUpdate {
    pub name: Option<String>,
    pub email: Option<Option<String>>,
    pub external_id: Option<Option<String>>,
    pub expires_at: Option<Option<DateTime<Utc>>>,
    pub proxy_access: Option<bool>,
}

impl CustomerUpdate {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.email.is_none()
            && self.external_id.is_none()
            && self.expires_at.is_none()
            && self.proxy_access.is_none()
    }
}

pub struct Customers<'a> {
    s: &'a Services,
}

impl<'a> Customers<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    pub async fn create(&self, ctx: &Ctx, input: NewCustomer) -> ServiceResult<Customer> {
        ctx.may_change()?;
        let name = clean_text("name", &input.name, NAME_MAX)?;
        let email = clean_email(input.email.as_deref())?;
        let external_id = clean_optional("external_id", input.external_id.as_deref(), NAME_MAX)?;
        let at = now();
        let txn = self.s.begin().await?;
        let row = customer::ActiveModel {
            tenant_id: Set(ctx.tenant_id),
            name: Set(name.clone()),
            email: Set(email),
            external_id: Set(external_id.clone()),
            status: Set(CustomerStatus::Active.as_str().into()),
            status_reason: Set(None),
            expires_at: Set(input.expires_at),
            proxy_access: Set(input.proxy_access.unwrap_or(true)),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| conflict(e, &name, external_id.as_deref()))?;
        audit::record(
            &txn,
            ctx,
            Entry::new("customer.create", "customer", &name).details(json!({
                "id": row.id, "email": row.email, "external_id": row.external_id,
                "expires_at": row.expires_at, "proxy_access": row.proxy_access,
            })),
        )
        .await?;
        let event = Event::CustomerActivity(CustomerActivity::now(
            ctx.tenant_id,
            row.id,
            &row.name,
            "customer.create",
        ));
        events::record(&txn, self.s.instance(), &event).await?;
        txn.commit().await?;
        self.s.events().publish(event);
        Ok(Customer::from_model(row, at))
    }

    /// All customers, optionally only those whose status in effect is `status`.
    pub async fn list(
        &self,
        ctx: &Ctx,
        status: Option<CustomerStatus>,
    ) -> ServiceResult<Vec<Customer>> {
        let filter = CustomerFilter {
            status,
            search: None,
        };
        Ok(self
            .page(ctx, &filter, PageRequest::everything())
            .await?
            .data)
    }

    /// A page of the customers that `filter` selects, by name.
    pub async fn page(
        &self,
        ctx: &Ctx,
        filter: &CustomerFilter,
        req: PageRequest,
    ) -> ServiceResult<Page<Customer>> {
        let at = now();
        let mut q = customer::Entity::find().filter(customer::Column::TenantId.eq(ctx.tenant_id));
        if let Some(st) = filter.status {
            q = q.filter(status_condition(st, at));
        }
        if let Some(text) = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let like = sea_orm::sea_query::LikeExpr::new(format!(
                "%{}%",
                escape_like(&text.to_lowercase())
            ))
            .escape('\\');
            let lower = |c: customer::Column| {
                sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::lower(
                    sea_orm::sea_query::Expr::col(c),
                ))
            };
            q = q.filter(
                Condition::any()
                    .add(lower(customer::Column::Name).like(like.clone()))
                    .add(lower(customer::Column::Email).like(like.clone()))
                    .add(lower(customer::Column::ExternalId).like(like)),
            );
        }
        let q = q.order_by_asc(customer::Column::Name);
        let page = super::page::fetch(self.s.db(), q, req).await?;
        Ok(page.map(|m| Customer::from_model(m, at)))
    }

    pub async fn get(&self, ctx: &Ctx, reference: &str) -> ServiceResult<Customer> {
        let row = resolve(self.s.db(), ctx, reference).await?;
        Ok(Customer::from_model(row, now()))
    }

    pub async fn by_external_id(&self, ctx: &Ctx, external_id: &str) -> ServiceResult<Customer> {
        let row = customer::Entity::find()
            .filter(customer::Column::TenantId.eq(ctx.tenant_id))
            .filter(customer::Column::ExternalId.eq(external_id))
            .one(self.s.db())
            .await?
            .ok_or_else(|| ServiceError::not_found("customer with external id", external_id))?;
        Ok(Customer::from_model(row, now()))
    }

    pub async fn update(
        &self,
        ctx: &Ctx,
        reference: &str,
        input: CustomerUpdate,
    ) -> ServiceResult<Customer> {
        ctx.may_change()?;
        if input.is_empty() {
            return Err(ServiceError::invalid(
                "nothing to update: give a new name, email, external id, expiry or proxy access",
            ));
        }
        let txn = self.s.begin().await?;
        let current = resolve(&txn, ctx, reference).await?;
        let mut row = current.clone().into_active_model();
        let mut changes = serde_json::Map::new();
        if let Some(name) = &input.name {
            let name = clean_text("name", name, NAME_MAX)?;
            changes.insert("name".into(), json!({"from": current.name, "to": name}));
            row.name = Set(name);
        }
        if let Some(email) = &input.email {
            let email = clean_email(email.as_deref())?;
            changes.insert("email".into(), json!({"from": current.email, "to": email}));
            row.email = Set(email);
        }
        if let Some(ext) = &input.external_id {
            let ext = clean_optional("external_id", ext.as_deref(), NAME_MAX)?;
            changes.insert(
                "external_id".into(),
                json!({"from": current.external_id, "to": ext}),
            );
            row.external_id = Set(ext);
        }
        if let Some(expires_at) = input.expires_at {
            changes.insert(
                "expires_at".into(),
                json!({"from": current.expires_at, "to": expires_at}),
            );
            row.expires_at = Set(expires_at);
        }
        if let Some(proxy_access) = input.proxy_access {
            changes.insert(
                "proxy_access".into(),
                json!({"from": current.proxy_access, "to": proxy_access}),
            );
            row.proxy_access = Set(proxy_access);
        }
        // Expiry and proxy access decide what Composer sees: stamp the change.
        row.updated_at = Set(now());
        let name_for_error = input.name.clone().unwrap_or_else(|| current.name.clone());
        let ext_for_error = input.external_id.clone().flatten();
        let updated = row
            .update(&txn)
            .await
            .map_err(|e| conflict(e, &name_for_error, ext_for_error.as_deref()))?;
        audit::record(
            &txn,
            ctx,
            Entry::new("customer.update", "customer", &updated.name)
                .details(serde_json::Value::Object(changes)),
        )
        .await?;
        let mut change = ChangeSet::new(ctx.tenant_id).customer(updated.id);
        change = change.activity(updated.id, &updated.name, "customer.update");
        let proxy_closed = current.proxy_access && input.proxy_access == Some(false);
        if input.expires_at.is_some() || proxy_closed {
            // An earlier expiry may end access now; so does closing the proxy.
            change = change.revoking();
        }
        self.s.commit_change(txn, change).await?;
        Ok(Customer::from_model(updated, now()))
    }

    /// Deletes the customer with its tokens, grants and frozen versions.
    pub async fn delete(&self, ctx: &Ctx, reference: &str) -> ServiceResult<Customer> {
        ctx.may_change()?;
        let txn = self.s.begin().await?;
        let row = resolve(&txn, ctx, reference).await?;
        customer::Entity::delete_by_id(row.id).exec(&txn).await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("customer.delete", "customer", &row.name).details(json!({"id": row.id})),
        )
        .await?;
        let change = ChangeSet::new(ctx.tenant_id).customer(row.id).revoking();
        let change = change.activity(row.id, &row.name, "customer.delete");
        self.s.commit_change(txn, change).await?;
        Ok(Customer::from_model(row, now()))
    }

    /// Suspend, reactivate or expire. Reactivating a frozen customer drops the frozen
    /// versions; reactivating one whose `expires_at` has passed clears it.
    pub async fn transition(
        &self,
        ctx: &Ctx,
        reference: &str,
        transition: Transition,
        reason: Option<String>,
    ) -> ServiceResult<Customer> {
        ctx.may_change()?;
        let reason = clean_optional("reason", reason.as_deref(), 1000)?;
        let txn = self.s.begin().await?;
        let row = resolve(&txn, ctx, reference).await?;
        let updated = apply_transition(&txn, ctx, row, transition, reason).await?;
        let mut change = ChangeSet::new(ctx.tenant_id).customer(updated.id);
        change = change.activity(
            updated.id,
            &updated.name,
            &format!("customer.{}", transition.verb()),
        );
        if transition != Transition::Reactivate {
            change = change.revoking();
        }
        self.s.commit_change(txn, change).await?;
        Ok(Customer::from_model(updated, now()))
    }
}

/// Checks and writes one lifecycle change with its audit row (on the caller's
/// transaction).
pub(crate) async fn apply_transition(
    txn: &impl ConnectionTrait,
    ctx: &Ctx,
    row: customer::Model,
    transition: Transition,
    reason: Option<String>,
) -> ServiceResult<customer::Model> {
    let at = now();
    let stored = CustomerStatus::parse(&row.status).map_err(ServiceError::Internal)?;
    let stamp = at;
    let from = stored.effective(row.expires_at, at);
    let to = transition
        .apply(from)
        .map_err(|e| ServiceError::State(format!("{e} (customer \"{}\")", row.name)))?;
    let mut details = json!({"from": from.as_str(), "to": to.as_str()});
    let mut active = row.clone().into_active_model();
    if transition == Transition::Reactivate {
        if row.expires_at.is_some_and(|e| e <= at) {
            active.expires_at = Set(None);
            details["expires_at_cleared"] = json!(row.expires_at);
        }
        if from == CustomerStatus::Frozen {
            super::grants::unfreeze(txn, row.id).await?;
        }
    }
    active.status = Set(to.as_str().into());
    active.status_reason = Set(if to == CustomerStatus::Active {
        None
    } else {
        reason.clone()
    });
    active.updated_at = Set(stamp);
    let updated = active.update(txn).await?;
    let action = format!("customer.{}", transition.verb());
    audit::record(
        txn,
        ctx,
        Entry::new(&action, "customer", &row.name)
            .reason(reason)
            .details(details),
    )
    .await?;
    Ok(updated)
}

/// Finds a customer by id, or by name (names are unique per tenant). A reference that is
/// both some customer's id and another customer's name is refused as ambiguous.
pub(crate) async fn resolve(
    conn: &impl ConnectionTrait,
    ctx: &Ctx,
    reference: &str,
) -> ServiceResult<customer::Model> {
    let reference = reference.trim();
    let base = || customer::Entity::find().filter(customer::Column::TenantId.eq(ctx.tenant_id));
    let by_name = base()
        .filter(customer::Column::Name.eq(reference))
        .one(conn)
        .await?;
    let by_id = match reference.parse::<i64>() {
        Ok(id) => base().filter(customer::Column::Id.eq(id)).one(conn).await?,
        Err(_) => None,
    };
    match (by_id, by_name) {
        (Some(a), Some(b)) if a.id != b.id => Err(ServiceError::invalid(format!(
            "\"{reference}\" is both the id of customer \"{}\" and the name of customer #{}: use the other customer's id",
            a.name, b.id
        ))),
        (Some(c), _) | (None, Some(c)) => Ok(c),
        (None, None) => Err(ServiceError::NotFound(format!(
            "customer \"{reference}\" not found (give its id or exact name)"
        ))),
    }
}

fn status_condition(status: CustomerStatus, at: DateTime<Utc>) -> Condition {
    use customer::Column as C;
    let not_expired = Condition::any()
        .add(C::ExpiresAt.is_null())
        .add(C::ExpiresAt.gt(at));
    match status {
        CustomerStatus::Expired => Condition::any().add(C::Status.eq("expired")).add(
            Condition::all()
                .add(C::Status.is_in(["active", "frozen"]))
                .add(C::ExpiresAt.lte(at)),
        ),
        CustomerStatus::Suspended => Condition::all().add(C::Status.eq("suspended")),
        other => Condition::all()
            .add(C::Status.eq(other.as_str()))
            .add(not_expired),
    }
}

/// Escapes `%`, `_` and `\` in a search text (LIKE wildcards, and the escape itself),
/// so `cus_12` finds `cus_123` and nothing else; the LIKE names `\` as its escape, as
/// SQLite's has no default one.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn clean_email(email: Option<&str>) -> ServiceResult<Option<String>> {
    let Some(email) = clean_optional("email", email, 320)? else {
        return Ok(None);
    };
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if valid {
        Ok(Some(email))
    } else {
        Err(ServiceError::field(
            "email",
            format!("invalid email \"{email}\": expected an address like name@example.com"),
        ))
    }
}

fn conflict(e: sea_orm::DbErr, name: &str, external_id: Option<&str>) -> ServiceError {
    let message = match external_id {
        Some(ext) => {
            format!("a customer named \"{name}\" or with external id \"{ext}\" already exists")
        }
        None => format!("a customer named \"{name}\" already exists"),
    };
    ServiceError::on_conflict(e, message)
}

/// Stamps every customer granted `package_id` (their `packages.json` changes with it);
/// returns their ids.
pub(crate) async fn touch_grantees(
    txn: &impl ConnectionTrait,
    package_id: i64,
    stamp: DateTime<Utc>,
) -> ServiceResult<Vec<i64>> {
    use crate::db::entities::grant;
    use sea_orm::QuerySelect;
    let ids: Vec<i64> = grant::Entity::find()
        .select_only()
        .column(grant::Column::CustomerId)
        .filter(grant::Column::PackageId.eq(package_id))
        .into_tuple()
        .all(txn)
        .await?;
    for chunk in ids.chunks(500) {
        customer::Entity::update_many()
            .col_expr(customer::Column::UpdatedAt, stamp.into())
            .filter(customer::Column::Id.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
    }
    Ok(ids)
}

/// Stamps a customer as changed (its grants or frozen versions changed), so every view
/// of the customer gets a later Last-Modified.
pub(crate) async fn touch_customer(
    txn: &impl ConnectionTrait,
    customer_id: i64,
    stamp: DateTime<Utc>,
) -> ServiceResult<()> {
    customer::Entity::update_many()
        .col_expr(customer::Column::UpdatedAt, stamp.into())
        .filter(customer::Column::Id.eq(customer_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Everything the dashboard's page of one customer shows, read at once.
#[derive(Debug, Clone)]
pub struct CustomerDetail {
    pub customer: Customer,
    /// By package name.
    pub grants: Vec<super::grants::Grant>,
    /// Newest first, revoked and expired ones included.
    pub tokens: Vec<super::tokens::TokenInfo>,
    /// Newest first (at most [`DETAIL_AUDIT_ENTRIES`]): changes to the customer, its
    /// grants and its tokens.
    pub audit: Vec<super::audit::AuditEntry>,
    /// Every package of the registry, by name: what may be granted.
    pub packages: Vec<String>,
}

/// How many audit entries [`Customers::detail`] reads.
pub const DETAIL_AUDIT_ENTRIES: u64 = 50;

/// "View as customer" with the customer's usable tokens (to see one token's view).
#[derive(Debug, Clone)]
pub struct ViewAs {
    pub view: super::preview::CustomerView,
    /// The customer's active tokens, newest first.
    pub tokens: Vec<super::tokens::TokenInfo>,
}

impl Customers<'_> {
    /// The customer with its grants, tokens, latest audit entries, and the packages
    /// that may be granted. A read: any admin level.
    pub async fn detail(&self, ctx: &Ctx, reference: &str) -> ServiceResult<CustomerDetail> {
        use crate::db::entities::{audit_log, package};
        use sea_orm::QuerySelect;
        let db = self.s.db();
        let row = resolve(db, ctx, reference).await?;
        let id = row.id.to_string();
        let grants = self.s.grants().list(ctx, &id).await?;
        let tokens = self.s.tokens().list(ctx, &id).await?;
        // Token entries name the token by id; the newest tokens are the ones worth it.
        let token_ids: Vec<String> = tokens.iter().take(500).map(|t| t.id.to_string()).collect();
        let mut about = Condition::any().add(
            Condition::all()
                .add(audit_log::Column::TargetType.eq("customer"))
                .add(audit_log::Column::Target.eq(row.name.as_str())),
        );
        if !token_ids.is_empty() {
            about = about.add(
                Condition::all()
                    .add(audit_log::Column::TargetType.eq("customer_token"))
                    .add(audit_log::Column::Target.is_in(token_ids)),
            );
        }
        let audit = audit_log::Entity::find()
            .filter(audit_log::Column::TenantId.eq(ctx.tenant_id))
            .filter(about)
            .order_by_desc(audit_log::Column::Id)
            .limit(DETAIL_AUDIT_ENTRIES)
            .all(db)
            .await?
            .into_iter()
            .map(super::audit::AuditEntry::from)
            .collect();
        let packages: Vec<String> = package::Entity::find()
            .select_only()
            .column(package::Column::Name)
            .filter(package::Column::TenantId.eq(ctx.tenant_id))
            .order_by_asc(package::Column::Name)
            .into_tuple()
            .all(db)
            .await?;
        Ok(CustomerDetail {
            customer: Customer::from_model(row, now()),
            grants,
            tokens,
            audit,
            packages,
        })
    }

    /// What the customer (or its token `token_id`) sees of every granted package, with
    /// the customer's active tokens to choose another. A read: any admin level.
    pub async fn view_as(
        &self,
        ctx: &Ctx,
        reference: &str,
        token_id: Option<i64>,
    ) -> ServiceResult<ViewAs> {
        let view = self
            .s
            .preview()
            .customer_view(ctx, reference, token_id)
            .await?;
        let id = view.customer_id.to_string();
        let tokens = self
            .s
            .tokens()
            .list(ctx, &id)
            .await?
            .into_iter()
            .filter(|t| t.status == "active")
            .collect();
        Ok(ViewAs { view, tokens })
    }
}
