//! `src/app.config.ts`: the app's name, and the identity service's session
//! operations and sign-up/sign-in fields, bound from `api/identity.yaml`.

use keel_blueprint::Blueprint;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::humanize;
use crate::openapi::{Body, Contract, ContractError, Method, Operation};
use crate::tsval::render;

struct Session<'a> {
    sign_up: &'a Operation,
    sign_in: &'a Operation,
    sign_out: &'a Operation,
    refresh: &'a Operation,
    me: &'a Operation,
}

fn find<'a>(
    contract: &'a Contract,
    method: Method,
    path: &str,
    why: &str,
) -> Result<&'a Operation, ContractError> {
    contract
        .operation(method, path)
        .ok_or_else(|| ContractError {
            file: contract.file.clone(),
            pointer: "paths".into(),
            message: format!(
                "no `{} {path}`: the web app needs it to {why}",
                method.as_upper()
            ),
        })
}

fn session(contract: &Contract) -> Result<Session<'_>, ContractError> {
    Ok(Session {
        sign_up: find(
            contract,
            Method::Post,
            "/api/identity/auth/sign-up",
            "sign people up",
        )?,
        sign_in: find(
            contract,
            Method::Post,
            "/api/identity/auth/sign-in",
            "sign people in",
        )?,
        sign_out: find(
            contract,
            Method::Post,
            "/api/identity/auth/sign-out",
            "sign people out",
        )?,
        refresh: find(
            contract,
            Method::Post,
            "/api/identity/auth/refresh",
            "renew sessions",
        )?,
        me: find(
            contract,
            Method::Get,
            "/api/identity/auth/me",
            "know who is signed in",
        )?,
    })
}

/// The request schema's name and properties of a JSON body.
fn json_body<'a>(
    contract: &'a Contract,
    op: &'a Operation,
) -> Result<(&'a str, &'a Value), ContractError> {
    if let Body::Json(schema) = &op.request {
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            if let Some(s) = contract.schemas.get(name) {
                return Ok((name, s));
            }
        }
    }
    Err(ContractError {
        file: contract.file.clone(),
        pointer: format!("paths.{}", op.path),
        message: format!(
            "`{}` must take a JSON body naming a component schema",
            op.id
        ),
    })
}

/// Form fields of a credentials schema; `skip` are left out of the form.
fn fields(schema: &Value, skip: &[&str], also_required: &[&str]) -> Value {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (name, prop) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if skip.contains(&name.as_str()) {
            continue;
        }
        let kind = match prop.get("format").and_then(Value::as_str) {
            Some("email") => "email",
            Some("password") => "password",
            _ => "string",
        };
        let mut spec = Map::new();
        spec.insert("name".into(), json!(name));
        spec.insert("label".into(), json!(humanize(name)));
        spec.insert("kind".into(), json!(kind));
        spec.insert(
            "required".into(),
            json!(required.contains(&name.as_str()) || also_required.contains(&name.as_str())),
        );
        spec.insert("create".into(), json!(true));
        spec.insert("update".into(), json!(false));
        for key in ["minLength", "maxLength", "pattern"] {
            if let Some(v) = prop.get(key) {
                spec.insert(key.into(), v.clone());
            }
        }
        if let Some(d) = prop.get("description").and_then(Value::as_str) {
            // The first clause is for people; the rest is for developers.
            let first = d.split(';').next().unwrap_or(d).trim_end_matches('.');
            if kind == "password" || name == "organization_name" {
                spec.insert("help".into(), json!(format!("{first}.")));
            }
        }
        out.push(Value::Object(spec));
    }
    Value::Array(out)
}

#[derive(Serialize)]
struct Context {
    app: String,
    me: String,
    sign_up: String,
    sign_up_type: String,
    sign_in: String,
    sign_in_type: String,
    sign_out: String,
    refresh: String,
    sign_up_fields: String,
    sign_in_fields: String,
}

pub fn config(
    blueprint: &Blueprint,
    contract: &Contract,
    templates: &keel_generate::template::Templates,
) -> Result<String, keel_generate::AgentError> {
    let err = |e: ContractError| keel_generate::AgentError::Other(e.to_string());
    let s = session(contract).map_err(err)?;
    let (sign_up_type, sign_up_schema) = json_body(contract, s.sign_up).map_err(err)?;
    let (sign_in_type, sign_in_schema) = json_body(contract, s.sign_in).map_err(err)?;
    // A new account in a multi-tenant app starts its organization.
    let org: &[&str] = if blueprint.multi_tenant() {
        &["organization_name"]
    } else {
        &[]
    };
    let app = json!({
        "name": blueprint.app,
        "title": humanize(&blueprint.app),
        "description": blueprint.description,
        "multiTenant": blueprint.multi_tenant(),
    });
    let ctx = Context {
        app: render(&app, 0),
        me: s.me.id.clone(),
        sign_up: s.sign_up.id.clone(),
        sign_up_type: sign_up_type.to_owned(),
        sign_in: s.sign_in.id.clone(),
        sign_in_type: sign_in_type.to_owned(),
        sign_out: s.sign_out.id.clone(),
        refresh: s.refresh.id.clone(),
        sign_up_fields: render(&fields(sign_up_schema, &["invitation_token"], org), 0),
        sign_in_fields: render(&fields(sign_in_schema, &[], &[]), 0),
    };
    templates.render("app.config.ts", &ctx)
}
