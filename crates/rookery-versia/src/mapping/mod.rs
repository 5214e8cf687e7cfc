//! Translating between core's terms and Versia entities, both ways. Core decides who
//! sees and receives what; these functions only translate.

mod emojis;
mod ids;
mod media;
mod note_in;
mod note_out;
mod outbound;
mod polls;
mod profile;
mod refs;
mod text;
mod user;
mod vanity;

pub use emojis::with_user_emojis;
pub use ids::{interaction_id, interaction_target};
pub use note_in::{account_id, incoming_note, local_note_by_id, note_id};
pub use note_out::local_note;
pub use outbound::render_event;
pub use polls::{incoming_poll, poll_extension, vote_entity};
pub use refs::{account_ref, local_id, note_ref};
pub use user::{local_user, remote_account};
