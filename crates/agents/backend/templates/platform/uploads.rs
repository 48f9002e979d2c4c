//! Uploaded files, stored in the service's `uploads` table.

use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::Problem;
use crate::db::{Tx, db_error};

/// Stores `data`; returns `{id, content_type, size}`.
pub async fn store(
    tx: &mut Tx,
    content_type: &str,
    data: &[u8],
) -> Result<serde_json::Value, Problem> {
    if data.is_empty() {
        return Err(Problem::bad_request("the upload is empty"));
    }
    let sha256: String = Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    sqlx::query_scalar(
        "INSERT INTO uploads (content_type, size, sha256, data) VALUES ($1, $2, $3, $4) \
         RETURNING jsonb_build_object('id', id, 'content_type', content_type, 'size', size)",
    )
    .bind(content_type)
    .bind(data.len() as i64)
    .bind(sha256)
    .bind(data)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error)
}

/// The media type and bytes of upload `id`.
pub async fn load(tx: &mut Tx, id: Uuid) -> Result<Option<(String, Vec<u8>)>, Problem> {
    sqlx::query_as("SELECT content_type, data FROM uploads WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)
}
