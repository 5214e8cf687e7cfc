//! ActivityPub federation: wire types, HTTP signatures, inbox pipeline, deliverer (filled by the ActivityPub issue).
