//! TypeScript from a contract: a type per component schema and a typed
//! function per operation (`src/api/<service>.ts`).

use std::fmt::Write as _;

use serde_json::Value;

use crate::openapi::{Body, Contract, ContractError, Operation, is_identifier};

/// Keywords that describe or bound a value but do not change its type.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "examples",
    "example",
    "default",
    "format",
    "readOnly",
    "writeOnly",
    "deprecated",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "contentMediaType",
    "contentEncoding",
    "externalDocs",
    "xml",
];

/// Keywords the client understands.
const SHAPES: &[&str] = &[
    "type",
    "enum",
    "const",
    "$ref",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "oneOf",
    "anyOf",
];

struct Ctx<'a> {
    contract: &'a Contract,
}

impl Ctx<'_> {
    fn err(&self, at: &str, message: impl Into<String>) -> ContractError {
        ContractError {
            file: self.contract.file.clone(),
            pointer: at.to_owned(),
            message: message.into(),
        }
    }

    /// The TypeScript type of a schema. `indent` is the current nesting.
    fn ty(&self, schema: &Value, at: &str, indent: usize) -> Result<String, ContractError> {
        let obj = match schema {
            Value::Bool(true) => return Ok("unknown".into()),
            Value::Bool(false) => return Ok("never".into()),
            Value::Object(o) => o,
            _ => return Err(self.err(at, "a schema must be an object")),
        };
        if let Some(key) = obj
            .keys()
            .find(|k| !ANNOTATIONS.contains(&k.as_str()) && !SHAPES.contains(&k.as_str()))
        {
            return Err(self.err(
                at,
                format!("`{key}` is not supported by the web client generator"),
            ));
        }
        if let Some(r) = obj.get("$ref") {
            let r = r.as_str().unwrap_or_default();
            let name = r.strip_prefix("#/components/schemas/").ok_or_else(|| {
                self.err(at, format!("`$ref: {r}` must point at a component schema"))
            })?;
            if !self.contract.schemas.contains_key(name) {
                return Err(self.err(
                    at,
                    format!("`$ref: {r}` names a schema that does not exist"),
                ));
            }
            return Ok(name.to_owned());
        }
        if let Some(c) = obj.get("const") {
            return Ok(literal(c));
        }
        if let Some(values) = obj.get("enum") {
            let values = values
                .as_array()
                .filter(|v| !v.is_empty())
                .ok_or_else(|| self.err(at, "`enum` must be a non-empty list"))?;
            return Ok(values.iter().map(literal).collect::<Vec<_>>().join(" | "));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(options) = obj.get(key) {
                let options = options
                    .as_array()
                    .ok_or_else(|| self.err(at, format!("`{key}` must be a list")))?;
                let mut types = Vec::new();
                for (i, o) in options.iter().enumerate() {
                    types.push(self.ty(o, &format!("{at}.{key}[{i}]"), indent)?);
                }
                return Ok(types.join(" | "));
            }
        }
        let types: Vec<&str> = match obj.get("type") {
            None => return Ok("unknown".into()),
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            Some(_) => return Err(self.err(at, "`type` must be a string or a list")),
        };
        let mut out = Vec::new();
        for t in types {
            out.push(match t {
                "string" if obj.get("format").and_then(Value::as_str) == Some("binary") => {
                    "Blob".into()
                }
                "string" => "string".into(),
                "integer" | "number" => "number".into(),
                "boolean" => "boolean".into(),
                "null" => "null".into(),
                "array" => {
                    let items = obj.get("items").unwrap_or(&Value::Bool(true));
                    let inner = self.ty(items, &format!("{at}.items"), indent)?;
                    if inner.contains(' ') {
                        format!("({inner})[]")
                    } else {
                        format!("{inner}[]")
                    }
                }
                "object" => self.object(obj, at, indent)?,
                other => return Err(self.err(at, format!("type `{other}` is not supported"))),
            });
        }
        Ok(out.join(" | "))
    }

    fn object(
        &self,
        obj: &serde_json::Map<String, Value>,
        at: &str,
        indent: usize,
    ) -> Result<String, ContractError> {
        let props = obj.get("properties").and_then(Value::as_object);
        let extra = match obj.get("additionalProperties") {
            None | Some(Value::Bool(false)) => None,
            Some(Value::Bool(true)) => Some("unknown".to_owned()),
            Some(s) => Some(self.ty(s, &format!("{at}.additionalProperties"), indent)?),
        };
        let Some(props) = props.filter(|p| !p.is_empty()) else {
            return Ok(format!(
                "Record<string, {}>",
                extra.unwrap_or_else(|| "never".into())
            ));
        };
        let required: Vec<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let pad = "  ".repeat(indent + 1);
        let mut s = String::from("{\n");
        for (name, schema) in props {
            if let Some(d) = schema.get("description").and_then(Value::as_str) {
                let _ = writeln!(s, "{pad}/** {} */", doc(d));
            }
            let ro = if schema.get("readOnly") == Some(&Value::Bool(true)) {
                "readonly "
            } else {
                ""
            };
            let opt = if required.contains(&name.as_str()) {
                ""
            } else {
                "?"
            };
            let key = if is_identifier(name) {
                name.clone()
            } else {
                literal(&Value::String(name.clone()))
            };
            let t = self.ty(schema, &format!("{at}.properties.{name}"), indent + 1)?;
            let _ = writeln!(s, "{pad}{ro}{key}{opt}: {t};");
        }
        if let Some(extra) = extra {
            let _ = writeln!(s, "{pad}[key: string]: {extra};");
        }
        s.push_str(&"  ".repeat(indent));
        s.push('}');
        Ok(s)
    }
}

/// A JSON value as a TypeScript literal type or expression.
pub fn literal(v: &Value) -> String {
    serde_json::to_string(v).expect("JSON values serialise")
}

/// Text safe inside a `/** */` comment, on one line.
pub fn doc(text: &str) -> String {
    text.replace("*/", "* /").replace('\n', " ")
}

/// `listRecipes` → `ListRecipesQuery`.
pub fn query_type(op: &Operation) -> String {
    let mut c = op.id.chars();
    let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or_default();
    format!("{first}{}Query", c.as_str())
}

/// Renders `src/api/<service>.ts`.
pub fn client(contract: &Contract, service: &str) -> Result<String, ContractError> {
    let ctx = Ctx { contract };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "// Generated by keel from {} — do not edit; change the contract and regenerate.\n",
        contract.file
    );
    let _ = writeln!(s, "import {{ request }} from \"./http\";\n");
    let _ = writeln!(
        s,
        "export const SERVICE = {};\n",
        literal(&Value::String(service.into()))
    );
    for (name, schema) in &contract.schemas {
        let at = format!("components.schemas.{name}");
        if let Some(d) = schema.get("description").and_then(Value::as_str) {
            let _ = writeln!(s, "/** {} */", doc(d));
        }
        let t = ctx.ty(schema, &at, 0)?;
        if t.starts_with('{') {
            let _ = writeln!(s, "export interface {name} {t}\n");
        } else {
            let _ = writeln!(s, "export type {name} = {t};\n");
        }
    }
    for op in &contract.operations {
        function(&ctx, op, &mut s)?;
    }
    Ok(s)
}

fn function(ctx: &Ctx<'_>, op: &Operation, s: &mut String) -> Result<(), ContractError> {
    let at = format!("paths.{}.{}", op.path, op.method.as_upper().to_lowercase());
    let mut args = Vec::new();
    for p in &op.path_params {
        args.push(format!("{p}: string"));
    }
    let mut opts = Vec::new();
    if !op.query.is_empty() {
        let qt = query_type(op);
        let _ = writeln!(s, "export type {qt} = {{");
        for p in &op.query {
            if !is_identifier(&p.name) {
                return Err(ctx.err(
                    &at,
                    format!("query parameter `{}` is not an identifier", p.name),
                ));
            }
            let t = ctx.ty(&p.schema, &format!("{at}.parameters.{}", p.name), 1)?;
            let _ = writeln!(s, "  {}{}: {t};", p.name, if p.required { "" } else { "?" });
        }
        let _ = writeln!(s, "}};\n");
        if op.query.iter().any(|p| p.required) {
            args.push(format!("query: {qt}"));
        } else {
            args.push(format!("query: {qt} = {{}}"));
        }
        opts.push("query".to_owned());
    }
    match &op.request {
        Body::Json(schema) => {
            args.push(format!(
                "body: {}",
                ctx.ty(schema, &format!("{at}.requestBody"), 0)?
            ));
            opts.push("json: body".into());
        }
        Body::Binary(_) => {
            // The Blob's own type is sent as Content-Type; the server checks it.
            args.push("body: Blob".into());
            opts.push("body".into());
        }
        Body::None => {}
    }
    let ret = match &op.response {
        Body::Json(schema) => ctx.ty(schema, &format!("{at}.responses"), 0)?,
        Body::Binary(_) => "Blob".into(),
        Body::None => "void".into(),
    };
    // The session's own endpoints must not trigger a refresh of the session.
    let auth_flow = op.path.contains("/auth/") && !op.path.ends_with("/auth/me");
    if auth_flow {
        opts.push("noRefresh: true".into());
    }
    let path = if op.path_params.is_empty() {
        literal(&Value::String(op.path.clone()))
    } else {
        let mut p = op.path.replace('`', "\\`");
        for name in &op.path_params {
            p = p.replace(
                &format!("{{{name}}}"),
                &format!("${{encodeURIComponent({name})}}"),
            );
        }
        format!("`{p}`")
    };
    let summary = if op.summary.is_empty() {
        op.id.clone()
    } else {
        doc(&op.summary)
    };
    let _ = writeln!(
        s,
        "/** {summary}: `{} {}` */",
        op.method.as_upper(),
        op.path
    );
    let _ = writeln!(
        s,
        "export function {}({}): Promise<{ret}> {{",
        op.id,
        args.join(", ")
    );
    let method = literal(&Value::String(op.method.as_upper().into()));
    if opts.is_empty() {
        let _ = writeln!(s, "  return request<{ret}>({method}, {path});");
    } else {
        let _ = writeln!(
            s,
            "  return request<{ret}>({method}, {path}, {{ {} }});",
            opts.join(", ")
        );
    }
    let _ = writeln!(s, "}}\n");
    Ok(())
}
