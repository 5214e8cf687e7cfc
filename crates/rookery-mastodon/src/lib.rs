//! Mastodon-compatible client API and OAuth 2 (filled by the client API issue).
