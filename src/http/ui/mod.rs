//! The web UI (product.md section 10): the vendor dashboard at `/` and the customer
//! portal at `/portal`. Pages are askama templates compiled into the binary; the CSS and
//! the small script are embedded too. Every page parses its input, calls one service
//! operation with the session's principal and renders the result: nothing here talks to
//! the database.

pub mod assets;
pub mod audit;
pub mod customers;
pub mod overview;
pub mod packages;
pub mod page;
pub mod portal;
pub mod proxy;
pub mod session;
pub mod sign_in;
pub mod team;
pub mod tenants;

use poem::{Route, get, post};

/// The UI's routes, nested at the root of the server.
pub fn routes() -> Route {
    let r = Route::new();
    let r = packages::routes(r);
    let r = customers::routes(r);
    let r = audit::routes(r);
    let r = team::routes(r);
    let r = proxy::routes(r);
    let r = tenants::routes(r);
    r.at("/", get(overview::show))
        .at(
            "/login",
            get(sign_in::login_form).post(sign_in::login_submit),
        )
        .at("/logout", post(sign_in::sign_out))
        .at("/assets/:name", get(assets::serve))
        .nest("/portal", portal::routes())
}
