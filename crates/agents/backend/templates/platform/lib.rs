//! The shared runtime of every service of this app: configuration, errors,
//! authentication, database access under row-level security, input
//! validation, lists, calls to other services, health, metrics, logs and the
//! HTTP server with graceful shutdown.

pub mod auth;
pub mod body;
pub mod config;
pub mod db;
pub mod list;
pub mod metrics;
pub mod problem;
pub mod ratelimit;
pub mod remote;
pub mod rows;
pub mod server;
pub mod telemetry;
pub mod testing;
pub mod uploads;
pub mod validate;

pub use auth::Caller;
pub use problem::{FieldError, Problem};
