//! Files sent with a message: PDF, JPEG or PNG only, told by their first bytes (never by the
//! name or the browser's content type), at most [`MAX_FILES`] per message within the clinic's
//! caps per file and per message. Images are decoded (within pixel and memory bounds, so a small
//! file that declares a huge image is refused before it is allocated) and encoded again, upright,
//! which drops their metadata (camera, place, time); a PDF with scripts, launch actions or
//! embedded files is refused. Anything refused stores nothing. Files are stored sealed under a
//! name the server chose; the sender's file name is kept (sealed) only to show.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::{DomainError, DomainResult, i18n::Said, said};

/// Files per message.
pub const MAX_FILES: usize = 4;
/// Default cap per file.
pub const DEFAULT_FILE_LIMIT: usize = 6 * 1024 * 1024;
/// Default cap for a message's files together.
pub const DEFAULT_MESSAGE_LIMIT: usize = 10 * 1024 * 1024;
/// The widest or tallest image accepted, in pixels.
const MAX_SIDE: u32 = 10_000;
/// The most memory one image may take while decoded.
const MAX_DECODED_BYTES: u64 = 256 * 1024 * 1024;

/// The clinic's caps (settings `PORTICO_ATTACHMENT_FILE_LIMIT`, `PORTICO_ATTACHMENT_MESSAGE_LIMIT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttachmentLimits {
    pub per_file: usize,
    pub per_message: usize,
}

impl Default for AttachmentLimits {
    fn default() -> Self {
        Self {
            per_file: DEFAULT_FILE_LIMIT,
            per_message: DEFAULT_MESSAGE_LIMIT,
        }
    }
}

/// The kinds of file accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }

    /// The kind a stored content type names.
    pub fn parse(content_type: &str) -> Option<Self> {
        [FileKind::Pdf, FileKind::Jpeg, FileKind::Png]
            .into_iter()
            .find(|k| k.content_type() == content_type)
    }

    /// The kind the file's first bytes say, if it is one accepted.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else {
            None
        }
    }
}

/// A file as it came: the name the sender's device gave it, and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A file checked and cleaned, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanFile {
    pub kind: FileKind,
    /// What to call it when shown and saved: the sender's name, tidied, with the real extension.
    pub name: String,
    pub bytes: Vec<u8>,
}

fn megabytes(bytes: usize) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb.fract() == 0.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// The sender's file name, tidied for showing and saving: letters, digits, spaces and `-_.()`,
/// at most 80 characters, with the extension of what the file really is.
fn display_name(name: &str, kind: FileKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let mut clean: String = stem
        .chars()
        .filter(|c| c.is_alphanumeric() || " -_.()".contains(*c))
        .take(80)
        .collect();
    clean = clean.trim().trim_matches('.').to_owned();
    if clean.is_empty() {
        clean = "file".into();
    }
    format!("{clean}.{}", kind.extension())
}

/// Words in a PDF that make it do more than show pages.
const ACTIVE_PDF: [&[u8]; 4] = [b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile"];

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Decodes an image within the bounds and encodes it again, upright, without its metadata.
fn reencode(kind: FileKind, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let format = match kind {
        FileKind::Jpeg => ImageFormat::Jpeg,
        FileKind::Png => ImageFormat::Png,
        FileKind::Pdf => return Err("not an image".into()),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    let mut out = Cursor::new(Vec::new());
    match kind {
        FileKind::Jpeg => {
            // JPEG has no transparency: keep the colour, drop an alpha channel if any.
            let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
            rgb.write_to(&mut out, ImageFormat::Jpeg)
        }
        _ => image.write_to(&mut out, ImageFormat::Png),
    }
    .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// Checks and cleans one file. Blocking work (images are decoded): run it off the async threads.
pub fn check(upload: Upload, limits: AttachmentLimits) -> DomainResult<CleanFile> {
    let shown = upload.name.trim();
    // "letter.pdf: the file is empty" (the sender's name for it, as it came).
    let refuse = |why: Said| {
        let said = if shown.is_empty() {
            said!("msg-unnamed-file-refused")
        } else {
            said!("msg-file-refused", file = shown)
        };
        DomainError::validation("files", said.nested("why", why))
    };
    if upload.bytes.is_empty() {
        return Err(refuse(said!("msg-file-empty")));
    }
    if upload.bytes.len() > limits.per_file {
        return Err(refuse(said!(
            "msg-file-too-large",
            size = megabytes(limits.per_file)
        )));
    }
    let kind = FileKind::sniff(&upload.bytes).ok_or_else(|| refuse(said!("msg-file-kind")))?;
    let bytes = match kind {
        FileKind::Pdf => {
            if ACTIVE_PDF.iter().any(|w| contains(&upload.bytes, w)) {
                return Err(refuse(said!("msg-file-active-pdf")));
            }
            upload.bytes
        }
        FileKind::Jpeg | FileKind::Png => reencode(kind, &upload.bytes).map_err(|_| {
            refuse(said!(
                "msg-file-unreadable-image",
                kind = if kind == FileKind::Png { "PNG" } else { "JPEG" },
                max = MAX_SIDE
            ))
        })?,
    };
    Ok(CleanFile {
        name: display_name(&upload.name, kind),
        kind,
        bytes,
    })
}

/// Checks a message's files: at most [`MAX_FILES`], within the cap for the message, each within
/// its own; the first refusal refuses them all.
pub fn check_all(uploads: Vec<Upload>, limits: AttachmentLimits) -> DomainResult<Vec<CleanFile>> {
    if uploads.len() > MAX_FILES {
        return Err(DomainError::validation(
            "files",
            said!("msg-too-many-files", max = MAX_FILES),
        ));
    }
    let total: usize = uploads.iter().map(|u| u.bytes.len()).sum();
    if total > limits.per_message {
        return Err(DomainError::validation(
            "files",
            said!("msg-files-too-large", size = megabytes(limits.per_message)),
        ));
    }
    uploads.into_iter().map(|u| check(u, limits)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = DynamicImage::new_rgb8(width, height);
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn upload(name: &str, bytes: Vec<u8>) -> Upload {
        Upload {
            name: name.into(),
            bytes,
        }
    }

    fn refusal(result: DomainResult<CleanFile>) -> String {
        match result {
            Err(DomainError::Validation { message, .. }) => message.to_string(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn the_first_bytes_decide_not_the_name() {
        let limits = AttachmentLimits::default();
        // A PNG named .pdf is a PNG, saved as .png.
        let clean = check(upload("scan.pdf", png(4, 3)), limits).unwrap();
        assert_eq!(clean.kind, FileKind::Png);
        assert_eq!(clean.name, "scan.png");
        // HTML named .png, an SVG, a zip: refused.
        for (name, bytes) in [
            (
                "photo.png",
                b"<html><script>alert(1)</script></html>".to_vec(),
            ),
            (
                "drawing.svg",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
            ),
            ("records.zip", b"PK\x03\x04rest".to_vec()),
        ] {
            assert!(refusal(check(upload(name, bytes), limits)).contains("not a PDF, JPEG or PNG"));
        }
        // A PDF that runs scripts is refused; a plain one is kept as it is.
        let active = b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (x) >> >>".to_vec();
        assert!(refusal(check(upload("a.pdf", active), limits)).contains("scripts"));
        let plain = b"%PDF-1.4\n%%EOF\n".to_vec();
        assert_eq!(
            check(upload("letter.PDF", plain.clone()), limits)
                .unwrap()
                .bytes,
            plain
        );
    }

    #[test]
    fn images_are_encoded_again_without_their_metadata() {
        use image::{ImageEncoder, codecs::jpeg::JpegEncoder};
        // A JPEG carrying EXIF with a place in it.
        let mut exif =
            b"II\x2a\0\x08\0\0\0\x01\0\x0e\x01\x02\0\x10\0\0\0\x1a\0\0\0\0\0\0\0".to_vec();
        exif.extend_from_slice(b"Taken 12 Elm St\0");
        let mut bytes = Vec::new();
        let mut encoder = JpegEncoder::new(&mut bytes);
        encoder.set_exif_metadata(exif).unwrap();
        encoder
            .write_image(&[200u8; 8 * 8 * 3], 8, 8, image::ExtendedColorType::Rgb8)
            .unwrap();
        assert!(contains(&bytes, b"Elm St"), "the fixture carries the place");
        let clean = check(upload("me.jpeg", bytes), AttachmentLimits::default()).unwrap();
        assert_eq!(clean.kind, FileKind::Jpeg);
        assert_eq!(clean.name, "me.jpg");
        assert!(!contains(&clean.bytes, b"Elm St"));
        assert!(!contains(&clean.bytes, b"Exif"));
        // Still a picture of the same size.
        let again = image::load_from_memory(&clean.bytes).unwrap();
        assert_eq!((again.width(), again.height()), (8, 8));
    }

    #[test]
    fn a_small_file_declaring_a_huge_image_is_refused() {
        // 100,000 × 100,000 pixels declared in a 100-byte header.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(
            refusal(check(
                upload("bomb.png", bytes),
                AttachmentLimits::default()
            ))
            .contains("could not be read")
        );
    }

    #[test]
    fn caps_count_and_size() {
        let limits = AttachmentLimits {
            per_file: 1024,
            per_message: 1500,
        };
        let big = upload("big.pdf", [b"%PDF-".as_slice(), &[b' '; 2000]].concat());
        assert!(refusal(check(big, limits)).contains("larger than"));
        let files = vec![upload("a.png", png(2, 2)); MAX_FILES + 1];
        assert!(check_all(files, AttachmentLimits::default()).is_err());
        let two = vec![
            upload("a.pdf", [b"%PDF-".as_slice(), &[b' '; 900]].concat()),
            upload("b.pdf", [b"%PDF-".as_slice(), &[b' '; 900]].concat()),
        ];
        assert!(
            check_all(two, limits)
                .unwrap_err()
                .to_string()
                .contains("together")
        );
        assert!(refusal(check(upload("", Vec::new()), limits)).contains("empty"));
    }

    #[test]
    fn refusals_are_said_in_the_senders_language() {
        use crate::i18n::Locale;
        let said = |result: DomainResult<CleanFile>| match result {
            Err(DomainError::Validation { message, .. }) => message,
            other => panic!("expected a refusal, got {other:?}"),
        };
        let limits = AttachmentLimits {
            per_file: 1024,
            per_message: 1500,
        };
        let html = said(check(upload("page.png", b"<html>".to_vec()), limits));
        assert_eq!(
            html.to_string(),
            "page.png: not a PDF, JPEG or PNG file; only those can be sent"
        );
        assert_eq!(
            html.in_language(Locale::Es),
            "page.png: no es un archivo PDF, JPEG ni PNG; solo se pueden enviar esos"
        );
        let big = upload("big.pdf", [b"%PDF-".as_slice(), &[b' '; 2000]].concat());
        assert_eq!(
            said(check(big, limits)).in_language(Locale::Es),
            format!(
                "big.pdf: pesa más de {} (el máximo por archivo)",
                megabytes(1024)
            )
        );
        assert_eq!(
            said(check(upload(" ", Vec::new()), limits)).in_language(Locale::Es),
            "El archivo: el archivo está vacío"
        );
        let five = vec![upload("a.png", png(2, 2)); MAX_FILES + 1];
        match check_all(five, AttachmentLimits::default()) {
            Err(DomainError::Validation { message, .. }) => {
                assert_eq!(message.to_string(), "send at most 4 files with one message");
                assert_eq!(
                    message.in_language(Locale::Es),
                    "envíe como máximo 4 archivos por mensaje"
                );
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn names_are_tidied() {
        assert_eq!(
            display_name("../../etc/passwd", FileKind::Pdf),
            "passwd.pdf"
        );
        assert_eq!(
            display_name("C:\\Users\\me\\x-ray (1).JPG", FileKind::Jpeg),
            "x-ray (1).jpg"
        );
        assert_eq!(display_name("<script>.png", FileKind::Png), "script.png");
        assert_eq!(display_name("", FileKind::Png), "file.png");
    }
}
