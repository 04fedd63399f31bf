//! Rate-limit counts shared by every server of a deployment (`rate_counts`): each server
//! adds what it counted per caller and minute, and learns the deployment's total in the
//! same statement, so that N servers grant one budget, not N (product.md section 9).

use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{ServiceResult, Services};
use crate::db::entities::rate_count;

/// Rows per statement.
const CHUNK: usize = 200;

impl Services {
    /// Adds `counts` (caller key, requests counted here since the last call) to minute
    /// `minute` of `scope`; returns each key's total over all servers.
    pub async fn add_rate_counts(
        &self,
        scope: &str,
        minute: i64,
        counts: &[(String, i64)],
    ) -> ServiceResult<Vec<(String, i64)>> {
        let db = self.db();
        let backend = db.get_database_backend();
        let mut sorted: Vec<&(String, i64)> = counts.iter().collect();
        // One order for every server: concurrent upserts of the same keys cannot deadlock.
        sorted.sort();
        let mut totals = Vec::with_capacity(counts.len());
        for chunk in sorted.chunks(CHUNK) {
            let mut insert = Query::insert();
            insert.into_table(rate_count::Entity).columns([
                rate_count::Column::Scope,
                rate_count::Column::KeyHash,
                rate_count::Column::Minute,
                rate_count::Column::Count,
            ]);
            for (key, n) in chunk {
                insert.values_panic([scope.into(), key.clone().into(), minute.into(), (*n).into()]);
            }
            insert
                .on_conflict(
                    OnConflict::columns([
                        rate_count::Column::Scope,
                        rate_count::Column::KeyHash,
                        rate_count::Column::Minute,
                    ])
                    .value(
                        rate_count::Column::Count,
                        Expr::col((rate_count::Entity, rate_count::Column::Count)).add(Expr::col(
                            (
                                sea_orm::sea_query::Alias::new("excluded"),
                                rate_count::Column::Count,
                            ),
                        )),
                    )
                    .to_owned(),
                )
                .returning(
                    Query::returning()
                        .columns([rate_count::Column::KeyHash, rate_count::Column::Count]),
                );
            for row in db.query_all(backend.build(&insert)).await? {
                totals.push((
                    row.try_get::<String>("", "key_hash")?,
                    row.try_get::<i64>("", "count")?,
                ));
            }
        }
        Ok(totals)
    }

    /// Deletes the counts of minutes before `minute`.
    pub async fn prune_rate_counts(&self, minute: i64) -> ServiceResult<u64> {
        let res = rate_count::Entity::delete_many()
            .filter(rate_count::Column::Minute.lt(minute))
            .exec(self.db())
            .await?;
        Ok(res.rows_affected)
    }
}
