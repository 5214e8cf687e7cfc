//! Versia v0.6 federation: entities, Ed25519 signatures, inbox pipeline, deliverer (filled by the Versia issue).
