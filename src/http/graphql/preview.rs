//! "View as customer" over GraphQL: `customerView` (each granted package's versions,
//! visible or not and why) and `grantPreview` (what a new constraint would change).
//! `query.rs` declares the fields and calls the resolvers here, with their output types.

use async_graphql::{Context, Enum, ID, Result, SimpleObject};

use super::backend::PreviewBackend;
use super::error::Gql;
use super::inputs::numeric_id;
use super::parts;
use super::types::CustomerStatus;
use crate::service::preview;

/// `customerView`.
pub async fn customer_view<B: PreviewBackend>(
    ctx: &Context<'_>,
    customer_id: ID,
    token_id: Option<ID>,
) -> Result<CustomerView> {
    let (b, p) = parts::<B>(ctx)?;
    let customer = numeric_id("customerId", &customer_id)?.to_string();
    let token = token_id.map(|t| numeric_id("tokenId", &t)).transpose()?;
    b.customer_view(p, &customer, token)
        .await
        .gql()
        .map(Into::into)
}

/// `grantPreview`.
pub async fn grant_preview<B: PreviewBackend>(
    ctx: &Context<'_>,
    customer_id: ID,
    package: String,
    constraint: String,
    token_id: Option<ID>,
) -> Result<GrantPreview> {
    let (b, p) = parts::<B>(ctx)?;
    let customer = numeric_id("customerId", &customer_id)?.to_string();
    let token = token_id.map(|t| numeric_id("tokenId", &t)).transpose()?;
    b.grant_preview(p, &customer, &package, &constraint, token)
        .await
        .gql()
        .map(Into::into)
}

/// Why a version is hidden from a customer.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::service::composer::access::HiddenReason")]
pub enum HiddenReason {
    /// The customer is suspended or expired: nothing is visible.
    CustomerStatus,
    /// The token's package globs exclude the package.
    TokenGlob,
    /// The version is yanked.
    Yanked,
    /// The customer is frozen and this version is not among its frozen versions.
    Frozen,
    /// A tagged version the grant's constraint does not satisfy.
    OutsideConstraint,
    /// A dev branch the grant's constraint does not match.
    BranchNotMatched,
}

/// What a version does when a grant's constraint changes.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::service::preview::VersionChange")]
pub enum VersionChange {
    Appears,
    Disappears,
    Unchanged,
}

/// What a customer (or one of its tokens) sees of every package granted to it.
#[derive(SimpleObject, Debug, Clone)]
pub struct CustomerView {
    pub customer_id: ID,
    pub customer: String,
    /// In effect now: SUSPENDED and EXPIRED customers see nothing.
    pub status: CustomerStatus,
    pub status_reason: Option<String>,
    /// The token whose package globs apply.
    pub token_id: Option<ID>,
    /// By package name.
    pub packages: Vec<PackageView>,
}

/// One granted package as the customer sees it.
#[derive(SimpleObject, Debug, Clone)]
pub struct PackageView {
    pub package: String,
    /// The grant's Composer constraint.
    pub constraint: String,
    /// How many of `versions` are visible.
    pub visible: u64,
    /// Newest first, as Composer sorts them.
    pub versions: Vec<VersionVisibility>,
}

/// One version, visible or not, and why not.
#[derive(SimpleObject, Debug, Clone)]
pub struct VersionVisibility {
    pub version: String,
    pub version_normalized: String,
    /// A dev branch rather than a tag.
    pub dev: bool,
    pub visible: bool,
    /// Why it is hidden, most important first (empty when visible).
    pub reasons: Vec<HiddenReason>,
}

/// What granting a package with another constraint would change, before it is saved.
#[derive(SimpleObject, Debug, Clone)]
pub struct GrantPreview {
    pub customer_id: ID,
    pub customer: String,
    pub status: CustomerStatus,
    pub package: String,
    pub token_id: Option<ID>,
    /// The constraint granted now (null: not granted yet).
    pub current_constraint: Option<String>,
    /// The constraint proposed, as it would be stored.
    pub proposed_constraint: String,
    pub appearing: u64,
    pub disappearing: u64,
    pub visible_now: u64,
    pub visible_after: u64,
    /// Newest first, as Composer sorts them.
    pub versions: Vec<VersionPreview>,
}

/// One version before and after a grant change.
#[derive(SimpleObject, Debug, Clone)]
pub struct VersionPreview {
    pub version: String,
    pub version_normalized: String,
    pub dev: bool,
    pub visible_now: bool,
    pub visible_after: bool,
    pub change: VersionChange,
    /// Why it is hidden after the change, most important first.
    pub reasons: Vec<HiddenReason>,
}

fn reasons(list: Vec<crate::service::composer::access::HiddenReason>) -> Vec<HiddenReason> {
    list.into_iter().map(Into::into).collect()
}

impl From<preview::CustomerView> for CustomerView {
    fn from(v: preview::CustomerView) -> Self {
        Self {
            customer_id: v.customer_id.into(),
            customer: v.customer,
            status: v.status.into(),
            status_reason: v.status_reason,
            token_id: v.token_id.map(Into::into),
            packages: v.packages.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<preview::PackageView> for PackageView {
    fn from(p: preview::PackageView) -> Self {
        Self {
            package: p.package,
            constraint: p.constraint,
            visible: p.visible,
            versions: p.versions.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<preview::VersionVisibility> for VersionVisibility {
    fn from(v: preview::VersionVisibility) -> Self {
        Self {
            version: v.version,
            version_normalized: v.version_normalized,
            dev: v.dev,
            visible: v.visible,
            reasons: reasons(v.reasons),
        }
    }
}

impl From<preview::GrantPreview> for GrantPreview {
    fn from(g: preview::GrantPreview) -> Self {
        Self {
            customer_id: g.customer_id.into(),
            customer: g.customer,
            status: g.status.into(),
            package: g.package,
            token_id: g.token_id.map(Into::into),
            current_constraint: g.current_constraint,
            proposed_constraint: g.proposed_constraint,
            appearing: g.appearing,
            disappearing: g.disappearing,
            visible_now: g.visible_now,
            visible_after: g.visible_after,
            versions: g.versions.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<preview::VersionPreview> for VersionPreview {
    fn from(v: preview::VersionPreview) -> Self {
        Self {
            version: v.version,
            version_normalized: v.version_normalized,
            dev: v.dev,
            visible_now: v.visible_now,
            visible_after: v.visible_after,
            change: v.change.into(),
            reasons: reasons(v.reasons),
        }
    }
}
