//! Readiness: can this process reach its database and its storage?

use serde::Serialize;

use super::Services;

#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    pub ready: bool,
    pub database: Check,
    pub storage: Check,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Check {
    fn from(result: Result<(), String>) -> Self {
        match result {
            Ok(()) => Check {
                ok: true,
                error: None,
            },
            Err(e) => Check {
                ok: false,
                error: Some(e),
            },
        }
    }
}

impl Services {
    pub async fn readiness(&self) -> Readiness {
        let database = Check::from(self.db().ping().await.map_err(|e| e.to_string()));
        let storage = Check::from(self.check_storage().await);
        Readiness {
            ready: database.ok && storage.ok,
            database,
            storage,
        }
    }

    async fn check_storage(&self) -> Result<(), String> {
        self.storage().check().await.map_err(|e| e.to_string())
    }
}
