//! Quicklooks of acquisitions: the image a person looks at before accepting or refusing one,
//! decoded off the window's thread and cached on disk by its catalogue id.

/// A decoded quicklook, ready to become a texture.
#[derive(Clone, PartialEq)]
pub struct QuicklookImage {
    /// Width, pixels.
    pub width: usize,
    /// Height, pixels.
    pub height: usize,
    /// RGBA, row by row.
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for QuicklookImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "QuicklookImage({}×{})", self.width, self.height)
    }
}

impl QuicklookImage {
    /// Decodes a PNG or JPEG as the service sent it.
    pub fn decode(bytes: &[u8]) -> Result<QuicklookImage, String> {
        let image = image::load_from_memory(bytes)
            .map_err(|e| format!("the quicklook is not an image sattask can read: {e}"))?
            .to_rgba8();
        Ok(QuicklookImage {
            width: image.width() as usize,
            height: image.height() as usize,
            rgba: image.into_raw(),
        })
    }
}

/// A file name for a catalogue id in the cache folder: letters, digits, `-` and `_` kept,
/// anything else (a `/` or `..` from a service) replaced, so an id never leaves the folder.
pub fn cache_name(catalog_id: &str) -> String {
    let safe: String = catalog_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.img")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_name_never_leaves_its_folder() {
        assert_eq!(cache_name("DS_PHR1B_2026"), "DS_PHR1B_2026.img");
        assert_eq!(cache_name("../../etc/passwd"), "______etc_passwd.img");
    }

    #[test]
    fn what_is_not_an_image_is_said() {
        let error = QuicklookImage::decode(b"<html>").unwrap_err();
        assert!(error.contains("not an image"), "{error}");
    }
}
