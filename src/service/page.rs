//! Pages of lists (product.md section 5): `page` from 1, at most 100 items per page,
//! answered with the total so callers can page through. Every list is one counting
//! query and one query for the page, whatever its length.

use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, QuerySelect, Select};
use serde::Serialize;

use super::{ServiceError, ServiceResult};

/// Items per page when the caller names none.
pub const DEFAULT_PER_PAGE: u64 = 20;
/// The most items one page holds.
pub const MAX_PER_PAGE: u64 = 100;
/// The highest page number: offsets stay far inside what databases take.
pub const MAX_PAGE: u64 = 10_000_000;

/// Which page of a list to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    /// None: everything from `page` on (the CLI lists whole tables).
    pub per_page: Option<u64>,
}

impl PageRequest {
    /// Checks what a caller asked for: `page` ≥ 1 and `per_page` between 1 and 100.
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> ServiceResult<Self> {
        let page = page.unwrap_or(1);
        if page == 0 {
            return Err(ServiceError::field("page", "page numbers start at 1"));
        }
        if page > MAX_PAGE {
            return Err(ServiceError::field(
                "page",
                format!("page numbers go up to {MAX_PAGE}"),
            ));
        }
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ServiceError::field(
                "per_page",
                format!("per_page must be between 1 and {MAX_PER_PAGE}"),
            ));
        }
        Ok(Self {
            page,
            per_page: Some(per_page),
        })
    }

    /// The whole list on one page.
    pub fn everything() -> Self {
        Self {
            page: 1,
            per_page: None,
        }
    }

    fn offset(&self) -> u64 {
        self.per_page
            .map_or(0, |n| (self.page - 1).saturating_mul(n))
    }

    /// Limits `query` to this page. (SQLite accepts no OFFSET without a LIMIT: a whole
    /// list gets neither.)
    pub(crate) fn apply<Q: QuerySelect>(&self, query: Q) -> Q {
        match self.per_page {
            Some(n) => query.offset(self.offset()).limit(n),
            None => query,
        }
    }
}

/// One page of a list and where it stands in the whole.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub pagination: Pagination,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, poem_openapi::Object)]
pub struct Pagination {
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
    pub total_pages: u64,
}

impl<T> Page<T> {
    /// Wraps items of page `req` of a list of `total`.
    pub fn new(data: Vec<T>, req: PageRequest, total: u64) -> Self {
        let per_page = req.per_page.unwrap_or(total.max(1));
        Self {
            data,
            pagination: Pagination {
                page: req.page,
                per_page,
                total,
                total_pages: total.div_ceil(per_page.max(1)),
            },
        }
    }

    /// The same page with its items converted.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            data: self.data.into_iter().map(f).collect(),
            pagination: self.pagination,
        }
    }
}

/// Runs `query` for page `req`: one count, one select.
pub(crate) async fn fetch<E>(
    conn: &impl ConnectionTrait,
    query: Select<E>,
    req: PageRequest,
) -> ServiceResult<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let total = query.clone().count(conn).await?;
    let data = req.apply(query).all(conn).await?;
    Ok(Page::new(data, req, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_checked() {
        assert_eq!(
            PageRequest::new(None, None).unwrap(),
            PageRequest {
                page: 1,
                per_page: Some(20)
            }
        );
        let e = PageRequest::new(Some(0), None).unwrap_err();
        assert_eq!(e.field_name(), Some("page"));
        for bad in [0, 101, 1000] {
            let e = PageRequest::new(None, Some(bad)).unwrap_err();
            assert_eq!(e.field_name(), Some("per_page"), "{bad}");
        }
        assert!(PageRequest::new(Some(7), Some(100)).is_ok());
        let e = PageRequest::new(Some(u64::MAX), None).unwrap_err();
        assert_eq!(e.field_name(), Some("page"));
    }

    #[test]
    fn totals_and_pages() {
        let req = PageRequest::new(Some(3), Some(10)).unwrap();
        assert_eq!(req.offset(), 20);
        let p = Page::new(vec![1, 2, 3], req, 23);
        assert_eq!(
            (
                p.pagination.total,
                p.pagination.total_pages,
                p.pagination.per_page
            ),
            (23, 3, 10)
        );
        let empty: Page<i32> = Page::new(Vec::new(), req, 0);
        assert_eq!(empty.pagination.total_pages, 0);
        let all = Page::new(vec![1, 2], PageRequest::everything(), 2);
        assert_eq!(
            (all.pagination.per_page, all.pagination.total_pages),
            (2, 1)
        );
    }
}
