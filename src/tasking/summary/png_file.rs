//! The page as a PNG: RGBA pixels, and the summary's facts as text chunks (`Title` and
//! `Description`; Latin-1 `tEXt` where the words allow, UTF-8 `iTXt` otherwise) so that a
//! script, a test or a screen reader reads what the picture shows. Written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Summary, render};

/// The keyword of the text chunk holding the facts.
pub const FACTS_KEYWORD: &str = "Description";

/// Why a summary could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum SummaryError {
    /// The font shipped with egui could not be read (a broken build).
    #[error("the summary's font (Ubuntu Light, shipped with egui) could not be read: report this")]
    Font,
    /// No page could be allocated.
    #[error("no room for the summary's page in memory: close something and save it again")]
    Canvas,
    /// The PNG could not be encoded.
    #[error("the summary's PNG could not be encoded: {0}")]
    Encode(String),
    /// The file could not be written.
    #[error(
        "the summary could not be written to {path}: {source}; choose a folder you can write to"
    )]
    Write {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

fn encoding(e: impl std::fmt::Display) -> SummaryError {
    SummaryError::Encode(e.to_string())
}

/// Whether every character has a Latin-1 byte (what `tEXt` holds).
fn latin1(text: &str) -> bool {
    text.chars().all(|c| (c as u32) < 256)
}

/// The summary's page as PNG bytes, its facts in the text chunks.
pub fn encode_png(summary: &Summary) -> Result<Vec<u8>, SummaryError> {
    let page = render(summary)?;
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, page.width(), page.height());
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        for (keyword, text) in [
            ("Title", summary.title.clone()),
            (FACTS_KEYWORD, summary.text()),
        ] {
            if latin1(&text) {
                encoder
                    .add_text_chunk(keyword.to_owned(), text)
                    .map_err(encoding)?;
            } else {
                encoder
                    .add_itxt_chunk(keyword.to_owned(), text)
                    .map_err(encoding)?;
            }
        }
        let mut writer = encoder.write_header().map_err(encoding)?;
        // Every pixel is opaque, so the premultiplied pixels are the plain ones.
        writer.write_image_data(page.data()).map_err(encoding)?;
        writer.finish().map_err(encoding)?;
    }
    Ok(bytes)
}

/// Writes the summary's PNG to `path` atomically (a crash leaves the old file or the new one).
pub fn write_png(path: &Path, summary: &Summary) -> Result<(), SummaryError> {
    let bytes = encode_png(summary)?;
    let failed = |source| SummaryError::Write {
        path: path.to_owned(),
        source,
    };
    let mut file = atomic_write_file::AtomicWriteFile::open(path).map_err(failed)?;
    file.write_all(&bytes).map_err(failed)?;
    file.commit().map_err(failed)
}
