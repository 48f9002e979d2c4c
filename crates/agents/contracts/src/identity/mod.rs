//! The identity service's operations: sessions, the signing keys, public
//! profiles and, in multi-tenant apps, organizations, memberships and
//! invitations.
//!
//! Session endpoints live under `/auth` because the refresh-token cookie is
//! scoped to `Path=/api/identity/auth`: every operation that rotates it
//! (refresh, sign-out, switching organization) must be there to receive it.

pub mod schemas;

use keel_blueprint::{Blueprint, SignUp};

use crate::access::Auth;
use crate::operation::{Body, Errors, Kind, Method, Operation, Success, status};
use crate::query;

pub const BASE: &str = "/api/identity";

/// An operation with the fields every identity operation sets.
fn op(
    operation_id: &str,
    method: Method,
    path: &str,
    kind: Kind,
    resource: &str,
    tag: &str,
    auth: Auth,
) -> Operation {
    Operation {
        operation_id: operation_id.into(),
        method,
        path: format!("{BASE}{path}"),
        kind,
        resource: Some(resource.into()),
        tag: tag.into(),
        summary: String::new(),
        description: String::new(),
        auth,
        path_params: if path.contains("{id}") {
            vec!["id".into()]
        } else {
            Vec::new()
        },
        query: Vec::new(),
        request: None,
        response: Success::no_content(),
        errors: Vec::new(),
    }
}

fn json(schema: &str) -> Option<Body> {
    Some(Body::Json {
        schema: schema.into(),
    })
}

/// Sets the texts of an operation.
fn says(mut o: Operation, summary: &str, description: impl Into<String>) -> Operation {
    o.summary = summary.into();
    o.description = description.into();
    o
}

pub fn operations(blueprint: &Blueprint) -> Vec<Operation> {
    let tenancy = blueprint.multi_tenant();
    let invite_only = blueprint.sign_up == SignUp::Invite;
    let mut ops = Vec::new();

    let mut o = says(
        op(
            "signUp",
            Method::Post,
            "/auth/sign-up",
            Kind::SignUp,
            "Session",
            "auth",
            Auth::None,
        ),
        "Create an account",
        if invite_only {
            "Creates an account from an invitation and signs in: the session cookies are set. Answers 403 without a valid invitation and 409 when the email is taken."
        } else {
            "Creates an account and signs in: the session cookies are set. Answers 409 when the email is taken."
        },
    );
    o.request = json(schemas::SIGN_UP);
    o.response = Success::json(201, schemas::SESSION).with_cookies();
    o.errors = Errors::new()
        .json_body()
        .add_if(invite_only, status::FORBIDDEN)
        .add(status::CONFLICT)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "signIn",
            Method::Post,
            "/auth/sign-in",
            Kind::SignIn,
            "Session",
            "auth",
            Auth::None,
        ),
        "Sign in",
        "Checks the email and password and sets the session cookies: `keel_access` (the access token, 15 minutes) and `keel_refresh` (the refresh token, 30 days, rotated on every use). Answers 401 when they do not match.",
    );
    o.request = json(schemas::SIGN_IN);
    o.response = Success::json(200, schemas::SESSION).with_cookies();
    o.errors = Errors::new()
        .json_body()
        .add(status::UNAUTHORIZED)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "refreshSession",
            Method::Post,
            "/auth/refresh",
            Kind::Refresh,
            "Session",
            "auth",
            Auth::Refresh,
        ),
        "Refresh the session",
        "Exchanges the refresh-token cookie for new session cookies. A refresh token works once: using a rotated one again signs out every session that came from the same sign-in.",
    );
    o.response = Success::json(200, schemas::SESSION).with_cookies();
    o.errors = Errors::new()
        .credentials(Auth::Refresh)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "signOut",
            Method::Post,
            "/auth/sign-out",
            Kind::SignOut,
            "Session",
            "auth",
            Auth::RefreshOptional,
        ),
        "Sign out",
        "Revokes the refresh token, if one is sent, and clears the session cookies.",
    );
    o.response = Success::no_content().with_cookies();
    o.errors = Errors::new().add(status::UNAVAILABLE).into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "getMe",
            Method::Get,
            "/auth/me",
            Kind::Me,
            "User",
            "auth",
            Auth::Required,
        ),
        "The signed-in user",
        if tenancy {
            "The signed-in user, with their roles in the current organization."
        } else {
            "The signed-in user and their roles."
        },
    );
    o.response = Success::json(200, schemas::ME);
    o.errors = Errors::new()
        .credentials(Auth::Required)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    if tenancy {
        let mut o = says(
            op(
                "switchOrganization",
                Method::Post,
                "/auth/switch-organization",
                Kind::SwitchOrganization,
                "Session",
                "auth",
                Auth::Required,
            ),
            "Switch the current organization",
            "Makes another organization of the caller's the current one: new session cookies carry it. Answers 403 when the caller is not a member.",
        );
        o.request = json(schemas::SWITCH_ORGANIZATION);
        o.response = Success::json(200, schemas::SESSION).with_cookies();
        o.errors = Errors::new()
            .json_body()
            .credentials(Auth::Required)
            .add(status::FORBIDDEN)
            .add(status::UNAVAILABLE)
            .into_vec();
        ops.push(o);
    }

    let mut o = says(
        op(
            "getJwks",
            Method::Get,
            "/.well-known/jwks.json",
            Kind::Jwks,
            "Jwks",
            "auth",
            Auth::None,
        ),
        "The token signing keys",
        "The public keys (Ed25519) that verify access tokens, as a JSON Web Key Set.",
    );
    o.response = Success::json(200, schemas::JWKS);
    o.errors = Errors::new().into_vec();
    ops.push(o);

    // Profiles are how references to users are checked and shown; in a
    // multi-tenant app only fellow members of the current organization.
    let profile_auth = if tenancy {
        Auth::Required
    } else {
        Auth::Optional
    };
    let mut o = says(
        op(
            "getUser",
            Method::Get,
            "/users/{id}",
            Kind::Get,
            "User",
            "users",
            profile_auth,
        ),
        "A user's public profile",
        if tenancy {
            "The public profile of a member of the current organization."
        } else {
            "The public profile of a user: what other users may see."
        },
    );
    o.response = Success::json(200, schemas::USER_PROFILE);
    o.errors = Errors::new()
        .add(status::BAD_REQUEST)
        .credentials(profile_auth)
        .add_if(tenancy, status::FORBIDDEN)
        .add(status::NOT_FOUND)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    if tenancy {
        ops.extend(organization_operations());
    } else {
        ops.push(set_user_roles(blueprint));
    }
    ops
}

/// The role that grants roles: `admin` when the app has it, else its first.
pub fn manager_role(blueprint: &Blueprint) -> &str {
    if blueprint.roles.iter().any(|r| r == "admin") {
        "admin"
    } else {
        blueprint.roles.first().map_or("admin", String::as_str)
    }
}

/// Without tenancy roles live on the user; the manager role grants them.
fn set_user_roles(blueprint: &Blueprint) -> Operation {
    let manager = manager_role(blueprint);
    let mut o = says(
        op(
            "setUserRoles",
            Method::Put,
            "/users/{id}/roles",
            Kind::SetUserRoles,
            "User",
            "users",
            Auth::Required,
        ),
        "Grant roles",
        format!(
            "Replaces a user's application roles; they apply from the user's next refresh. Role `{manager}` only."
        ),
    );
    o.request = json(schemas::ROLES_UPDATE);
    o.response = Success::json(200, schemas::USER_ROLES);
    o.errors = Errors::new()
        .json_body()
        .credentials(Auth::Required)
        .add(status::FORBIDDEN)
        .add(status::NOT_FOUND)
        .add(status::UNAVAILABLE)
        .into_vec();
    o
}

fn organization_operations() -> Vec<Operation> {
    let admin = "Organization admins only (role `admin`).";
    let required = Auth::Required;
    let mut ops = Vec::new();

    let mut o = says(
        op(
            "listOrganizations",
            Method::Get,
            "/organizations",
            Kind::List,
            "Organization",
            "organizations",
            required,
        ),
        "List my organizations",
        "The organizations the caller is a member of.",
    );
    o.query = query::paging();
    o.response = Success::json(200, schemas::list_name(schemas::ORGANIZATION));
    o.errors = Errors::new()
        .add(status::BAD_REQUEST)
        .credentials(required)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "createOrganization",
            Method::Post,
            "/organizations",
            Kind::Create,
            "Organization",
            "organizations",
            required,
        ),
        "Create an organization",
        "Creates an organization with the caller as its admin. Switch to it to work in it.",
    );
    o.request = json(schemas::ORGANIZATION_CREATE);
    o.response = Success::json(201, schemas::ORGANIZATION).with_location();
    o.errors = Errors::new()
        .json_body()
        .credentials(required)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "getOrganization",
            Method::Get,
            "/organizations/{id}",
            Kind::Get,
            "Organization",
            "organizations",
            required,
        ),
        "Get an organization",
        "An organization the caller is a member of; others are not found.",
    );
    o.response = Success::json(200, schemas::ORGANIZATION);
    o.errors = Errors::new()
        .add(status::BAD_REQUEST)
        .credentials(required)
        .add(status::NOT_FOUND)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "updateOrganization",
            Method::Patch,
            "/organizations/{id}",
            Kind::Update,
            "Organization",
            "organizations",
            required,
        ),
        "Rename an organization",
        format!("Changes the current organization. {admin}"),
    );
    o.request = json(schemas::ORGANIZATION_UPDATE);
    o.response = Success::json(200, schemas::ORGANIZATION);
    o.errors = Errors::new()
        .json_body()
        .credentials(required)
        .add(status::FORBIDDEN)
        .add(status::NOT_FOUND)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "listMemberships",
            Method::Get,
            "/memberships",
            Kind::List,
            "Membership",
            "memberships",
            required,
        ),
        "List the members",
        "The members of the current organization and their roles.",
    );
    o.query = query::paging();
    o.response = Success::json(200, schemas::list_name(schemas::MEMBERSHIP));
    o.errors = Errors::new()
        .add(status::BAD_REQUEST)
        .credentials(required)
        .add(status::FORBIDDEN)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "updateMembership",
            Method::Patch,
            "/memberships/{id}",
            Kind::Update,
            "Membership",
            "memberships",
            required,
        ),
        "Change a member's roles",
        format!("{admin} Answers 409 when it would leave the organization without an admin."),
    );
    o.request = json(schemas::MEMBERSHIP_UPDATE);
    o.response = Success::json(200, schemas::MEMBERSHIP);
    o.errors = Errors::new()
        .json_body()
        .credentials(required)
        .add(status::FORBIDDEN)
        .add(status::NOT_FOUND)
        .add(status::CONFLICT)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "deleteMembership",
            Method::Delete,
            "/memberships/{id}",
            Kind::Delete,
            "Membership",
            "memberships",
            required,
        ),
        "Remove a member",
        "Admins remove members; any member may remove themselves (leave). Answers 409 when it would leave the organization without an admin.",
    );
    o.errors = Errors::new()
        .add(status::BAD_REQUEST)
        .credentials(required)
        .add(status::FORBIDDEN)
        .add(status::NOT_FOUND)
        .add(status::CONFLICT)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "listInvitations",
            Method::Get,
            "/invitations",
            Kind::List,
            "Invitation",
            "invitations",
            required,
        ),
        "List invitations",
        format!("Invitations to the current organization. {admin}"),
    );
    o.query = query::paging();
    o.response = Success::json(200, schemas::list_name(schemas::INVITATION));
    o.errors = Errors::new()
        .add(status::BAD_REQUEST)
        .credentials(required)
        .add(status::FORBIDDEN)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "createInvitation",
            Method::Post,
            "/invitations",
            Kind::Create,
            "Invitation",
            "invitations",
            required,
        ),
        "Invite someone",
        format!(
            "Invites an email address to the current organization with the given roles. The answer holds the invitation token, shown only once: send it to the invitee. {admin} Answers 409 when the address already has a pending invitation or is a member."
        ),
    );
    o.request = json(schemas::INVITATION_CREATE);
    o.response = Success::json(201, schemas::INVITATION_CREATED);
    o.errors = Errors::new()
        .json_body()
        .credentials(required)
        .add(status::FORBIDDEN)
        .add(status::CONFLICT)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "acceptInvitation",
            Method::Post,
            "/invitations/accept",
            Kind::AcceptInvitation,
            "Invitation",
            "invitations",
            required,
        ),
        "Accept an invitation",
        "Makes the caller a member of the organization the token invites to. Answers 404 for an unknown or expired token, 403 when it was sent to another email address and 409 when the caller is already a member.",
    );
    o.request = json(schemas::INVITATION_ACCEPT);
    o.response = Success::json(200, schemas::MEMBERSHIP);
    o.errors = Errors::new()
        .json_body()
        .credentials(required)
        .add(status::FORBIDDEN)
        .add(status::NOT_FOUND)
        .add(status::CONFLICT)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    let mut o = says(
        op(
            "revokeInvitation",
            Method::Post,
            "/invitations/{id}/revoke",
            Kind::RevokeInvitation,
            "Invitation",
            "invitations",
            required,
        ),
        "Revoke an invitation",
        format!("Deletes a pending invitation; its token stops working. {admin}"),
    );
    o.errors = Errors::new()
        .add(status::BAD_REQUEST)
        .credentials(required)
        .add(status::FORBIDDEN)
        .add(status::NOT_FOUND)
        .add(status::UNAVAILABLE)
        .into_vec();
    ops.push(o);

    ops
}

/// Tags of the identity service, with their descriptions, in order.
pub fn tags(blueprint: &Blueprint) -> Vec<(&'static str, &'static str)> {
    let mut tags = vec![
        (
            "auth",
            "Accounts, sessions and the keys that verify access tokens.",
        ),
        ("users", "Public profiles of users."),
    ];
    if blueprint.multi_tenant() {
        tags.extend([
            (
                "organizations",
                "Organizations: every row of the app belongs to one.",
            ),
            (
                "memberships",
                "Who belongs to the current organization, with which roles.",
            ),
            (
                "invitations",
                "Invitations to join the current organization.",
            ),
        ]);
    }
    tags
}
