//! rookery-versia: the Versia v0.6 adapter. Protocol foundation: wire entities
//! (`entities`), strict JSON (`json`), instance keys (`keys`), signatures (`signature`),
//! validation and authorship (`validate`) and the URL layout (`paths`). Federation on
//! top: the shared state (`context`), remote keys and signed fetches (`remote`), the
//! outbox backfill of newly met users (`backfill`), the translation to and from core
//! (`mapping`), the inbox pipeline (`inbox`), the HTTP endpoints (`routes`), the core
//! adapter (`adapter`) and the deliverer (`deliver`).
//!
//! Normative reference: the implementers' digest `versia.md` (sections cited in each
//! file as "versia.md §N").

pub mod adapter;
pub mod backfill;
pub mod context;
pub mod deliver;
pub mod entities;
pub mod inbox;
pub mod json;
pub mod keys;
pub mod mapping;
pub mod paths;
pub mod peer_dialect;
pub mod remote;
pub mod routes;
pub mod signature;
pub mod validate;

pub use adapter::VersiaAdapter;
pub use context::{Versia, VersiaSettings, VersiaStores, INSTANCE_KEY_SECRET};
pub use deliver::VersiaDeliverer;
pub use entities::{Entity, EntityError, Reference};
pub use inbox::VersiaInboxApplier;
pub use keys::{InstanceKey, InstancePublicKey, KeyError};
pub use routes::router;
pub use signature::{
    parse_signature_headers, sign_request, sign_response, verify_request, verify_response,
    PendingSignature, SignatureError, SignatureHeaders,
};
pub use validate::{check_authorship, check_domain, ValidationError, ValidationMode, Validator};
