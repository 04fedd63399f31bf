//! Relay-style connections (product.md section 5): lists answer `edges { cursor node }`,
//! `nodes`, `pageInfo` and `totalCount`, and are read with `first` (1 to 100, 20 by
//! default) and `after` (a cursor they answered). A cursor is the item's offset in its
//! list, opaque to clients; the services read it as a [`Window`] through their pages.

use async_graphql::connection::{self, CursorType, Edge};
use async_graphql::{OutputType, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::error::{Gql, invalid};
use crate::service::page::{DEFAULT_PER_PAGE, MAX_PER_PAGE, Page, Window};

/// A list of `T`: `TConnection` with `TEdge`s in the schema.
pub type Connection<T> = connection::Connection<Cursor, T, Total>;

/// What a connection tells beside its edges.
#[derive(SimpleObject)]
pub struct Total {
    /// Items in the whole list, on every page.
    pub total_count: u64,
}

/// Where an item stands in its list: base64 of `o:<offset>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor(u64);

impl CursorType for Cursor {
    type Error = &'static str;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        let bytes = STANDARD.decode(s).map_err(|_| "not base64")?;
        let text = String::from_utf8(bytes).map_err(|_| "not text")?;
        let offset = text.strip_prefix("o:").ok_or("not an offset")?;
        offset.parse().map(Cursor).map_err(|_| "not a number")
    }

    fn encode_cursor(&self) -> String {
        STANDARD.encode(format!("o:{}", self.0))
    }
}

/// The window `first` and `after` ask for: the items after the cursor.
pub fn window(first: Option<i64>, after: Option<&str>) -> async_graphql::Result<Window> {
    let offset = match after {
        None => 0,
        Some(c) => match Cursor::decode_cursor(c) {
            Ok(Cursor(at)) => at.saturating_add(1),
            Err(_) => return Err(invalid("after", format!("\"{c}\" is not a cursor"))),
        },
    };
    // Out-of-range numbers become 0, which the service refuses with the field named.
    let first = first.map(|n| u64::try_from(n).unwrap_or(0));
    Window::new(offset, first).gql()
}

/// The connection of window `w` out of the page the service answered for it.
pub fn connection<S, T>(w: Window, page: Page<S>) -> Connection<T>
where
    T: OutputType + From<S>,
{
    let (items, total_count) = w.cut(page);
    let has_next = w.offset + (items.len() as u64) < total_count;
    let mut conn =
        Connection::with_additional_fields(w.offset > 0, has_next, Total { total_count });
    conn.edges = (w.offset..)
        .zip(items)
        .map(|(at, item)| Edge::new(Cursor(at), T::from(item)))
        .collect();
    conn
}

/// The complexity of a connection: each item asked for costs what one item's fields
/// cost.
pub fn page_cost(first: Option<i64>, child_complexity: usize) -> usize {
    let n = first.map_or(DEFAULT_PER_PAGE, |n| n.clamp(1, MAX_PER_PAGE as i64) as u64);
    usize::try_from(n)
        .unwrap_or(1)
        .saturating_mul(child_complexity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_offsets_and_refuse_anything_else() {
        assert_eq!(Cursor(7).encode_cursor(), STANDARD.encode("o:7"));
        assert_eq!(
            Cursor::decode_cursor(&Cursor(7).encode_cursor()),
            Ok(Cursor(7))
        );
        let bad = [
            "",
            "garbage!",
            &STANDARD.encode("o:"),
            &STANDARD.encode("x:1"),
        ];
        for c in bad {
            let e = window(None, Some(c)).unwrap_err();
            let ext = e.extensions.unwrap();
            assert_eq!(ext.get("field"), Some(&"after".into()), "{c}");
        }
        let after = Cursor(4).encode_cursor();
        let w = window(Some(3), Some(&after)).unwrap();
        assert_eq!((w.offset, w.first), (5, 3));
        let deep = Cursor(u64::MAX).encode_cursor();
        let e = window(None, Some(&deep)).unwrap_err();
        assert_eq!(e.extensions.unwrap().get("field"), Some(&"after".into()));
        for first in [0, -1, 101] {
            let e = window(Some(first), None).unwrap_err();
            let ext = e.extensions.unwrap();
            assert_eq!(ext.get("code"), Some(&"VALIDATION_ERROR".into()));
            assert_eq!(ext.get("field"), Some(&"first".into()), "{first}");
        }
    }
}
