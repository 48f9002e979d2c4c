//! The frontend agent: `web/`, a React + TypeScript + Vite app for the
//! blueprint, with a typed API client generated from the contracts
//! (`api/<service>.yaml`), its unit tests (Vitest) and an end-to-end
//! journey (playwright-core) with the plan for this app.
//!
//! Invariants of what it writes:
//! - every call to the API goes through the generated client, whose types
//!   come from the contracts: a contract change that breaks a page breaks
//!   `tsc`, not the user;
//! - the session lives in httpOnly cookies: no token, secret or server
//!   setting is ever read by or compiled into the app;
//! - dependency versions are exact and pinned by a lockfile;
//! - a contract the client generator does not understand is an error.

mod auth;
pub mod entities;
mod journey;
pub mod openapi;
pub mod package;
pub mod tsval;
pub mod typescript;

use std::collections::BTreeMap;

use keel_blueprint::Blueprint;
use keel_generate::template::Templates;
use keel_generate::{Agent, AgentError, FileSet, Input};

pub use openapi::{Contract, ContractError};

pub struct FrontendAgent;

/// Files copied as they are: the app's runtime, pages, styles and tests.
const STATIC: &[(&str, &str)] = &[
    ("web/.gitignore", include_str!("../templates/app/gitignore")),
    (
        "web/tsconfig.json",
        include_str!("../templates/app/tsconfig.json"),
    ),
    (
        "web/vite.config.ts",
        include_str!("../templates/app/vite.config.ts"),
    ),
    (
        "web/src/main.tsx",
        include_str!("../templates/app/src/main.tsx"),
    ),
    (
        "web/src/App.tsx",
        include_str!("../templates/app/src/App.tsx"),
    ),
    (
        "web/src/styles.css",
        include_str!("../templates/app/src/styles.css"),
    ),
    (
        "web/src/access.ts",
        include_str!("../templates/app/src/access.ts"),
    ),
    (
        "web/src/format.ts",
        include_str!("../templates/app/src/format.ts"),
    ),
    (
        "web/src/validate.ts",
        include_str!("../templates/app/src/validate.ts"),
    ),
    (
        "web/src/values.ts",
        include_str!("../templates/app/src/values.ts"),
    ),
    (
        "web/src/api/http.ts",
        include_str!("../templates/app/src/api/http.ts"),
    ),
    (
        "web/src/auth/session.tsx",
        include_str!("../templates/app/src/auth/session.tsx"),
    ),
    (
        "web/src/entities/types.ts",
        include_str!("../templates/app/src/entities/types.ts"),
    ),
    (
        "web/src/ui/ConfirmDialog.tsx",
        include_str!("../templates/app/src/ui/ConfirmDialog.tsx"),
    ),
    (
        "web/src/ui/FieldInput.tsx",
        include_str!("../templates/app/src/ui/FieldInput.tsx"),
    ),
    (
        "web/src/ui/Layout.tsx",
        include_str!("../templates/app/src/ui/Layout.tsx"),
    ),
    (
        "web/src/ui/Pagination.tsx",
        include_str!("../templates/app/src/ui/Pagination.tsx"),
    ),
    (
        "web/src/ui/Rows.tsx",
        include_str!("../templates/app/src/ui/Rows.tsx"),
    ),
    (
        "web/src/ui/Value.tsx",
        include_str!("../templates/app/src/ui/Value.tsx"),
    ),
    (
        "web/src/ui/states.tsx",
        include_str!("../templates/app/src/ui/states.tsx"),
    ),
    (
        "web/src/ui/useForm.ts",
        include_str!("../templates/app/src/ui/useForm.ts"),
    ),
    (
        "web/src/ui/useLoad.ts",
        include_str!("../templates/app/src/ui/useLoad.ts"),
    ),
    (
        "web/src/pages/AuthPage.tsx",
        include_str!("../templates/app/src/pages/AuthPage.tsx"),
    ),
    (
        "web/src/pages/DetailPage.tsx",
        include_str!("../templates/app/src/pages/DetailPage.tsx"),
    ),
    (
        "web/src/pages/FormPage.tsx",
        include_str!("../templates/app/src/pages/FormPage.tsx"),
    ),
    (
        "web/src/pages/HomePage.tsx",
        include_str!("../templates/app/src/pages/HomePage.tsx"),
    ),
    (
        "web/src/pages/ListPage.tsx",
        include_str!("../templates/app/src/pages/ListPage.tsx"),
    ),
    (
        "web/src/pages/NotFoundPage.tsx",
        include_str!("../templates/app/src/pages/NotFoundPage.tsx"),
    ),
    (
        "web/tests/unit/http.test.ts",
        include_str!("../templates/app/tests/unit/http.test.ts"),
    ),
    (
        "web/tests/unit/access.test.ts",
        include_str!("../templates/app/tests/unit/access.test.ts"),
    ),
    (
        "web/tests/unit/validate.test.ts",
        include_str!("../templates/app/tests/unit/validate.test.ts"),
    ),
    (
        "web/tests/unit/form.test.tsx",
        include_str!("../templates/app/tests/unit/form.test.tsx"),
    ),
    (
        "web/tests/unit/detail.test.tsx",
        include_str!("../templates/app/tests/unit/detail.test.tsx"),
    ),
    (
        "web/tests/e2e/journey.mjs",
        include_str!("../templates/app/tests/e2e/journey.mjs"),
    ),
    (
        "web/tests/visual/baselines/README.md",
        include_str!("../templates/app/tests/visual/baselines/README.md"),
    ),
];

fn templates() -> Result<Templates, AgentError> {
    Templates::new(&[
        (
            "entity.ts",
            include_str!("../templates/generated/entity.ts"),
        ),
        (
            "app.config.ts",
            include_str!("../templates/generated/app.config.ts"),
        ),
        (
            "entities.index.ts",
            include_str!("../templates/generated/entities.index.ts"),
        ),
        (
            "index.html",
            include_str!("../templates/generated/index.html"),
        ),
        (
            "README.md",
            include_str!("../templates/generated/README.md"),
        ),
    ])
}

/// `in_review` → `In review`; `cart items` → `Cart items`.
pub fn humanize(name: &str) -> String {
    let words = name.replace(['_', '-'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Reads the contract of each service (`api/<service>.yaml`), by service
/// name; other files under `api/` (linter settings) are not contracts.
pub fn contracts(
    blueprint: &Blueprint,
    files: &FileSet,
) -> Result<BTreeMap<String, Contract>, ContractError> {
    let mut out = BTreeMap::new();
    for service in &blueprint.services {
        let path = format!("api/{}.yaml", service.name);
        let Some(file) = files.get(&path) else {
            continue;
        };
        let text = std::str::from_utf8(&file.contents).map_err(|_| ContractError {
            file: path.clone(),
            pointer: String::new(),
            message: "not UTF-8 text".into(),
        })?;
        out.insert(service.name.clone(), openapi::parse(&path, text)?);
    }
    Ok(out)
}

/// Generates `web/` from the blueprint and the contracts.
pub fn generate(blueprint: &Blueprint, files: &FileSet) -> Result<FileSet, AgentError> {
    let other = |e: ContractError| AgentError::Other(e.to_string());
    let contracts = contracts(blueprint, files).map_err(other)?;
    let contract = |service: &str| {
        contracts.get(service).ok_or_else(|| {
            AgentError::Other(format!(
                "api/{service}.yaml is missing: the web client is generated from the contracts, \
                 which the contracts agent writes"
            ))
        })
    };
    let templates = templates()?;
    let mut out = FileSet::new();
    for (path, text) in STATIC {
        out.add(*path, *text)?;
    }
    out.add("web/package.json", package::package_json(&blueprint.app))?;
    out.add(
        "web/package-lock.json",
        package::package_lock(&blueprint.app),
    )?;
    let page = serde_json::json!({
        "title": humanize(&blueprint.app),
        "description": blueprint.description,
        "app": blueprint.app,
    });
    out.add("web/index.html", templates.render("index.html", &page)?)?;
    out.add("web/README.md", templates.render("README.md", &page)?)?;
    out.add("web/public/favicon.svg", favicon(&blueprint.app))?;

    for service in &blueprint.services {
        let c = contract(&service.name)?;
        out.add(
            format!("web/src/api/{}.ts", service.name),
            typescript::client(c, &service.name).map_err(other)?,
        )?;
    }
    out.add(
        "web/src/app.config.ts",
        auth::config(blueprint, contract(keel_blueprint::IDENTITY)?, &templates)?,
    )?;
    let mut index = Vec::new();
    for entity in &blueprint.entities {
        let file = entity.names.snake.replace('_', "-");
        out.add(
            format!("web/src/entities/{file}.ts"),
            entities::config(blueprint, entity, contract(&entity.service)?, &templates)?,
        )?;
        index.push(serde_json::json!({ "ident": entities::ident(entity), "file": file }));
    }
    out.add(
        "web/src/entities/index.ts",
        templates.render(
            "entities.index.ts",
            serde_json::json!({ "entities": index }),
        )?,
    )?;
    out.add("web/tests/e2e/plan.json", journey::plan(blueprint))?;
    Ok(out)
}

/// The app's initial on a rounded square, in the accent colour.
fn favicon(app: &str) -> String {
    let initial = app.chars().next().unwrap_or('k').to_ascii_uppercase();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">\
<rect width=\"32\" height=\"32\" rx=\"8\" fill=\"#3b5bdb\"/>\
<text x=\"16\" y=\"22\" font-family=\"Arial, sans-serif\" font-size=\"18\" font-weight=\"700\" \
text-anchor=\"middle\" fill=\"#fff\">{initial}</text></svg>\n"
    )
}

impl Agent for FrontendAgent {
    fn name(&self) -> &'static str {
        "frontend"
    }

    fn summary(&self) -> &'static str {
        "React + TypeScript web app: typed API client from the contracts, pages, forms, unit and end-to-end tests"
    }

    fn reads(&self) -> &'static [&'static str] {
        &["api/"]
    }

    fn writes(&self) -> &'static [&'static str] {
        &["web/"]
    }

    fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError> {
        generate(input.blueprint, input.files)
    }
}
