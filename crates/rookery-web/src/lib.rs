//! Server-rendered public pages and the built-in web client (filled by the web issue).
