//! `/customers`: create, list, show, update and delete customers, and their lifecycle
//! (suspend, reactivate, expire, freeze).

use chrono::{DateTime, Utc};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::support::{
    AdminAuth, ApiError, ApiResult, Doc, Tag, Text, ok, page_schema, paging, text,
};
use crate::domain::customer::{CustomerStatus, Transition};
use crate::service::Services;
use crate::service::customers::{Customer, CustomerFilter, CustomerUpdate, NewCustomer};
use crate::service::grants::FreezeOutcome;
use crate::service::page::Page;

page_schema!(CustomerPage, Customer, "A page of customers.");

/// A customer to create.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct CustomerInput {
    /// Unique in the registry.
    pub name: Text,
    pub email: Option<Text>,
    /// Your billing system's id for the customer (unique).
    pub external_id: Option<Text>,
    /// Access ends at this time.
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether the customer's tokens may fetch public packages through the proxy
    /// (default: true).
    pub proxy_access: Option<bool>,
}

/// Changes to a customer: a field left out stays as it is, `null` clears it.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct CustomerPatch {
    pub name: Option<Text>,
    pub email: MaybeUndefined<Text>,
    pub external_id: MaybeUndefined<Text>,
    pub expires_at: MaybeUndefined<DateTime<Utc>>,
    /// Whether the customer's tokens may fetch public packages through the proxy.
    pub proxy_access: Option<bool>,
}

/// Why a lifecycle change is made (kept in the audit log, and shown to the customer's
/// Composer when it takes access away).
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct Reason {
    pub reason: Option<Text>,
}

/// What a frozen customer keeps.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct FreezeInput {
    /// `vendor/package=version` pins; without any, the customer keeps every version it
    /// can reach now.
    #[oai(default)]
    pub versions: Vec<Text>,
    pub reason: Option<Text>,
}

#[derive(ApiResponse)]
pub enum Created {
    /// The customer was created.
    #[oai(status = 201)]
    Created(Json<Doc<Customer>>),
}

pub struct Api {
    pub s: Services,
}

fn maybe<T>(m: MaybeUndefined<T>) -> Option<Option<T>> {
    match m {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

#[OpenApi(tag = "Tag::Customers")]
impl Api {
    /// List customers
    ///
    /// By name; `status` selects those whose status in effect is that one, `search`
    /// those whose name, email or external id contains the text.
    #[oai(path = "/customers", method = "get", operation_id = "listCustomers")]
    async fn list(
        &self,
        auth: AdminAuth,
        status: Query<Option<CustomerStatus>>,
        search: Query<Option<String>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<Customer>, CustomerPage>>> {
        let req = paging(page.0, per_page.0)?;
        let filter = CustomerFilter {
            status: status.0,
            search: search.0,
        };
        ok(self.s.customers().page(&auth.0, &filter, req).await?)
    }

    /// Create a customer
    #[oai(path = "/customers", method = "post", operation_id = "createCustomer")]
    async fn create(&self, auth: AdminAuth, input: Json<CustomerInput>) -> ApiResult<Created> {
        let input = input.0;
        let new = NewCustomer {
            name: input.name.0,
            email: text(input.email),
            external_id: text(input.external_id),
            expires_at: input.expires_at,
            proxy_access: input.proxy_access,
        };
        let c = self.s.customers().create(&auth.0, new).await?;
        Ok(Created::Created(Json(Doc::new(c))))
    }

    /// Show a customer
    ///
    /// `customer` is its id or its name.
    #[oai(
        path = "/customers/:customer",
        method = "get",
        operation_id = "getCustomer"
    )]
    async fn get(&self, auth: AdminAuth, customer: Path<String>) -> ApiResult<Json<Doc<Customer>>> {
        ok(self.s.customers().get(&auth.0, &customer.0).await?)
    }

    /// Find a customer by external id
    #[oai(
        path = "/customers/by-external-id/:external_id",
        method = "get",
        operation_id = "getCustomerByExternalId"
    )]
    async fn by_external_id(
        &self,
        auth: AdminAuth,
        external_id: Path<String>,
    ) -> ApiResult<Json<Doc<Customer>>> {
        ok(self
            .s
            .customers()
            .by_external_id(&auth.0, &external_id.0)
            .await?)
    }

    /// Update a customer
    #[oai(
        path = "/customers/:customer",
        method = "patch",
        operation_id = "updateCustomer"
    )]
    async fn update(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        patch: Json<CustomerPatch>,
    ) -> ApiResult<Json<Doc<Customer>>> {
        let p = patch.0;
        let update = CustomerUpdate {
            name: text(p.name),
            email: maybe(p.email).map(|e| e.map(String::from)),
            external_id: maybe(p.external_id).map(|e| e.map(String::from)),
            expires_at: maybe(p.expires_at),
            proxy_access: p.proxy_access,
        };
        ok(self
            .s
            .customers()
            .update(&auth.0, &customer.0, update)
            .await?)
    }

    /// Delete a customer
    ///
    /// With its tokens, grants and frozen versions. Its tokens stop working on every
    /// server before this answers.
    #[oai(
        path = "/customers/:customer",
        method = "delete",
        operation_id = "deleteCustomer"
    )]
    async fn delete(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
    ) -> ApiResult<Json<Doc<Customer>>> {
        ok(self.s.customers().delete(&auth.0, &customer.0).await?)
    }

    /// Suspend a customer
    ///
    /// Composer is refused (403, with the reason) by every server before this answers.
    #[oai(
        path = "/customers/:customer/suspend",
        method = "post",
        operation_id = "suspendCustomer"
    )]
    async fn suspend(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        reason: Json<Reason>,
    ) -> ApiResult<Json<Doc<Customer>>> {
        self.transition(auth, customer, Transition::Suspend, text(reason.0.reason))
            .await
    }

    /// Reactivate a customer
    ///
    /// From suspended, expired or frozen (frozen versions are dropped).
    #[oai(
        path = "/customers/:customer/reactivate",
        method = "post",
        operation_id = "reactivateCustomer"
    )]
    async fn reactivate(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
    ) -> ApiResult<Json<Doc<Customer>>> {
        self.transition(auth, customer, Transition::Reactivate, None)
            .await
    }

    /// Expire a customer
    #[oai(
        path = "/customers/:customer/expire",
        method = "post",
        operation_id = "expireCustomer"
    )]
    async fn expire(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        reason: Json<Reason>,
    ) -> ApiResult<Json<Doc<Customer>>> {
        self.transition(auth, customer, Transition::Expire, text(reason.0.reason))
            .await
    }

    /// Freeze a customer
    ///
    /// The customer keeps exactly the given versions (or every version it can reach
    /// now) and sees no new ones.
    #[oai(
        path = "/customers/:customer/freeze",
        method = "post",
        operation_id = "freezeCustomer"
    )]
    async fn freeze(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        input: Json<FreezeInput>,
    ) -> ApiResult<Json<Doc<FreezeOutcome>>> {
        let input = input.0;
        let mut pins = Vec::with_capacity(input.versions.len());
        for pin in &input.versions {
            let pin = &pin.0;
            let Some((name, version)) = pin.split_once('=') else {
                return Err(ApiError::invalid(
                    format!("\"{pin}\" is not vendor/package=version"),
                    Some("versions"),
                ));
            };
            pins.push((name.trim().to_string(), version.trim().to_string()));
        }
        ok(self
            .s
            .grants()
            .freeze(&auth.0, &customer.0, &pins, text(input.reason))
            .await?)
    }
}

impl Api {
    async fn transition(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        t: Transition,
        reason: Option<String>,
    ) -> ApiResult<Json<Doc<Customer>>> {
        ok(self
            .s
            .customers()
            .transition(&auth.0, &customer.0, t, reason)
            .await?)
    }
}
