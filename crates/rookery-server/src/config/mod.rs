//! Typed configuration: a TOML file plus `ROOKERY__SECTION__KEY` environment overrides,
//! validated once at start. Only this crate reads configuration or the environment.

mod duration;
mod load;
mod model;
mod validate;

pub use duration::HumanDuration;
pub use load::{load, ConfigError};
pub use model::{
    Config, DataConfig, DatabaseConfig, DeliveryConfig, FederationConfig, HttpConfig,
    InstanceConfig, LogConfig, MediaConfig, Registrations,
};
