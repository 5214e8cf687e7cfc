//! `rookery emoji ...`: the instance's own custom emoji (Mastodon's admin "custom
//! emoji"). The image goes through the media library like an upload (type sniffed from
//! the bytes, re-encoded without metadata) into the media directory. A running server
//! picks a change up within `local_emojis::RELOAD_EVERY`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Subcommand;
use rookery_core::emoji::{valid_local_shortcode, LocalEmoji, MAX_LOCAL_SHORTCODE};
use rookery_core::local_emojis::LocalEmojis;
use rookery_core::media::MediaFile;
use rookery_media::{small_url_of, MediaLibrary, StoredImage};

use crate::config::Config;
use crate::instance::{media_library, now, open_store};

/// Largest emoji image accepted, in bytes (Mastodon's limit for local emoji).
pub const MAX_EMOJI_BYTES: usize = 256 * 1024;
/// Longest category name, in characters.
const MAX_CATEGORY_CHARS: usize = 64;

#[derive(Debug, Subcommand)]
pub enum EmojiCommand {
    /// Add an emoji (or replace the image of an existing one) from a PNG, GIF or WebP
    /// file of at most 256 KiB. Used as `:SHORTCODE:` in posts and profiles.
    Add {
        /// 2 to 64 letters, digits or underscores, e.g. `blobcat`.
        shortcode: String,
        /// The image file.
        file: PathBuf,
        /// Groups the emoji in client pickers.
        #[arg(long)]
        category: Option<String>,
    },
    /// List the emoji: shortcode, category, image URL.
    List,
    /// Remove an emoji and its image file.
    Remove { shortcode: String },
}

pub async fn run(config: Config, command: EmojiCommand) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    let emojis = LocalEmojis::new(Arc::new(store.clone()));
    // Without a listener the port of a `localhost` setup is the configured one.
    let public_url = config.public_url(config.http.listen.parse::<SocketAddr>().ok());
    let media = media_library(&config, &public_url);
    let result = match command {
        EmojiCommand::Add {
            shortcode,
            file,
            category,
        } => match std::fs::read(&file) {
            Ok(bytes) => add(&emojis, &media, &shortcode, bytes, category)
                .await
                .map(|emoji| println!("added :{}: {}", emoji.shortcode, emoji.url)),
            Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", file.display())),
        },
        EmojiCommand::List => emojis
            .reload()
            .await
            .map(|()| print!("{}", render(&emojis.all())))
            .map_err(Into::into),
        EmojiCommand::Remove { shortcode } => {
            remove(&emojis, &media, &shortcode)
                .await
                .map(|removed| match removed {
                    true => println!("removed :{shortcode}:"),
                    false => println!(":{shortcode}: did not exist"),
                })
        }
    };
    store.close().await;
    result
}

/// Adds the emoji `shortcode` with the image `bytes` (or replaces its image), through
/// `emojis` so this process sees it at once. The CLI's `add`; tests call it too.
pub async fn add(
    emojis: &LocalEmojis,
    media: &MediaLibrary,
    shortcode: &str,
    bytes: Vec<u8>,
    category: Option<String>,
) -> anyhow::Result<LocalEmoji> {
    if !valid_local_shortcode(shortcode) {
        anyhow::bail!(
            "{shortcode:?}: a shortcode is 2 to {MAX_LOCAL_SHORTCODE} letters, digits or \
             underscores"
        );
    }
    if bytes.len() > MAX_EMOJI_BYTES {
        anyhow::bail!("the image is larger than {MAX_EMOJI_BYTES} bytes");
    }
    if !is_emoji_image(&bytes) {
        anyhow::bail!("the image must be PNG, GIF or WebP");
    }
    let category = category
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    if category
        .as_ref()
        .is_some_and(|c| c.chars().count() > MAX_CATEGORY_CHARS)
    {
        anyhow::bail!("a category is at most {MAX_CATEGORY_CHARS} characters");
    }
    let stored = media.store_image(bytes).await?;
    let at = now();
    let emoji = LocalEmoji {
        shortcode: shortcode.to_owned(),
        url: stored.original.url.clone(),
        media_type: stored.original.media_type.clone(),
        category,
        created_at: at,
        updated_at: at,
    };
    match emojis.put(&emoji).await {
        Ok(replaced) => {
            if let Some(old) = replaced {
                media.remove(&files_of(&old.url)).await;
            }
            Ok(emoji)
        }
        Err(error) => {
            media.remove(&stored).await;
            Err(error.into())
        }
    }
}

/// Removes the emoji `shortcode` and its files; whether it existed.
pub async fn remove(
    emojis: &LocalEmojis,
    media: &MediaLibrary,
    shortcode: &str,
) -> anyhow::Result<bool> {
    match emojis.remove(shortcode).await? {
        Some(old) => {
            media.remove(&files_of(&old.url)).await;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// PNG, GIF or WebP by their signatures, as Mastodon accepts for emoji (no JPEG: no
/// transparency). The media library sniffs again when it decodes.
fn is_emoji_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || (bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP")
}

/// The media files behind a stored emoji URL (the original and its thumbnail), for
/// removal; the library ignores names that are not its own.
fn files_of(url: &str) -> StoredImage {
    let file = |url: String| MediaFile {
        url,
        media_type: String::new(),
        width: 0,
        height: 0,
        size: 0,
    };
    StoredImage {
        original: file(url.to_owned()),
        small: file(small_url_of(url).unwrap_or_default()),
        blurhash: None,
    }
}

/// One line an emoji: shortcode, category (or `-`), URL.
fn render(emojis: &[LocalEmoji]) -> String {
    if emojis.is_empty() {
        return "no custom emoji\n".to_owned();
    }
    emojis
        .iter()
        .map(|e| {
            format!(
                ":{}:\t{}\t{}\n",
                e.shortcode,
                e.category.as_deref().unwrap_or("-"),
                e.url
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_png_gif_and_webp() {
        assert!(is_emoji_image(b"\x89PNG\r\n\x1a\n...."));
        assert!(is_emoji_image(b"GIF89a...."));
        assert!(is_emoji_image(b"RIFF\0\0\0\0WEBPVP8 "));
        assert!(!is_emoji_image(b"\xff\xd8\xff\xe0JFIF"));
        assert!(!is_emoji_image(b"<svg></svg>"));
    }

    #[test]
    fn files_of_an_emoji_url() {
        let files = files_of("https://a.test/media/0123456789abcdef0123456789abcdef.png");
        assert_eq!(
            files.small.url,
            "https://a.test/media/0123456789abcdef0123456789abcdef.small.png"
        );
    }
}
