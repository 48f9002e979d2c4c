//! The contracts agent: an OpenAPI 3.1 document per service,
//! `api/<service>.yaml`, derived from the blueprint by the conventions of
//! `docs/generated-system.md` (paths, lists, problems, cookies).
//!
//! [`operations`] is the one description of every route, shared with the
//! agents that implement the routes and call them, so that the services,
//! the web client and the contract cannot disagree.
//!
//! Invariants of every document:
//! - every string schema has a `maxLength` (or an `enum`), every number a
//!   `minimum` and `maximum`, every array a `maxItems`; request bodies reject
//!   unknown properties;
//! - every schema has an example, and every example satisfies its schema;
//! - 401 and 403 appear only on operations where they can happen;
//! - every component is used, and the bytes depend on the blueprint alone.

mod access;
mod document;
mod examples;
mod fields;
mod identity;
mod operation;
mod pattern;
mod problems;
mod query;
mod routes;
mod schemas;
mod uploads;
mod yaml;

pub use access::{Auth, creator_reads};
pub use document::{ContractError, document, operations};
pub use fields::{SAFE_INTEGER, upload_field_key};
pub use identity::manager_role;
pub use identity::schemas::{
    DISPLAY_NAME_MAX, EMAIL_MAX, ORGANIZATION_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN, TOKEN_PATTERN,
};
pub use operation::{Body, Kind, Method, Operation, ParamValue, QueryParam, Success};
pub use query::{
    DEFAULT_SORT, LIMIT_DEFAULT, LIMIT_MAX, OFFSET_MAX, SEARCH_MAX, filters, list_params, sort_keys,
};
pub use routes::updatable;
pub use schemas::CREATED;

use keel_blueprint::{Blueprint, Service};
use keel_generate::{Agent, AgentError, FileSet, Input};

pub struct ContractsAgent;

/// Spectral's ruleset for the contracts, written beside them so that the
/// app's own CI lints them the way keel does.
pub const SPECTRAL_RULESET_PATH: &str = "api/.spectral.yaml";
const SPECTRAL_RULESET: &str = "# Spectral's OpenAPI rules; the contracts here pass them without warnings:\n#   spectral lint --fail-severity warn --ruleset api/.spectral.yaml api/*.yaml\nextends: [\"spectral:oas\"]\n";

/// The path of a service's contract.
pub fn contract_path(service: &str) -> String {
    format!("api/{service}.yaml")
}

/// The YAML text of a service's contract.
pub fn render(blueprint: &Blueprint, service: &Service) -> Result<String, ContractError> {
    let doc = document(blueprint, service)?;
    Ok(yaml::to_string(&doc))
}

impl Agent for ContractsAgent {
    fn name(&self) -> &'static str {
        "contracts"
    }

    fn summary(&self) -> &'static str {
        "OpenAPI 3.1 contracts: every route, schema, error and security requirement per service"
    }

    fn writes(&self) -> &'static [&'static str] {
        &["api/"]
    }

    fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError> {
        let mut out = FileSet::new();
        for service in &input.blueprint.services {
            let text =
                render(input.blueprint, service).map_err(|e| AgentError::Other(e.to_string()))?;
            out.add(contract_path(&service.name), text)?;
        }
        out.add(SPECTRAL_RULESET_PATH, SPECTRAL_RULESET)?;
        Ok(out)
    }
}
