//! Component schemas of the identity service.

use keel_blueprint::{Blueprint, SignUp, USER};
use serde_json::{Map, Value, json};

use crate::examples::{self, DATETIME, LATER};
use crate::fields::{self, nullable, read_only, with_example};
use crate::schemas::{example_of, list};

pub const SIGN_UP: &str = "SignUp";
pub const SIGN_IN: &str = "SignIn";
pub const SESSION: &str = "Session";
pub const ME: &str = "Me";
pub const USER_PROFILE: &str = "UserProfile";
pub const JWKS: &str = "Jwks";
pub const JWK: &str = "Jwk";
pub const SWITCH_ORGANIZATION: &str = "SwitchOrganization";
pub const ORGANIZATION: &str = "Organization";
pub const ORGANIZATION_CREATE: &str = "OrganizationCreate";
pub const ORGANIZATION_UPDATE: &str = "OrganizationUpdate";
pub const MEMBERSHIP: &str = "Membership";
pub const MEMBERSHIP_UPDATE: &str = "MembershipUpdate";
pub const INVITATION: &str = "Invitation";
pub const INVITATION_CREATE: &str = "InvitationCreate";
pub const INVITATION_CREATED: &str = "InvitationCreated";
pub const INVITATION_ACCEPT: &str = "InvitationAccept";
pub const ROLES_UPDATE: &str = "RolesUpdate";
pub const USER_ROLES: &str = "UserRoles";

pub const EMAIL_MAX: u32 = 254;
pub const DISPLAY_NAME_MAX: u32 = 100;
pub const ORGANIZATION_NAME_MAX: u32 = 120;
/// NIST SP 800-63B (rev. 4) asks for at least 15 characters when a
/// password is the only factor.
pub const PASSWORD_MIN: u32 = 15;
pub const PASSWORD_MAX: u32 = 128;
/// Invitation tokens: 32 random bytes, base64url without padding.
pub const TOKEN_PATTERN: &str = "^[A-Za-z0-9_-]{43}$";

pub fn list_name(resource: &str) -> String {
    keel_blueprint::reserved::LIST_PAGE.of(resource)
}

/// A string property with bounds and an example.
fn text(description: &str, min: u32, max: u32, example: &str) -> Value {
    let mut s = json!({ "type": "string", "description": description });
    if min > 0 {
        s["minLength"] = json!(min);
    }
    s["maxLength"] = json!(max);
    with_example(s, json!(example))
}

/// A user's name as other users see it.
fn display_name(description: &str) -> Value {
    text(description, 1, DISPLAY_NAME_MAX, "Ada Lovelace")
}

fn email(description: &str) -> Value {
    with_example(
        json!({
            "type": "string",
            "format": "email",
            "description": description,
            "maxLength": EMAIL_MAX,
        }),
        json!("user@example.com"),
    )
}

fn password(description: &str, min: u32) -> Value {
    with_example(
        json!({
            "type": "string",
            "format": "password",
            "description": description,
            "minLength": min,
            "maxLength": PASSWORD_MAX,
            "writeOnly": true,
        }),
        json!("<a passphrase of 15+ characters>"),
    )
}

/// An example token: the real ones are 32 random bytes in base64url; this
/// one has their shape but low entropy, so secret scanners pass over it.
const TOKEN_EXAMPLE: &str = "example-invitation-token-in-base64url-00000";

fn token_schema(description: &str) -> Value {
    with_example(
        json!({
            "type": "string",
            "description": description,
            "minLength": 43,
            "maxLength": 43,
            "pattern": TOKEN_PATTERN,
        }),
        json!(TOKEN_EXAMPLE),
    )
}

/// The app's roles as a list schema.
fn roles(blueprint: &Blueprint, description: &str, example: &[&str]) -> Value {
    let items = match blueprint.roles.first() {
        None => with_example(json!({ "type": "string", "maxLength": 30 }), json!("admin")),
        Some(first) => with_example(
            json!({ "type": "string", "enum": blueprint.roles }),
            json!(first),
        ),
    };
    with_example(
        json!({
            "type": "array",
            "description": description,
            "maxItems": blueprint.roles.len(),
            "uniqueItems": true,
            "items": items,
        }),
        json!(example),
    )
}

/// An object schema from properties (name, schema, required); its example
/// gathers the properties' examples.
fn object(description: &str, properties: Vec<(&str, Value, bool)>) -> Value {
    let mut props = Map::new();
    let mut example = Map::new();
    let mut required = Vec::new();
    for (name, schema, is_required) in properties {
        if let Some(e) = example_of(&schema) {
            example.insert(name.to_owned(), e);
        }
        if is_required {
            required.push(name.to_owned());
        }
        props.insert(name.to_owned(), schema);
    }
    let mut s = json!({
        "type": "object",
        "description": description,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        s["required"] = json!(required);
    }
    s["properties"] = Value::Object(props);
    with_example(s, Value::Object(example))
}

fn id(description: &str, of: &str) -> Value {
    read_only(fields::uuid(description, &examples::id_of(of)))
}

fn timestamps() -> [(&'static str, Value, bool); 2] {
    [
        (
            "created_at",
            read_only(fields::datetime("When it was created.", DATETIME)),
            true,
        ),
        (
            "updated_at",
            read_only(fields::datetime("When it last changed.", LATER)),
            true,
        ),
    ]
}

/// Every schema of the identity service, by name, in a stable order.
pub fn all(blueprint: &Blueprint) -> Vec<(String, Value)> {
    let tenancy = blueprint.multi_tenant();
    let first_role: Vec<&str> = blueprint.roles.iter().take(1).map(String::as_str).collect();
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut add = |name: &str, schema: Value| out.push((name.to_owned(), schema));

    let mut sign_up = vec![
        (
            "email",
            email("The email address to sign in with (stored in lowercase)."),
            true,
        ),
        (
            "password",
            password(
                &format!("At least {PASSWORD_MIN} characters; stored only as an argon2id hash."),
                PASSWORD_MIN,
            ),
            true,
        ),
        (
            "display_name",
            display_name("The name other users see."),
            true,
        ),
    ];
    let invite_only = blueprint.sign_up == SignUp::Invite;
    if invite_only || tenancy {
        let schema = token_schema("The token of an invitation to accept on sign-up.");
        sign_up.push((
            "invitation_token",
            if invite_only {
                schema
            } else {
                nullable(schema)
            },
            invite_only,
        ));
    }
    if tenancy && !invite_only {
        sign_up.push((
            "organization_name",
            nullable(text(
                "Creates an organization with the new user as its admin.",
                1,
                ORGANIZATION_NAME_MAX,
                "Acme Studio",
            )),
            false,
        ));
    }
    add(SIGN_UP, object("A new account.", sign_up));

    let mut sign_in = vec![
        ("email", email("The account's email address."), true),
        ("password", password("The account's password.", 1), true),
    ];
    if tenancy {
        sign_in.push((
            "organization_id",
            nullable(fields::uuid(
                "The organization to start in; by default the one the user joined first.",
                &examples::id_of(ORGANIZATION),
            )),
            false,
        ));
    }
    add(SIGN_IN, object("Credentials.", sign_in));

    let mut me = vec![
        ("id", id("The user's id.", USER), true),
        (
            "email",
            read_only(email("The email address they sign in with.")),
            true,
        ),
        (
            "display_name",
            display_name("The name other users see."),
            true,
        ),
        (
            "roles",
            read_only(roles(
                blueprint,
                if tenancy {
                    "Their roles in the current organization."
                } else {
                    "Their application roles."
                },
                &first_role,
            )),
            true,
        ),
    ];
    if tenancy {
        me.push((
            "organization_id",
            read_only(nullable(fields::uuid(
                "The current organization, if one is selected.",
                &examples::id_of(ORGANIZATION),
            ))),
            true,
        ));
    }
    me.extend(timestamps());
    add(ME, object("The signed-in user.", me));

    add(
        SESSION,
        object(
            "A signed-in session; the tokens themselves travel only in cookies.",
            vec![
                ("user", crate::schemas::reference(ME), true),
                (
                    "access_expires_at",
                    fields::datetime("When the access token expires; refresh before then.", LATER),
                    true,
                ),
            ],
        ),
    );
    // The session example embeds the user's.
    if let (Some(user), Some((_, session))) = (
        out.iter()
            .find(|(n, _)| n == ME)
            .and_then(|(_, s)| example_of(s)),
        out.iter_mut().find(|(n, _)| n == SESSION),
    ) {
        session["examples"] = json!([{ "user": user, "access_expires_at": LATER }]);
    }
    let mut add = |name: &str, schema: Value| out.push((name.to_owned(), schema));

    add(
        USER_PROFILE,
        object(
            "What other users may see of a user.",
            vec![
                ("id", id("The user's id.", USER), true),
                (
                    "display_name",
                    display_name("The name other users see."),
                    true,
                ),
            ],
        ),
    );

    let jwk = object(
        "An Ed25519 public key (RFC 8037).",
        vec![
            (
                "kty",
                with_example(
                    json!({"type": "string", "enum": ["OKP"], "description": "Key type."}),
                    json!("OKP"),
                ),
                true,
            ),
            (
                "crv",
                with_example(
                    json!({"type": "string", "enum": ["Ed25519"], "description": "Curve."}),
                    json!("Ed25519"),
                ),
                true,
            ),
            (
                "x",
                with_example(
                    json!({
                        "type": "string",
                        "description": "The public key, base64url without padding.",
                        "minLength": 43,
                        "maxLength": 43,
                        "pattern": "^[A-Za-z0-9_-]{43}$",
                    }),
                    json!("example-Ed25519-public-key-base64url-000000"),
                ),
                true,
            ),
            (
                "kid",
                text(
                    "The key id that tokens name in their header.",
                    1,
                    64,
                    "2025-01",
                ),
                true,
            ),
            (
                "use",
                with_example(
                    json!({"type": "string", "enum": ["sig"], "description": "Signatures."}),
                    json!("sig"),
                ),
                true,
            ),
            (
                "alg",
                with_example(
                    json!({"type": "string", "enum": ["EdDSA"], "description": "The algorithm."}),
                    json!("EdDSA"),
                ),
                true,
            ),
        ],
    );
    let jwk_example = example_of(&jwk).unwrap_or_default();
    add(JWK, jwk);
    add(
        JWKS,
        with_example(
            json!({
                "type": "object",
                "description": "A JSON Web Key Set (RFC 7517).",
                "additionalProperties": false,
                "required": ["keys"],
                "properties": {
                    "keys": with_example(json!({
                        "type": "array",
                        "description": "The current key first; a retired key stays until its tokens expired.",
                        "maxItems": 8,
                        "items": crate::schemas::reference(JWK),
                    }), json!([jwk_example])),
                },
            }),
            json!({ "keys": [jwk_example] }),
        ),
    );

    if tenancy {
        out.extend(organization_schemas(blueprint, &first_role));
    } else {
        let granted = |description: &str| roles(blueprint, description, &first_role);
        out.push((
            ROLES_UPDATE.into(),
            object(
                "The roles a user has from now on.",
                vec![("roles", granted("Every role the user holds."), true)],
            ),
        ));
        out.push((
            USER_ROLES.into(),
            object(
                "A user's roles.",
                vec![
                    ("id", id("The user's id.", USER), true),
                    (
                        "roles",
                        read_only(granted("Their application roles.")),
                        true,
                    ),
                ],
            ),
        ));
    }
    out
}

fn organization_schemas(blueprint: &Blueprint, first_role: &[&str]) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::new();
    let name = || {
        text(
            "The organization's name.",
            1,
            ORGANIZATION_NAME_MAX,
            "Acme Studio",
        )
    };
    let org_id = |description: &str| id(description, ORGANIZATION);

    let mut org = vec![
        ("id", org_id("The organization's id."), true),
        ("name", name(), true),
    ];
    org.extend(timestamps());
    let organization = object("An organization.", org);
    let org_example = example_of(&organization);
    out.push((ORGANIZATION.into(), organization));
    out.push((
        list_name(ORGANIZATION),
        list(ORGANIZATION, "organizations", org_example),
    ));
    out.push((
        ORGANIZATION_CREATE.into(),
        object("A new organization.", vec![("name", name(), true)]),
    ));
    out.push((
        ORGANIZATION_UPDATE.into(),
        object("Changes to an organization.", vec![("name", name(), false)]),
    ));
    out.push((
        SWITCH_ORGANIZATION.into(),
        object(
            "The organization to make current.",
            vec![(
                "organization_id",
                fields::uuid(
                    "One of the caller's organizations.",
                    &examples::id_of(ORGANIZATION),
                ),
                true,
            )],
        ),
    ));

    let member_roles = |description: &str| roles(blueprint, description, first_role);
    let mut membership = vec![
        ("id", id("The membership's id.", MEMBERSHIP), true),
        ("organization_id", org_id("The organization."), true),
        ("user_id", id("The member.", USER), true),
        (
            "display_name",
            read_only(display_name("The member's name.")),
            true,
        ),
        (
            "email",
            read_only(email("The member's email address.")),
            true,
        ),
        (
            "roles",
            member_roles("The member's roles in the organization."),
            true,
        ),
    ];
    membership.extend(timestamps());
    let membership = object("A user's membership of an organization.", membership);
    let membership_example = example_of(&membership);
    out.push((MEMBERSHIP.into(), membership));
    out.push((
        list_name(MEMBERSHIP),
        list(MEMBERSHIP, "memberships", membership_example),
    ));
    out.push((
        MEMBERSHIP_UPDATE.into(),
        object(
            "New roles for a member.",
            vec![(
                "roles",
                member_roles("The member's roles from now on."),
                true,
            )],
        ),
    ));

    let invitation_fields = || {
        let mut v = vec![
            ("id", id("The invitation's id.", INVITATION), true),
            (
                "organization_id",
                org_id("The organization it invites to."),
                true,
            ),
            ("email", read_only(email("Who is invited.")), true),
            (
                "roles",
                read_only(member_roles("The roles the invitee gets.")),
                true,
            ),
            (
                "invited_by",
                read_only(nullable(fields::uuid(
                    "The admin who invited.",
                    &examples::id_of(USER),
                ))),
                true,
            ),
            (
                "expires_at",
                read_only(fields::datetime("When the token stops working.", LATER)),
                true,
            ),
            (
                "accepted_at",
                read_only(nullable(fields::datetime("When it was accepted.", LATER))),
                true,
            ),
        ];
        v.extend(timestamps());
        v
    };
    let invitation = object(
        "An invitation to join an organization.",
        invitation_fields(),
    );
    let invitation_example = example_of(&invitation);
    out.push((INVITATION.into(), invitation));
    out.push((
        list_name(INVITATION),
        list(INVITATION, "invitations", invitation_example),
    ));
    let mut created = invitation_fields();
    created.push((
        "token",
        read_only(token_schema(
            "The token to send to the invitee; shown only once.",
        )),
        true,
    ));
    out.push((
        INVITATION_CREATED.into(),
        object("A new invitation and its token.", created),
    ));
    out.push((
        INVITATION_CREATE.into(),
        object(
            "Who to invite, with which roles.",
            vec![
                ("email", email("The invitee's email address.")),
                ("roles", member_roles("The roles the invitee gets.")),
            ]
            .into_iter()
            .map(|(n, s)| (n, s, true))
            .collect(),
        ),
    ));
    out.push((
        INVITATION_ACCEPT.into(),
        object(
            "The invitation to accept.",
            vec![("token", token_schema("The invitation's token."), true)],
        ),
    ));
    out
}
