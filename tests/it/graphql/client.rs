//! A registry for the GraphQL tests: the server on 127.0.0.1:0 with `ADMIN_TOKEN` set and
//! admin tokens of each level, `acme/lib` in a local repository, and clients for
//! `POST /graphql` and for subscriptions over a WebSocket (graphql-transport-ws).

use std::time::Duration;

use cargoman::config::{Secret, Settings};
use cargoman::service::{Ctx, Services};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::support::TestDb;
use crate::support::registry::lib_repo;

/// The configured owner credential (`ADMIN_TOKEN`).
pub const OWNER: &str = "adm_configured_owner_token_for_graphql_tests";

pub struct Gql {
    /// Lives as long as the server (its folder and database go with it).
    _db: TestDb,
    pub services: Services,
    /// Owner principal, as the CLI acts.
    pub ctx: Ctx,
    pub url: String,
    /// Work tree of `acme/lib`'s repository.
    pub repo: String,
    pub admin: String,
    pub viewer: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Gql {
    /// A server with the default `[graphql]` settings; `acme/lib` has `tags` but is not
    /// registered.
    pub async fn start(db: TestDb, tags: &[&str]) -> Self {
        Self::start_with(db, tags, |_| {}).await
    }

    pub async fn start_with(db: TestDb, tags: &[&str], tweak: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = db.settings();
        settings.admin.token = Some(Secret::new(OWNER));
        // The test repositories are local paths.
        settings.security.repository_allow_local = true;
        tweak(&mut settings);
        let services = db.services_with(settings).await;
        let ctx = db.ctx(&services).await;
        let repo = db.path().join("acme-lib");
        lib_repo(&repo, tags);
        let issue = |level: &'static str| {
            let (services, ctx) = (services.clone(), ctx.clone());
            async move {
                let issued = services.admin_tokens().issue(&ctx, level, None).await;
                issued.expect("admin token").plain_token
            }
        };
        let admin = issue("admin").await;
        let viewer = issue("viewer").await;
        let (url, stop, _) = crate::serve::start(services.clone()).await;
        Self {
            _db: db,
            services,
            ctx,
            url,
            repo: repo.to_str().unwrap().to_string(),
            admin,
            viewer,
            stop: Some(stop),
        }
    }

    /// Registers and syncs `acme/lib` through the services.
    pub async fn add_package(&self) {
        let input = cargoman::service::packages::NewPackage {
            url: self.repo.clone(),
            name: Some("acme/lib".into()),
            ..Default::default()
        };
        self.services
            .packages()
            .add(&self.ctx, input)
            .await
            .unwrap();
        let progress = &cargoman::service::sync::NoProgress;
        let syncer = self.services.sync();
        syncer
            .package(&self.ctx, "acme/lib", progress)
            .await
            .expect("sync");
    }

    /// `POST /graphql` with `token` as Bearer credential: the status and the body.
    pub async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> (u16, Value) {
        let body = json!({"query": query, "variables": variables}).to_string();
        self.post_raw(token, "application/json", body).await
    }

    pub async fn post_raw(
        &self,
        token: Option<&str>,
        content_type: &str,
        body: String,
    ) -> (u16, Value) {
        let mut req = reqwest::Client::new()
            .post(format!("{}/graphql", self.url))
            .header("content-type", content_type)
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        let body = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{status}, not JSON ({e}): {text}"));
        (status, body)
    }

    /// The `data` of a query that must succeed.
    pub async fn data(&self, token: &str, query: &str, variables: Value) -> Value {
        let (status, body) = self.post(Some(token), query, variables).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.get("errors").is_none(), "{query}: {body}");
        body["data"].clone()
    }

    /// The one error of a query that must fail in execution: (code, field, body).
    pub async fn error(
        &self,
        token: &str,
        query: &str,
        variables: Value,
    ) -> (String, Option<String>, Value) {
        let (status, body) = self.post(Some(token), query, variables).await;
        assert_eq!(status, 200, "GraphQL errors are answered with 200: {body}");
        let errors = body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors: {body}"));
        assert_eq!(errors.len(), 1, "{body}");
        let ext = &errors[0]["extensions"];
        let code = ext["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no code: {body}"));
        let field = ext["field"].as_str().map(String::from);
        (code.to_string(), field, body)
    }

    /// A subscription over `ws://…/graphql`, authenticated in `connection_init`.
    pub async fn subscribe(&self, token: &str, query: &str) -> Subscriber {
        let mut ws = Subscriber::connect(&self.url, None).await;
        ws.init(json!({"Authorization": format!("Bearer {token}")}))
            .await;
        ws.expect_ack().await;
        ws.start(query).await;
        ws
    }
}

impl Drop for Gql {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-transport-ws client.
pub struct Subscriber {
    ws: Socket,
}

impl Subscriber {
    /// Opens the socket (with `Authorization: Bearer` when `header` is given); the
    /// HTTP status of a refused upgrade otherwise.
    pub async fn try_connect(url: &str, header: Option<&str>) -> Result<Self, u16> {
        let mut req = format!("{}/graphql", url.replacen("http://", "ws://", 1))
            .into_client_request()
            .unwrap();
        let h = req.headers_mut();
        h.insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        if let Some(t) = header {
            h.insert("authorization", format!("Bearer {t}").parse().unwrap());
        }
        match tokio_tungstenite::connect_async(req).await {
            Ok((ws, _)) => Ok(Self { ws }),
            Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Err(resp.status().as_u16()),
            Err(e) => panic!("websocket: {e}"),
        }
    }

    pub async fn connect(url: &str, header: Option<&str>) -> Self {
        Self::try_connect(url, header).await.expect("upgrade")
    }

    pub async fn send(&mut self, msg: Value) {
        self.ws.send(Message::text(msg.to_string())).await.unwrap();
    }

    pub async fn init(&mut self, payload: Value) {
        self.send(json!({"type": "connection_init", "payload": payload}))
            .await;
    }

    /// The next message: a JSON text, or None when the server closed the socket.
    pub async fn recv(&mut self) -> Option<Value> {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(60), self.ws.next())
                .await
                .expect("a message within a minute");
            match msg {
                Some(Ok(Message::Text(t))) => return Some(serde_json::from_str(&t).unwrap()),
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
                Some(Ok(_)) => continue,
            }
        }
    }

    pub async fn expect_ack(&mut self) {
        let ack = self.recv().await.expect("connection_ack");
        assert_eq!(ack["type"], "connection_ack", "{ack}");
    }

    pub async fn start(&mut self, query: &str) {
        let msg = json!({"id": "1", "type": "subscribe", "payload": {"query": query}});
        self.send(msg).await;
    }

    /// The `data` of the next event (probes of [`Gql::listening`] skipped).
    pub async fn next(&mut self) -> Value {
        loop {
            let msg = self.recv().await.expect("an event");
            assert_eq!(msg["type"], "next", "{msg}");
            assert!(msg["payload"].get("errors").is_none(), "{msg}");
            let data = msg["payload"]["data"].clone();
            if !is_probe(&data) {
                return data;
            }
        }
    }
}

fn is_probe(data: &Value) -> bool {
    data["packageSynced"]["package"] == PROBE_PACKAGE
        || data["customerActivity"]["action"] == "probe"
}

const PROBE_PACKAGE: &str = "probe/probe";

impl Gql {
    /// Returns once `sub` hears events: a subscription starts listening when the server
    /// first runs it, a moment after it was sent. Probes are published until one
    /// arrives (later copies are skipped by [`Subscriber::next`]).
    /// `customer_id` is the customer a `customerActivity` subscription is limited to.
    pub async fn listening(&self, sub: &mut Subscriber, customer_id: i64) {
        use cargoman::service::events::{Event, PackageSynced};
        let tenant_id = self.ctx.tenant_id;
        for _ in 0..100 {
            self.services
                .events()
                .customer_activity(tenant_id, customer_id, "probe", "probe");
            self.services
                .events()
                .publish(Event::PackageSynced(PackageSynced {
                    tenant_id,
                    package: PROBE_PACKAGE.into(),
                    added: Vec::new(),
                    updated: Vec::new(),
                    removed: Vec::new(),
                    error: None,
                    at: chrono::Utc::now(),
                }));
            if let Ok(Some(msg)) =
                tokio::time::timeout(Duration::from_millis(200), sub.recv()).await
            {
                assert!(is_probe(&msg["payload"]["data"]), "{msg}");
                return;
            }
        }
        panic!("the subscription never started");
    }
}
