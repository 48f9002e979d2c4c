//! What an access rule means for the HTTP contract: whether a caller must be
//! signed in (401) and whether a signed-in caller can still be refused (403).

use keel_blueprint::{Blueprint, Entity, Rule, Term};
use serde::Serialize;

/// Who may call an operation, as far as credentials go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// No credentials are read (sign-in, the key set).
    None,
    /// Anyone may call; a signed-in caller may see more.
    Optional,
    /// The caller must be signed in.
    Required,
    /// The refresh-token cookie is read and must be valid (`/auth/refresh`).
    Refresh,
    /// The refresh-token cookie is read when present (`/auth/sign-out`).
    RefreshOptional,
}

/// How a rule of `entity` applies to callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    /// Anonymous callers pass the rule.
    pub anonymous: bool,
    /// Every signed-in caller passes it (so 403 never comes from the rule).
    pub every_user: bool,
}

impl Reach {
    pub fn auth(self) -> Auth {
        if self.anonymous {
            Auth::Optional
        } else {
            Auth::Required
        }
    }
}

/// Follows parent terms (`inherit`) up to the rule that decides.
pub fn reach(blueprint: &Blueprint, entity: &Entity, rule: &Rule) -> Reach {
    reach_at(blueprint, entity, rule, 0)
}

fn reach_at(blueprint: &Blueprint, entity: &Entity, rule: &Rule, depth: usize) -> Reach {
    let mut reach = Reach {
        anonymous: false,
        every_user: false,
    };
    for term in &rule.any_of {
        let (anonymous, every_user) = match term {
            Term::Public => (true, true),
            // In a multi-tenant app these hold for every member of the
            // current organization; callers without one are refused below.
            Term::SignedIn | Term::TenantMember => (false, true),
            Term::Owner | Term::ReferencedUser { .. } | Term::Role(_) => (false, false),
            // Parents are acyclic, but stay bounded whatever the input.
            // (Both deferred rules must pass: `Blueprint::deferred_to`.)
            Term::Parent { entity: parent, op } if depth < 32 => {
                match blueprint.deferred_to(parent, *op) {
                    Some((p, [r, read])) => {
                        let r = reach_at(blueprint, p, r, depth + 1);
                        let read = reach_at(blueprint, p, read, depth + 1);
                        (
                            r.anonymous && read.anonymous,
                            r.every_user && read.every_user,
                        )
                    }
                    None => (false, false),
                }
            }
            Term::Parent { .. } => (false, false),
        };
        reach.anonymous |= anonymous;
        reach.every_user |= every_user;
    }
    // Organization data needs a current organization, which a signed-in
    // caller may not have selected.
    if entity.tenant_scoped {
        reach.every_user = false;
    }
    reach
}

/// Whether whoever may create a row of `entity` may also read it, so the
/// create answers the row; otherwise (a write-only rule such as a
/// newsletter sign-up) it answers `{id}` only. Decided from the rules alone,
/// so the contract and the service agree on every create.
pub fn creator_reads(entity: &Entity) -> bool {
    let read = &entity.access.read.any_of;
    let has = |want: &dyn Fn(&Term) -> bool| read.iter().any(want);
    let public = has(&|t| matches!(t, Term::Public));
    let any_user = public
        || has(&|t| matches!(t, Term::SignedIn | Term::TenantMember))
        || (entity.owned && has(&|t| matches!(t, Term::Owner)));
    entity.access.create.any_of.iter().all(|term| match term {
        Term::Public => public,
        Term::SignedIn | Term::TenantMember | Term::Owner => any_user,
        Term::Role(role) => any_user || has(&|t| matches!(t, Term::Role(r) if r == role)),
        // A child is read through its parent, which its creator could reach.
        Term::Parent { .. } => any_user || has(&|t| matches!(t, Term::Parent { .. })),
        // (`keel check` keeps it out of create rules: no row names anyone yet)
        Term::ReferencedUser { .. } => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use keel_blueprint::Op;

    fn blueprint(yaml: &str) -> Blueprint {
        keel_blueprint::check(&keel_blueprint::SourceFile::new("keel.yaml", yaml))
            .unwrap_or_else(|e| panic!("{e:?}"))
            .blueprint
    }

    #[test]
    fn follows_inherited_rules_to_the_parent() {
        let bp = blueprint(
            r#"
keel: 1
app: tt
auth: { roles: [admin] }
services:
  identity: { builtin: auth }
  music: { entities: [Album, Track] }
entities:
  Album:
    owner: User
    fields: { name: { type: string, max: 10 } }
    access: { read: public, create: signed_in, update: owner or admin, delete: admin }
  Track:
    belongs_to: Album
    access: { inherit: Album }
"#,
        );
        let b = bp.entity("Track").unwrap();
        let read = reach(&bp, b, b.access.rule(Op::Read));
        assert!(read.anonymous && read.every_user);
        let update = reach(&bp, b, b.access.rule(Op::Update));
        assert!(!update.anonymous && !update.every_user);
        let a = bp.entity("Album").unwrap();
        let create = reach(&bp, a, a.access.rule(Op::Create));
        assert_eq!(create.auth(), Auth::Required);
        assert!(create.every_user);
    }
}
