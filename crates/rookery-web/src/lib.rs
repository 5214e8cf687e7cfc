//! Server-rendered HTML: the public pages of people and notes (`public`), the page shell
//! (`layout`) and embedded assets (`assets`), and the built-in web client.

pub mod assets;
pub mod client;
pub mod layout;
pub mod negotiate;
pub mod public;
