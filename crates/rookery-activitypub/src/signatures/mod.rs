//! HTTP signatures: draft-cavage and RFC 9421, with the Digest headers they cover.
