//! Webhook deliveries turned into sync jobs for the packages whose repository matches.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use super::{ServiceError, ServiceResult, Services};
use crate::db::entities::package;
use crate::domain::webhook::{self, Provider};

#[derive(Debug, Clone, Serialize)]
pub struct Queued {
    pub package: String,
    pub job_id: i64,
}

impl Services {
    /// The configured secret of a provider.
    pub fn webhook_secret(&self, provider: Provider) -> Option<&str> {
        let w = &self.settings().webhooks;
        let secret = match provider {
            Provider::Github => w.github_secret.as_ref(),
            Provider::Gitlab => w.gitlab_secret.as_ref(),
            Provider::Bitbucket => w.bitbucket_secret.as_ref(),
        };
        secret.map(|s| s.expose()).filter(|s| !s.is_empty())
    }

    /// Queues a sync of every package of `tenant_id` whose repository is one of `urls`
    /// (normalized). A burst of deliveries for one repository queues one job.
    pub async fn queue_webhook_syncs(
        &self,
        tenant_id: i64,
        urls: &[String],
    ) -> ServiceResult<Vec<Queued>> {
        if urls.is_empty() {
            return Err(ServiceError::invalid("the payload names no repository"));
        }
        let packages = package::Entity::find()
            .filter(package::Column::TenantId.eq(tenant_id))
            .all(self.db())
            .await?;
        let mut out = Vec::new();
        for p in packages {
            let Some(url) = webhook::normalize_url(&p.repository_url) else {
                continue;
            };
            if urls.contains(&url) {
                let job_id = self.jobs().queue_sync(tenant_id, p.id, "webhook").await?;
                out.push(Queued {
                    package: p.name,
                    job_id,
                });
            }
        }
        Ok(out)
    }
}
