//! The operations of a service's HTTP API as plain data.
//!
//! This is the one description of every route that the contract, the
//! services' route tables and the web client's generated functions derive
//! from, so they cannot disagree. All types serialise, so templates of other
//! agents can read them directly.

use serde::Serialize;

use crate::access::Auth;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// The key of the operation in an OpenAPI path item.
    pub fn as_lower(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        }
    }
}

/// What an operation does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "name")]
pub enum Kind {
    List,
    Create,
    Get,
    Update,
    Delete,
    /// A state transition, by its snake_case name (`publish`, `mark_paid`).
    Transition(String),
    /// `POST /uploads`: a raw file body.
    Upload,
    /// `GET /uploads/{id}`: the file's bytes.
    Download,
    SignUp,
    SignIn,
    Refresh,
    SignOut,
    Me,
    Jwks,
    SwitchOrganization,
    AcceptInvitation,
    RevokeInvitation,
    /// `PUT /users/{id}/roles`: an admin replaces a user's roles (apps
    /// without tenancy; with tenancy roles live on memberships).
    SetUserRoles,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// `listRecipes`, `publishRecipe`: unique within the service.
    pub operation_id: String,
    pub method: Method,
    /// Full path including the service prefix: `/api/cookbook/recipes/{id}`.
    pub path: String,
    pub kind: Kind,
    /// The resource the operation is about: a blueprint entity (`Recipe`),
    /// or a built-in resource of the identity service (`User`,
    /// `Organization`, `Membership`, `Invitation`, `Upload`).
    pub resource: Option<String>,
    pub tag: String,
    pub summary: String,
    pub description: String,
    pub auth: Auth,
    /// Path parameters in order (`id`), all UUIDs.
    pub path_params: Vec<String>,
    pub query: Vec<QueryParam>,
    pub request: Option<Body>,
    pub response: Success,
    /// HTTP statuses of the problem responses it may answer, ascending.
    pub errors: Vec<u16>,
}

/// A query parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryParam {
    pub name: String,
    pub required: bool,
    pub description: String,
    #[serde(flatten)]
    pub value: ParamValue,
}

/// The type and bounds of a query parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ParamValue {
    /// `limit`: 1–100, default 20.
    Limit,
    /// `offset`: 0–10000, default 0.
    Offset,
    /// One of `keys`, each with and without a leading `-` (descending).
    Sort {
        keys: Vec<String>,
        default: String,
    },
    /// Full-text search words.
    Search,
    /// Equality on a UUID column (`owner_id`, `recipe_id`, a uuid field).
    Uuid,
    Boolean,
    Enum {
        values: Vec<String>,
    },
}

/// A request or response body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Body {
    /// `application/json` with the named component schema.
    Json { schema: String },
    /// Raw bytes of one of the media types (`image/png`), at most `max_size`.
    Binary {
        media_types: Vec<String>,
        max_size: u64,
    },
}

/// The successful answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Success {
    pub status: u16,
    pub body: Option<Body>,
    /// A `Location` header with the created resource's URL.
    pub location: bool,
    /// `Set-Cookie` headers with the session cookies.
    pub set_cookie: bool,
}

impl Success {
    pub fn json(status: u16, schema: impl Into<String>) -> Self {
        Success {
            status,
            body: Some(Body::Json {
                schema: schema.into(),
            }),
            location: false,
            set_cookie: false,
        }
    }

    pub fn no_content() -> Self {
        Success {
            status: 204,
            body: None,
            location: false,
            set_cookie: false,
        }
    }

    pub fn with_location(mut self) -> Self {
        self.location = true;
        self
    }

    pub fn with_cookies(mut self) -> Self {
        self.set_cookie = true;
        self
    }
}

/// Problem statuses: named so that the rules that pick them read clearly.
pub mod status {
    pub const BAD_REQUEST: u16 = 400;
    pub const UNAUTHORIZED: u16 = 401;
    pub const FORBIDDEN: u16 = 403;
    pub const NOT_FOUND: u16 = 404;
    pub const CONFLICT: u16 = 409;
    pub const TOO_LARGE: u16 = 413;
    pub const UNSUPPORTED_MEDIA_TYPE: u16 = 415;
    pub const UNPROCESSABLE: u16 = 422;
    pub const TOO_MANY_REQUESTS: u16 = 429;
    pub const UNAVAILABLE: u16 = 503;
}

/// Collects the problem statuses of an operation; always sorted and unique.
#[derive(Debug, Default)]
pub struct Errors(std::collections::BTreeSet<u16>);

impl Errors {
    /// Every operation can be rate limited by the gateway.
    pub fn new() -> Self {
        let mut e = Errors::default();
        e.0.insert(status::TOO_MANY_REQUESTS);
        e
    }

    pub fn add(mut self, status: u16) -> Self {
        self.0.insert(status);
        self
    }

    pub fn add_if(self, condition: bool, status: u16) -> Self {
        if condition { self.add(status) } else { self }
    }

    /// A JSON body: it can be malformed, too large, of the wrong media type
    /// or hold invalid fields.
    pub fn json_body(self) -> Self {
        self.add(status::BAD_REQUEST)
            .add(status::TOO_LARGE)
            .add(status::UNSUPPORTED_MEDIA_TYPE)
            .add(status::UNPROCESSABLE)
    }

    /// Credentials are read: a missing or invalid one is refused (an
    /// invalid one even where signing in is optional).
    pub fn credentials(self, auth: Auth) -> Self {
        let read = matches!(auth, Auth::Optional | Auth::Required | Auth::Refresh);
        self.add_if(read, status::UNAUTHORIZED)
    }

    pub fn into_vec(self) -> Vec<u16> {
        self.0.into_iter().collect()
    }
}
