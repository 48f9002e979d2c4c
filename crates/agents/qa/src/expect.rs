//! What each caller may do, decided from the blueprint's rules alone: the
//! expectations the generated access-matrix tests hold the service and the
//! database to.

use keel_blueprint::{Blueprint, Entity, Link, Op, Rule, Term};

/// A caller of the access matrix. Rows under test (and their parents) are
/// owned by the `owner` caller.
#[derive(Debug, Clone)]
pub struct Principal {
    /// Rust name in the test (`owner`, `other`, `role_admin`, `stranger`).
    pub name: String,
    /// Rust expression that makes the caller from the harness `h`.
    pub make: String,
    pub owns_rows: bool,
    pub signed_in: bool,
    pub roles: Vec<String>,
    /// In the rows' organization (always true in single-tenant apps).
    pub same_tenant: bool,
    /// The `User` references (entity, reference) whose rows under test name
    /// this caller: `the <reference>` lets them in there.
    pub named_in: Vec<(String, String)>,
}

/// Owner, another user, anonymous, one per role, and (multi-tenant) a
/// stranger from another organization with every role. The owner made the
/// row of `entity` and its parents, so is named in them (`maker`), but in
/// the references of `entity` the access matrix names callers of their own
/// (`named_principals`).
pub fn principals(blueprint: &Blueprint, entity: &Entity) -> Vec<Principal> {
    let mut named = named_everywhere(blueprint);
    named.retain(|(e, _)| *e != entity.name);
    let mut out = vec![
        Principal {
            name: "owner".into(),
            make: "owner.clone()".into(),
            owns_rows: true,
            signed_in: true,
            roles: Vec::new(),
            same_tenant: true,
            named_in: named,
        },
        Principal {
            name: "other".into(),
            make: "h.user(&[])".into(),
            owns_rows: false,
            signed_in: true,
            roles: Vec::new(),
            same_tenant: true,
            named_in: Vec::new(),
        },
        Principal {
            name: "anonymous".into(),
            make: "h.anonymous()".into(),
            owns_rows: false,
            signed_in: false,
            roles: Vec::new(),
            same_tenant: true,
            named_in: Vec::new(),
        },
    ];
    for role in &blueprint.roles {
        out.push(Principal {
            name: format!("role_{role}"),
            make: format!("h.user(&[\"{role}\"])"),
            owns_rows: false,
            signed_in: true,
            roles: vec![role.clone()],
            same_tenant: true,
            named_in: Vec::new(),
        });
    }
    if blueprint.multi_tenant() {
        out.push(Principal {
            name: "stranger".into(),
            make: "h.stranger()".into(),
            owns_rows: false,
            signed_in: true,
            roles: blueprint.roles.clone(),
            same_tenant: false,
            named_in: Vec::new(),
        });
    }
    out
}

/// The `User` references of `entity` that its rules name (`the assignee`)
/// and that fixtures fill with the creator themselves, so whoever makes a
/// row in a test is named in it. Not those in a unique set: one creator's
/// rows would clash there; such a reference is filled as any other.
pub fn named_links(entity: &Entity) -> Vec<&Link> {
    entity
        .rule_named_users()
        .into_iter()
        .filter(|l| !entity.unique.iter().any(|set| set.contains(&l.column)))
        .collect()
}

/// Every (entity, reference) of `named_links`: where fixtures name whoever
/// makes a row, so the maker of a row and its parents is named in them all.
pub fn named_everywhere(blueprint: &Blueprint) -> Vec<(String, String)> {
    blueprint
        .entities
        .iter()
        .flat_map(|e| {
            named_links(e)
                .into_iter()
                .map(|l| (e.name.clone(), l.name.clone()))
        })
        .collect()
}

/// The caller most tests make rows as (`h.user(ALL_ROLES)`): the owner of
/// the rows and their parents, with every role, named in them all.
pub fn maker(blueprint: &Blueprint) -> Principal {
    Principal {
        name: "maker".into(),
        make: String::new(),
        owns_rows: true,
        signed_in: true,
        roles: blueprint.roles.clone(),
        same_tenant: true,
        named_in: named_everywhere(blueprint),
    }
}

/// The callers the access matrix of `entity` adds to `principals`: the
/// users its rows under test name in each of `named_links` (one user for
/// all of them in a multi-tenant app, whose only other real member is the
/// organization's founder). `make` is the variable the test binds them to.
pub fn named_principals(blueprint: &Blueprint, entity: &Entity) -> Vec<Principal> {
    let links = named_links(entity);
    let named = |links: &[&Link]| -> Vec<(String, String)> {
        links
            .iter()
            .map(|l| (entity.name.clone(), l.name.clone()))
            .collect()
    };
    let principal = |name: String, links: &[&Link]| Principal {
        make: format!("{name}.clone()"),
        name,
        owns_rows: false,
        signed_in: true,
        roles: Vec::new(),
        same_tenant: true,
        named_in: named(links),
    };
    match links.as_slice() {
        [] => Vec::new(),
        _ if blueprint.multi_tenant() => vec![principal("named".to_owned(), &links)],
        _ => links
            .iter()
            .map(|l| principal(format!("the_{}", l.name), &[*l]))
            .collect(),
    }
}

/// Whether `p` passes `rule` on an existing row of `entity` owned by the
/// owner (parents too).
pub fn allows(blueprint: &Blueprint, entity: &Entity, rule: &Rule, p: &Principal) -> bool {
    if entity.tenant_scoped && !p.same_tenant {
        return false;
    }
    rule.any_of.iter().any(|term| match term {
        Term::Public => true,
        Term::SignedIn | Term::TenantMember => p.signed_in,
        Term::Owner => entity.owned && p.owns_rows,
        Term::ReferencedUser { link, .. } => p
            .named_in
            .iter()
            .any(|(e, l)| *e == entity.name && l == link),
        Term::Role(r) => p.roles.contains(r),
        Term::Parent { entity: parent, op } => parent_allows(blueprint, parent, *op, p),
    })
}

/// Whether `p` may do `op` to the parent row a rule defers to (and read
/// it: `Blueprint::deferred_to`).
fn parent_allows(blueprint: &Blueprint, parent: &str, op: Op, p: &Principal) -> bool {
    blueprint
        .deferred_to(parent, op)
        .is_some_and(|(e, rules)| rules.iter().all(|r| allows(blueprint, e, r, p)))
}

/// Whether `p` may create a row of `entity` under the owner's parents (the
/// new row is the creator's own).
pub fn allows_create(blueprint: &Blueprint, entity: &Entity, p: &Principal) -> bool {
    entity.access.create.any_of.iter().any(|term| match term {
        Term::Public => true,
        Term::SignedIn | Term::TenantMember | Term::Owner => p.signed_in,
        Term::Role(r) => p.roles.contains(r),
        Term::Parent { entity: parent, op } => parent_allows(blueprint, parent, *op, p),
        // (`keel check` keeps it out of create rules: no row names anyone yet)
        Term::ReferencedUser { .. } => false,
    })
}

/// The status a change (`update`, `delete`, a transition) answers.
pub fn change_status(read: bool, allowed: bool, p: &Principal, success: u16) -> u16 {
    match (read, allowed, p.signed_in) {
        (false, _, _) => 404,
        (true, true, _) => success,
        (true, false, false) => 401,
        (true, false, true) => 403,
    }
}

pub fn read(blueprint: &Blueprint, entity: &Entity, p: &Principal) -> bool {
    allows(blueprint, entity, entity.access.rule(Op::Read), p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blueprint(yaml: &str) -> Blueprint {
        keel_blueprint::check(&keel_blueprint::SourceFile::new("keel.yaml", yaml))
            .unwrap_or_else(|e| panic!("{e:?}"))
            .blueprint
    }

    #[test]
    fn a_rule_deferring_to_a_parent_needs_the_parent_readable() {
        // Anyone signed in may update a Folder, but only its owner reads it:
        // another user cannot reach a Page through it, whatever `update` says.
        let bp = blueprint(
            r#"
keel: 1
app: tt
services:
  identity: { builtin: auth }
  notes: { entities: [Folder, Page] }
entities:
  Folder:
    owner: User
    fields: { name: { type: string, max: 10 } }
    access: { read: owner, create: signed_in, update: signed_in, delete: owner }
  Page:
    belongs_to: Folder
    fields: { body: { type: text, max: 100 } }
    access: { inherit: Folder }
"#,
        );
        let page = bp.entity("Page").unwrap();
        let by = |name: &str| {
            principals(&bp, page)
                .into_iter()
                .find(|p| p.name == name)
                .unwrap()
        };
        let update = page.access.rule(Op::Update);
        assert!(allows(&bp, page, update, &by("owner")));
        assert!(!allows(&bp, page, update, &by("other")));
        assert!(!allows(&bp, page, update, &by("anonymous")));
        assert!(allows_create(&bp, page, &by("owner")));
        assert!(!allows_create(&bp, page, &by("other")));
    }

    #[test]
    fn the_user_a_row_names_and_the_maker_of_its_parents() {
        // The matrix row of Job names its own caller; the owner made the
        // parent Job of a Stop, and fixtures name the maker there.
        let bp = blueprint(
            r#"
keel: 1
app: tt
auth: { roles: [dispatcher] }
services:
  identity: { builtin: auth }
  work: { entities: [Job, Stop] }
entities:
  Job:
    owner: User
    references: { driver: User? }
    fields: { title: { type: string, max: 10 } }
    access: { read: dispatcher or the driver, create: dispatcher, update: the driver, delete: dispatcher }
  Stop:
    belongs_to: Job
    fields: { address: { type: string, max: 100 } }
    access: { inherit: Job }
"#,
        );
        let job = bp.entity("Job").unwrap();
        let stop = bp.entity("Stop").unwrap();
        let named = named_principals(&bp, job);
        assert_eq!(named.len(), 1);
        assert_eq!(named[0].name, "the_driver");
        let on_job = |name: &str| {
            principals(&bp, job)
                .into_iter()
                .chain(named.iter().cloned())
                .find(|p| p.name == name)
                .unwrap()
        };
        assert!(read(&bp, job, &on_job("the_driver")));
        assert!(!read(&bp, job, &on_job("owner")));
        assert!(!read(&bp, job, &on_job("other")));
        assert!(allows(
            &bp,
            job,
            job.access.rule(Op::Update),
            &on_job("the_driver")
        ));
        let on_stop = |name: &str| {
            principals(&bp, stop)
                .into_iter()
                .find(|p| p.name == name)
                .unwrap()
        };
        assert!(read(&bp, stop, &on_stop("owner")));
        assert!(!read(&bp, stop, &on_stop("other")));
        assert!(named_principals(&bp, stop).is_empty());
        // Fixtures name the maker in the rows they make.
        assert!(allows(&bp, job, job.access.rule(Op::Update), &maker(&bp)));
    }
}
