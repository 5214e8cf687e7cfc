//! rookery-versia: the Versia v0.6 adapter. Protocol foundation so far: wire entities
//! (`entities`), strict JSON (`json`), instance keys (`keys`), signatures (`signature`),
//! validation and authorship (`validate`) and the URL layout (`paths`). The inbox
//! pipeline, routes and deliverer build on these.
//!
//! Normative reference: the implementers' digest `versia.md` (sections cited in each
//! file as "versia.md §N").

pub mod entities;
pub mod json;
pub mod keys;
pub mod paths;
pub mod signature;
pub mod validate;

pub use entities::{Entity, EntityError, Reference};
pub use keys::{InstanceKey, InstancePublicKey, KeyError};
pub use signature::{
    parse_signature_headers, sign_request, sign_response, verify_request, verify_response,
    PendingSignature, SignatureError, SignatureHeaders,
};
pub use validate::{check_authorship, check_domain, ValidationError, ValidationMode, Validator};
