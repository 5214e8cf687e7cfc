//! HTML policy: sanitize remote HTML, render local text.
