//! The part of an OpenAPI 3.1 document the web client is generated from:
//! operations (method, path, parameters, bodies) and component schemas.
//!
//! Anything the generator does not understand is an error naming the file
//! and the place in it, never a silently weaker client.

use std::collections::BTreeMap;

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: {pointer}: {message}")]
pub struct ContractError {
    pub file: String,
    /// JSON pointer-like location (`paths./api/x.get.responses`).
    pub pointer: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub required: bool,
    pub schema: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// `application/json` with this schema.
    Json(Value),
    /// Raw bytes of one of these media types.
    Binary(Vec<String>),
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub id: String,
    pub method: Method,
    pub path: String,
    pub summary: String,
    pub path_params: Vec<String>,
    pub query: Vec<Param>,
    pub request: Body,
    pub response: Body,
}

impl Operation {
    pub fn query_param(&self, name: &str) -> Option<&Param> {
        self.query.iter().find(|p| p.name == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// `api/cookbook.yaml`
    pub file: String,
    pub operations: Vec<Operation>,
    /// Component schemas by name, sorted.
    pub schemas: BTreeMap<String, Value>,
}

impl Contract {
    pub fn operation(&self, method: Method, path: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|o| o.method == method && o.path == path)
    }

    /// A component schema, following a `$ref` if the value is one.
    pub fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => r
                .strip_prefix("#/components/schemas/")
                .and_then(|n| self.schemas.get(n))
                .unwrap_or(schema),
            None => schema,
        }
    }
}

struct Reader<'a> {
    file: &'a str,
    doc: &'a Value,
}

impl Reader<'_> {
    fn err(&self, pointer: impl Into<String>, message: impl Into<String>) -> ContractError {
        ContractError {
            file: self.file.to_owned(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// Follows a local `$ref` (`#/components/parameters/limit`).
    fn deref<'v>(&'v self, value: &'v Value, at: &str) -> Result<&'v Value, ContractError> {
        let Some(r) = value.get("$ref") else {
            return Ok(value);
        };
        let r = r
            .as_str()
            .ok_or_else(|| self.err(at, "`$ref` must be a string"))?;
        let path = r.strip_prefix("#/").ok_or_else(|| {
            self.err(
                at,
                format!("only local references are supported, not `{r}`"),
            )
        })?;
        let mut node = self.doc;
        for part in path.split('/') {
            node = node
                .get(part)
                .ok_or_else(|| self.err(at, format!("`{r}` does not exist")))?;
        }
        Ok(node)
    }
}

const METHODS: [(&str, Method); 5] = [
    ("get", Method::Get),
    ("post", Method::Post),
    ("put", Method::Put),
    ("patch", Method::Patch),
    ("delete", Method::Delete),
];

/// Parses a contract's YAML text.
pub fn parse(file: &str, text: &str) -> Result<Contract, ContractError> {
    let node = keel_blueprint::yaml::parse(text).map_err(|d| ContractError {
        file: file.to_owned(),
        pointer: String::new(),
        message: format!(
            "not readable YAML: {}",
            d.first().map(|d| d.message.clone()).unwrap_or_default()
        ),
    })?;
    let doc = node.to_json();
    let r = Reader { file, doc: &doc };
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.") {
        return Err(r.err(
            "openapi",
            format!("expected an OpenAPI 3 document, found `{version}`"),
        ));
    }
    let mut schemas = BTreeMap::new();
    if let Some(map) = doc.pointer("/components/schemas") {
        let map = map
            .as_object()
            .ok_or_else(|| r.err("components.schemas", "must be a map"))?;
        for (name, schema) in map {
            if !is_identifier(name) {
                return Err(r.err(
                    format!("components.schemas.{name}"),
                    "a schema name must be a TypeScript identifier",
                ));
            }
            schemas.insert(name.clone(), schema.clone());
        }
    }
    let mut operations = Vec::new();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| r.err("paths", "the document has no paths"))?;
    for (path, item) in paths {
        for (key, method) in METHODS {
            if let Some(op) = item.get(key) {
                operations.push(operation(&r, path, method, op)?);
            }
        }
        if let Some(other) = item.as_object().and_then(|m| {
            m.keys().find(|k| {
                !METHODS.iter().any(|(m, _)| m == k)
                    && !matches!(
                        k.as_str(),
                        "summary" | "description" | "parameters" | "servers"
                    )
            })
        }) {
            return Err(r.err(
                format!("paths.{path}.{other}"),
                "an operation the web client cannot call",
            ));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for op in &operations {
        if !seen.insert(op.id.as_str()) {
            return Err(r.err(
                format!("paths.{}", op.path),
                format!("operationId `{}` is used twice", op.id),
            ));
        }
    }
    Ok(Contract {
        file: file.to_owned(),
        operations,
        schemas,
    })
}

fn operation(
    r: &Reader<'_>,
    path: &str,
    method: Method,
    op: &Value,
) -> Result<Operation, ContractError> {
    let at = format!("paths.{path}.{}", method.as_upper().to_lowercase());
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or_else(|| r.err(&at, "the operation has no operationId"))?;
    if !is_identifier(id) {
        return Err(r.err(
            &at,
            format!("operationId `{id}` is not a TypeScript identifier"),
        ));
    }
    let mut path_params = Vec::new();
    let mut query = Vec::new();
    for (i, p) in op
        .get("parameters")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let pat = format!("{at}.parameters[{i}]");
        let p = r.deref(p, &pat)?;
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| r.err(&pat, "a parameter without a name"))?;
        let schema = p.get("schema").cloned().unwrap_or(Value::Bool(true));
        match p.get("in").and_then(Value::as_str) {
            Some("path") => path_params.push(name.to_owned()),
            Some("query") => query.push(Param {
                name: name.to_owned(),
                required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                schema,
            }),
            Some("header") | Some("cookie") => {}
            other => {
                return Err(r.err(
                    &pat,
                    format!("parameter location {other:?} is not supported"),
                ));
            }
        }
    }
    // Path parameters in the order they appear in the path.
    let mut ordered = Vec::new();
    for segment in path.split('/') {
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if !path_params.iter().any(|p| p == name) {
                return Err(r.err(&at, format!("path parameter `{name}` is not declared")));
            }
            if !is_identifier(name) {
                return Err(r.err(&at, format!("path parameter `{name}` is not an identifier")));
            }
            ordered.push(name.to_owned());
        }
    }
    let request = match op.get("requestBody") {
        Some(b) => content(
            r,
            r.deref(b, &format!("{at}.requestBody"))?,
            &format!("{at}.requestBody"),
        )?,
        None => Body::None,
    };
    let responses = op
        .get("responses")
        .and_then(Value::as_object)
        .ok_or_else(|| r.err(&at, "the operation has no responses"))?;
    let success = responses
        .iter()
        .find(|(status, _)| status.starts_with('2'))
        .ok_or_else(|| r.err(format!("{at}.responses"), "no successful (2xx) response"))?;
    let rat = format!("{at}.responses.{}", success.0);
    let response = content(r, r.deref(success.1, &rat)?, &rat)?;
    Ok(Operation {
        id: id.to_owned(),
        method,
        path: path.to_owned(),
        summary: op
            .get("summary")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        path_params: ordered,
        query,
        request,
        response,
    })
}

fn content(r: &Reader<'_>, body: &Value, at: &str) -> Result<Body, ContractError> {
    let Some(content) = body.get("content") else {
        return Ok(Body::None);
    };
    let content = content
        .as_object()
        .ok_or_else(|| r.err(at, "`content` must be a map"))?;
    if let Some(json) = content.get("application/json") {
        let schema = json
            .get("schema")
            .cloned()
            .ok_or_else(|| r.err(at, "an application/json body without a schema"))?;
        return Ok(Body::Json(schema));
    }
    if content.is_empty() {
        return Ok(Body::None);
    }
    if let Some(json_like) = content.keys().find(|k| k.contains("json")) {
        return Err(r.err(at, format!("media type `{json_like}` is not supported")));
    }
    Ok(Body::Binary(content.keys().cloned().collect()))
}

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}
