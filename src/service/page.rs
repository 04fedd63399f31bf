//! Pages of lists (product.md section 5): `page` from 1, at most 100 items per page,
//! answered with the total so callers can page through; or a [`Window`] of items from
//! an offset on (GraphQL's `first`/`after`), read through the same pages. Every list is
//! one counting query and one query for the page, whatever its length.

use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, QuerySelect, Select};
use serde::Serialize;

use super::{ServiceError, ServiceResult};

/// Items per page when the caller names none.
pub const DEFAULT_PER_PAGE: u64 = 20;
/// The most items one page holds.
pub const MAX_PER_PAGE: u64 = 100;
/// The highest page number: offsets stay far inside what databases take.
pub const MAX_PAGE: u64 = 10_000_000;
/// The furthest a [`Window`] starts: as deep as the last page reaches.
pub const MAX_OFFSET: u64 = MAX_PAGE * MAX_PER_PAGE;

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

/// `first` items from `offset` on: a list read by cursor rather than by page number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub offset: u64,
    pub first: u64,
}

impl Window {
    /// Checks what a caller asked for: `first` between 1 and 100 (20 by default), and
    /// an offset no deeper than [`MAX_OFFSET`] (it comes from the cursor in `after`).
    pub fn new(offset: u64, first: Option<u64>) -> ServiceResult<Self> {
        let first = first.unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PER_PAGE).contains(&first) {
            return Err(ServiceError::field(
                "first",
                format!("first must be between 1 and {MAX_PER_PAGE}"),
            ));
        }
        if offset > MAX_OFFSET {
            return Err(ServiceError::field(
                "after",
                "the cursor points deeper than any list reaches (give one a list answered)",
            ));
        }
        Ok(Self { offset, first })
    }

    /// The page to ask a list for: the smallest one holding the whole window.
    ///
    /// Why a page and not an offset in [`PageRequest`]: services build requests field
    /// by field, and every list's `page()` already takes one. Walking a list with one
    /// `first` keeps windows on page boundaries (the page is the window); another
    /// start reads some rows more, which [`Window::cut`] drops: fewer than `first`, or
    /// than 60 for a small `first` (checked for every offset below 2·10⁷). Page 1 of
    /// `offset + first` items always holds the window, so the search ends.
    pub fn request(&self) -> PageRequest {
        let (start, end) = (self.offset, self.offset + self.first);
        let per_page = (self.first..=end)
            .find(|&n| start / n == (end - 1) / n)
            .unwrap_or(end);
        PageRequest {
            page: start / per_page + 1,
            per_page: Some(per_page),
        }
    }

    /// The window's items out of the page [`Window::request`] asked for, and the
    /// length of the whole list.
    pub fn cut<T>(&self, page: Page<T>) -> (Vec<T>, u64) {
        let skip = self.offset - self.request().offset();
        let items = page.data.into_iter().skip(skip as usize);
        (
            items.take(self.first as usize).collect(),
            page.pagination.total,
        )
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
    fn windows_are_checked() {
        assert_eq!(Window::new(0, None).unwrap().first, DEFAULT_PER_PAGE);
        for bad in [0, 101] {
            let e = Window::new(0, Some(bad)).unwrap_err();
            assert_eq!(e.field_name(), Some("first"), "{bad}");
        }
        let e = Window::new(MAX_OFFSET + 1, Some(1)).unwrap_err();
        assert_eq!(e.field_name(), Some("after"));
        assert!(Window::new(MAX_OFFSET, Some(100)).is_ok());
    }

    #[test]
    fn windows_are_read_through_the_smallest_page_holding_them() {
        // On page boundaries the page is the window.
        let w = Window::new(40, Some(20)).unwrap();
        assert_eq!(w.request(), PageRequest::new(Some(3), Some(20)).unwrap());
        for first in 1..=MAX_PER_PAGE {
            for offset in (0..3000).chain([MAX_OFFSET - 1, MAX_OFFSET]) {
                let w = Window::new(offset, Some(first)).unwrap();
                let req = w.request();
                let n = req.per_page.unwrap();
                assert!(req.offset() <= offset, "{w:?} {req:?}");
                assert!(req.offset() + n >= offset + first, "{w:?} {req:?}");
                assert!(n < 2 * first.max(60), "{w:?} {req:?}");
            }
        }
        // Cut from a list of 7 items: [3, 5) of the list, and past its end.
        let list: Vec<u64> = (0..7).collect();
        let cut = |offset, first| {
            let w = Window::new(offset, Some(first)).unwrap();
            let req = w.request();
            let (start, n) = (req.offset() as usize, req.per_page.unwrap() as usize);
            let data = list.iter().copied().skip(start).take(n).collect();
            w.cut(Page::new(data, req, 7))
        };
        assert_eq!(cut(3, 2), (vec![3, 4], 7));
        assert_eq!(cut(5, 20), (vec![5, 6], 7));
        assert_eq!(cut(9, 2), (vec![], 7));
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
