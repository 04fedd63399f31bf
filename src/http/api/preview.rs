//! "View as customer": which versions of its granted packages a customer sees and why
//! the others are hidden, and what a grant's new constraint would change before it is
//! saved.

use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;

use super::support::{AdminAuth, ApiResult, Doc, Tag, ok};
use crate::service::Services;
use crate::service::preview::{CustomerView, GrantPreview};

pub struct Api {
    pub s: Services,
}

#[OpenApi(tag = "Tag::Grants")]
impl Api {
    /// View as the customer
    ///
    /// Every granted package with each of its versions (newest first) marked visible or
    /// not, and why not — exactly what the customer's Composer is served. With
    /// `token_id`, that token's package globs apply too.
    #[oai(
        path = "/customers/:customer/view",
        method = "get",
        operation_id = "viewAsCustomer"
    )]
    async fn view(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        token_id: Query<Option<i64>>,
    ) -> ApiResult<Json<Doc<CustomerView>>> {
        let preview = self.s.preview();
        ok(preview
            .customer_view(&auth.0, &customer.0, token_id.0)
            .await?)
    }

    /// Preview a grant change
    ///
    /// Which versions would appear or disappear for the customer if the package were
    /// granted with `constraint` (validated as granting validates it); nothing is
    /// saved.
    #[oai(
        path = "/customers/:customer/packages/:vendor/:package/preview",
        method = "get",
        operation_id = "previewGrant"
    )]
    async fn preview(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        vendor: Path<String>,
        package: Path<String>,
        constraint: Query<String>,
        token_id: Query<Option<i64>>,
    ) -> ApiResult<Json<Doc<GrantPreview>>> {
        let name = format!("{}/{}", vendor.0, package.0);
        let preview = self.s.preview();
        let (customer, constraint) = (&customer.0, &constraint.0);
        ok(preview
            .preview_grant(&auth.0, customer, &name, constraint, token_id.0)
            .await?)
    }
}
