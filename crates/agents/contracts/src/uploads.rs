//! Uploads: `POST /api/<service>/uploads?field=<entity>.<field>` takes a raw
//! file body, checked against that field's media types and size; entity
//! fields then hold the upload's id. `GET /api/<service>/uploads/{id}` serves it.

use keel_blueprint::{Blueprint, Entity, Field, FieldType, Op, Service};
use serde_json::{Value, json};

use crate::access::{self, Auth};
use crate::examples;
use crate::fields;
use crate::operation::{
    Body, Errors, Kind, Method, Operation, ParamValue, QueryParam, Success, status,
};

/// (The name `keel check` keeps free of entities in a service with files.)
pub const SCHEMA: &str = keel_blueprint::reserved::UPLOAD_ENTITY;
pub const TAG: &str = "uploads";
/// Longest media type name (RFC 6838: 127 + `/` + 127).
const MEDIA_TYPE_MAX: u32 = 255;

/// The file fields of a service, with their entities, in file order.
pub fn file_fields<'a>(
    blueprint: &'a Blueprint,
    service: &'a str,
) -> impl Iterator<Item = (&'a Entity, &'a Field)> + 'a {
    blueprint.entities_of(service).flat_map(|e| {
        e.fields
            .iter()
            .filter(|f| f.ty == FieldType::File)
            .map(move |f| (e, f))
    })
}

/// Every media type any file field of the service accepts, in first-seen
/// order; `application/octet-stream` stands for "anything" when a field
/// accepts any type.
pub fn media_types(blueprint: &Blueprint, service: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, field) in file_fields(blueprint, service) {
        let accepted = if field.accept.is_empty() {
            vec!["application/octet-stream".to_owned()]
        } else {
            field.accept.clone()
        };
        for media in accepted {
            if !out.contains(&media) {
                out.push(media);
            }
        }
    }
    out
}

fn largest(blueprint: &Blueprint, service: &str) -> u64 {
    file_fields(blueprint, service)
        .map(|(_, f)| f.max_size.unwrap_or(10 * 1024 * 1024))
        .max()
        .unwrap_or(0)
}

pub fn operations(blueprint: &Blueprint, service: &Service) -> Vec<Operation> {
    let files: Vec<(&Entity, &Field)> = file_fields(blueprint, &service.name).collect();
    if files.is_empty() {
        return Vec::new();
    }
    let base = format!("/api/{}/uploads", service.name);
    let anonymous = |ops: &[Op]| {
        files.iter().any(|(e, _)| {
            ops.iter()
                .any(|op| access::reach(blueprint, e, e.access.rule(*op)).anonymous)
        })
    };
    // Whoever may set a file field may upload for it; whoever may read the
    // rows may fetch their files.
    let upload_auth = if anonymous(&[Op::Create, Op::Update]) {
        Auth::Optional
    } else {
        Auth::Required
    };
    let download_auth = if anonymous(&[Op::Read]) {
        Auth::Optional
    } else {
        Auth::Required
    };
    let tenant = files.iter().any(|(e, _)| e.tenant_scoped);
    let media = media_types(blueprint, &service.name);
    let limits: Vec<String> = files
        .iter()
        .map(|(e, f)| {
            format!(
                "`{}`: {}, at most {}",
                fields::upload_field_key(e, f),
                if f.accept.is_empty() {
                    "any media type".to_owned()
                } else {
                    f.accept.join(", ")
                },
                fields::size(f.max_size.unwrap_or(10 * 1024 * 1024))
            )
        })
        .collect();

    let upload = Operation {
        operation_id: "createUpload".into(),
        method: Method::Post,
        path: base.clone(),
        kind: Kind::Upload,
        resource: Some(SCHEMA.into()),
        tag: TAG.into(),
        summary: "Upload a file".into(),
        description: format!(
            "Stores a file for a file field, named by `field`; the body is the raw file and `Content-Type` its media type. {}. Answers 415 for another media type and 413 for a larger file.",
            limits.join("; ")
        ),
        auth: upload_auth,
        path_params: Vec::new(),
        query: vec![QueryParam {
            name: "field".into(),
            required: true,
            description: "The field the file is for: `<entity>.<field>`.".into(),
            value: ParamValue::Enum {
                values: files
                    .iter()
                    .map(|(e, f)| fields::upload_field_key(e, f))
                    .collect(),
            },
        }],
        request: Some(Body::Binary {
            media_types: media.clone(),
            max_size: largest(blueprint, &service.name),
        }),
        response: Success::json(201, SCHEMA).with_location(),
        errors: Errors::new()
            .add(status::BAD_REQUEST)
            .credentials(upload_auth)
            .add_if(tenant, status::FORBIDDEN)
            .add(status::TOO_LARGE)
            .add(status::UNSUPPORTED_MEDIA_TYPE)
            .add(status::UNAVAILABLE)
            .into_vec(),
    };
    let download = Operation {
        operation_id: "getUpload".into(),
        method: Method::Get,
        path: format!("{base}/{{id}}"),
        kind: Kind::Download,
        resource: Some(SCHEMA.into()),
        tag: TAG.into(),
        summary: "Download a file".into(),
        description: "The bytes of an uploaded file, with its media type.".into(),
        auth: download_auth,
        path_params: vec!["id".into()],
        query: Vec::new(),
        request: None,
        response: Success {
            status: 200,
            body: Some(Body::Binary {
                media_types: media,
                max_size: largest(blueprint, &service.name),
            }),
            location: false,
            set_cookie: false,
        },
        errors: Errors::new()
            .add(status::BAD_REQUEST)
            .credentials(download_auth)
            .add_if(tenant, status::FORBIDDEN)
            .add(status::NOT_FOUND)
            .add(status::UNAVAILABLE)
            .into_vec(),
    };
    vec![upload, download]
}

/// The schema of a stored upload: `{id, content_type, size}`.
pub fn schema(blueprint: &Blueprint, service: &str) -> Value {
    let media = media_types(blueprint, service);
    let first = media.first().cloned().unwrap_or_default();
    let id = examples::uuid(&format!("upload:{service}"));
    let max = largest(blueprint, service);
    let size = 48213u64.min(max);
    let example = json!({ "id": id, "content_type": first, "size": size });
    fields::with_example(
        json!({
            "type": "object",
            "description": "A stored file; file fields hold its id.",
            "additionalProperties": false,
            "required": ["id", "content_type", "size"],
            "properties": {
                "id": fields::read_only(fields::uuid("The upload's id.", &id)),
                "content_type": fields::with_example(json!({
                    "type": "string",
                    "description": "The media type it was uploaded with.",
                    "maxLength": MEDIA_TYPE_MAX,
                }), json!(first)),
                "size": fields::with_example(json!({
                    "type": "integer",
                    "format": "int64",
                    "description": "Its size in bytes.",
                    "minimum": 0,
                    "maximum": max,
                }), json!(size)),
            },
        }),
        example,
    )
}
