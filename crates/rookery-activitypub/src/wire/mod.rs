//! ActivityPub wire types: how peers really shape actors, objects, activities and
//! collections. Tolerant on input (scalars or arrays, ids or embedded objects, any
//! spelling of Public), exact on output (what Mastodon writes).

pub mod activity;
pub mod actor;
pub mod any;
pub mod attachment;
pub mod audience;
pub mod collection;
pub mod context;
pub mod image;
pub mod kind;
pub mod language_map;
pub mod lenient;
pub mod link;
pub mod nodeinfo;
pub mod object;
pub mod object_or_id;
pub mod one_or_many;
pub mod public;
pub mod reference;
pub mod tag;
pub mod visibility;
pub mod webfinger;

pub use activity::{Activity, ActivityType};
pub use actor::{
    Actor, ActorType, Endpoints, Multikey, ProfileAttachment, PropertyValue, PublicKeyPem,
};
pub use any::AnyObject;
pub use attachment::Attachment;
pub use audience::Audience;
pub use collection::{Collection, CollectionType};
pub use context::{Context, ContextEntry};
pub use image::{Image, ImageRef};
pub use language_map::LanguageMap;
pub use link::{Link, LinkRef};
pub use nodeinfo::{NodeInfo, Services, Software, Usage, Users};
pub use object::{Closed, Object, ObjectType, PollOption, PollVotes, Source};
pub use object_or_id::{HasId, ObjectOrId};
pub use one_or_many::OneOrMany;
pub use public::{is_public, normalize_public, PUBLIC};
pub use reference::Reference;
pub use tag::{Emoji, Hashtag, Mention, Tag};
pub use visibility::{addressing, infer, infer_object, Inferred};
pub use webfinger::{Jrd, JrdLink};
