//! Handing the browser a file to save (a Blob and a temporary link), for exports and documents.

use crate::{api::records::Download, i18n::t};

/// What saving a file may say: an island that saves files asks for these words too, and saves
/// them where its words can be read: in a [`crate::components::form::Task`]'s `done`, or, from a
/// callback of another kind, under the island's owner (`Owner::with`).
pub const DOWNLOAD_WORDS: [&str; 3] = ["download-failed", "download-not-ready", "download-damaged"];

/// Saves `bytes` as `filename`.
pub fn save_bytes(filename: &str, content_type: &str, bytes: &[u8]) -> Result<(), String> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::document;
        use wasm_bindgen::JsCast;
        let failed = |_| t("download-failed");
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::of1(&array);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(content_type);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(failed)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
        let link = document()
            .create_element("a")
            .map_err(failed)?
            .unchecked_into::<web_sys::HtmlAnchorElement>();
        link.set_href(&url);
        link.set_download(filename);
        link.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Ok(())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (filename, content_type, bytes);
        Err(t("download-not-ready"))
    }
}

/// Saves a file a server function sent (base64).
pub fn save_download(download: &Download) -> Result<(), String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&download.base64)
        .map_err(|_| t("download-damaged"))?;
    save_bytes(&download.file_name, &download.content_type, &bytes)
}
