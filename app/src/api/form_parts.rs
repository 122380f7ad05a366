//! Reading a multipart form's parts as they arrive (the uploads): a short text part up to a cap,
//! and a file part stopped as soon as it passes its caps (the rest of the body is never read).

use super::ApiError;

/// Appends a text part to `into`; past `max` bytes in all, `too_long()` is the answer.
pub(crate) async fn read_text(
    field: &mut multer::Field<'_>,
    into: &mut String,
    max: usize,
    unreadable: impl Fn(multer::Error) -> ApiError,
    too_long: impl FnOnce() -> ApiError,
) -> Result<(), ApiError> {
    while let Some(chunk) = field.chunk().await.map_err(&unreadable)? {
        if into.len() + chunk.len() > max {
            return Err(too_long());
        }
        into.push_str(&String::from_utf8_lossy(&chunk));
    }
    Ok(())
}

/// A file part's bytes. After each chunk, `over(chunk_length, read_so_far)` may stop the read
/// with its answer.
pub(crate) async fn read_file(
    field: &mut multer::Field<'_>,
    unreadable: impl Fn(multer::Error) -> ApiError,
    mut over: impl FnMut(usize, usize) -> Option<ApiError>,
) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(&unreadable)? {
        bytes.extend_from_slice(&chunk);
        if let Some(refusal) = over(chunk.len(), bytes.len()) {
            return Err(refusal);
        }
    }
    Ok(bytes)
}
