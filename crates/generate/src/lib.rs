//! The generation engine.
//!
//! Agents ([`Agent`]) each own a part of the generated system. The
//! [`orchestrate`] module runs them over a checked blueprint, in parallel
//! where their declared inputs allow, into one in-memory [`FileSet`]; the
//! [`output`] module then writes that set atomically next to a manifest
//! ([`manifest`], `keel.lock`) that tells keel's files from the user's.
//!
//! Nothing here reads a clock or the network except the event log's
//! timestamps, which never reach the generated files.

pub mod agent;
pub mod events;
pub mod fileset;
pub mod manifest;
pub mod orchestrate;
pub mod output;
pub mod template;

pub use agent::{Agent, AgentError, Input};
pub use fileset::FileSet;
pub use orchestrate::{RunError, run};
