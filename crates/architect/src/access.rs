//! Access rules that follow from the text. Deny by default; content meant
//! to be browsed is read by every signed-in user, and by visitors without
//! an account only where the text opens the app to them; what a user
//! creates is theirs to edit (with the admin); roles get the powers the
//! text gives them.

use indexmap::IndexMap;
use keel_blueprint::document::{AccessDecl, EntityDecl, Tenancy};

use crate::extract::Findings;
use crate::lexicon::{Kind, Lexicon, VerbClass};

/// Roles that moderate and manage everything.
const SUPER_ROLES: &[&str] = &["admin", "moderator"];

pub fn assign(
    f: &Findings,
    entities: &mut IndexMap<String, EntityDecl>,
    roles: &mut Vec<String>,
    tenancy: Tenancy,
    lex: &Lexicon,
    assumptions: &mut Vec<String>,
    questions: &mut Vec<String>,
) {
    let tenant = tenancy == Tenancy::Organization;
    let everyone = if tenant { "tenant_member" } else { "signed_in" };
    // Content is public to read only where the text opens the app to
    // people without an account; otherwise reading needs one.
    let anyone = if tenant {
        "tenant_member"
    } else if f.public_visitors {
        "public"
    } else {
        "signed_in"
    };
    // Managed records (categories, places) need someone to manage them.
    let needs_admin = f.entities.values().any(|e| {
        matches!(
            e.kind,
            Kind::Classifier | Kind::Tag | Kind::Place | Kind::Org
        ) && !e.creators.iter().any(|c| !c.is_empty())
    }) || f.entities.values().any(|e| e.workflow.is_some());
    let staff_roles: Vec<String> = roles
        .iter()
        .filter(|r| {
            f.powers
                .iter()
                .any(|p| &p.role == *r && p.class != VerbClass::Read && p.class != VerbClass::Other)
        })
        .cloned()
        .collect();
    if needs_admin && !roles.iter().any(|r| r == "admin") && staff_roles.is_empty() {
        roles.insert(0, "admin".into());
        assumptions.push("An `admin` role manages the shared records (categories, places) and moves records through their states.".into());
    }
    let admin: Vec<String> = roles
        .iter()
        .filter(|r| SUPER_ROLES.contains(&r.as_str()))
        .cloned()
        .collect();
    // Who manages every record: the admin (or moderator), never a role
    // merely because it acts somewhere else.
    let managers: Vec<String> = admin.clone();

    let names: Vec<String> = entities.keys().cloned().collect();
    // Content that would be public had the text named visitors.
    let mut browsed_by_members: Vec<String> = Vec::new();
    for name in names {
        let Some(found) = f.entities.get(&name) else {
            continue;
        };
        let decl = entities.get(&name).cloned().unwrap_or_default();
        let parents = decl.belongs_to.to_vec();
        let powers = |class: VerbClass| -> Vec<String> {
            f.powers
                .iter()
                .filter(|p| p.entity == name && p.class == class && roles.contains(&p.role))
                .map(|p| p.role.clone())
                .collect()
        };
        let creator_roles: Vec<String> = found
            .creators
            .iter()
            .filter(|c| !c.is_empty() && roles.contains(*c))
            .cloned()
            .collect();
        let users_create = found.creators.iter().any(|c| c.is_empty());
        let editors: Vec<String> = [powers(VerbClass::Update), powers(VerbClass::Delete)].concat();
        let readers: Vec<String> = powers(VerbClass::Read);
        let kind = found.kind;
        // Records of people the text names by their role ("clients",
        // "patients") hold personal data: never public to browse.
        let private =
            lex.nouns.get(&found.key).is_some_and(|n| n.private) || lex.actor(&found.key).is_some();
        let managed = matches!(kind, Kind::Classifier | Kind::Tag | Kind::Place | Kind::Org);
        let part = !parents.is_empty() && matches!(kind, Kind::Part) && creator_roles.is_empty();
        let owned = !managed && !part;

        let mut e = decl;
        if part {
            e.owner = None;
            e.access = Some(AccessDecl {
                inherit: Some(parents[0].clone()),
                ..AccessDecl::default()
            });
            // A join of two public things is public to read.
            if kind == Kind::Part && parents.len() > 1 {
                if let Some(a) = e.access.as_mut() {
                    a.read = Some(everyone.to_owned());
                }
            }
        } else {
            e.owner = owned.then(|| "User".to_owned());
            // (A record assigned to a person is work, not content to browse.)
            let assigned_work = found.user_refs.iter().any(|r| r == ASSIGNEE);
            let browse = matches!(
                kind,
                Kind::Content
                    | Kind::Classifier
                    | Kind::Tag
                    | Kind::Place
                    | Kind::Event
                    | Kind::Org
            ) && !private
                && !assigned_work;
            let about_public = matches!(kind, Kind::Reaction | Kind::Follow) && !private;
            let read = if browse || about_public {
                if browse && !tenant && !f.public_visitors {
                    browsed_by_members.push(name.clone());
                }
                vec![anyone.to_owned()]
            } else {
                let mut r = vec!["owner".to_owned()];
                r.extend(readers.iter().cloned());
                r.extend(editors.iter().cloned());
                if !found.personal {
                    r.extend(creator_roles.iter().cloned());
                }
                r.extend(managers.iter().cloned());
                if found.personal && r.len() == 1 {
                    questions.push(format!(
                        "Only whoever uploads a `{name}` may read it (`read: owner`): which roles review them (add them to its read rule)?"
                    ));
                }
                if !owned {
                    r.retain(|t| t != "owner");
                    r.push(everyone.to_owned());
                }
                r
            };
            let create = if managed {
                let mut c = creator_roles.clone();
                c.extend(managers.iter().cloned());
                if c.is_empty() {
                    c.push(everyone.to_owned());
                }
                c
            } else if !creator_roles.is_empty() && !users_create {
                let mut c = creator_roles.clone();
                c.extend(admin.iter().cloned());
                c
            } else {
                vec![everyone.to_owned()]
            };
            let mut update: Vec<String> = Vec::new();
            let mut delete: Vec<String> = Vec::new();
            if owned {
                update.push("owner".into());
                delete.push("owner".into());
            }
            update.extend(editors.iter().cloned());
            delete.extend(powers(VerbClass::Delete));
            if managed {
                update.extend(creator_roles.iter().cloned());
                delete.extend(creator_roles.iter().cloned());
            }
            update.extend(managers.iter().cloned());
            delete.extend(admin.iter().cloned());
            if managed && delete.is_empty() {
                delete.extend(managers.iter().cloned());
            }
            if kind == Kind::Payment {
                update = admin.clone();
                delete = Vec::new();
            }
            e.access = Some(AccessDecl {
                inherit: None,
                read: Some(rule(read)),
                create: Some(rule(create)),
                update: Some(rule(update)),
                delete: Some(rule(delete)),
            });
        }
        // Transitions: who moves the record along.
        if let Some(states) = e.states.as_mut() {
            let owned = e.owner.is_some();
            for t in states.transitions.values_mut() {
                let (by, actor) = t.by.split_once('|').unwrap_or((t.by.as_str(), ""));
                let actor: Vec<String> = if actor.is_empty() || !roles.iter().any(|r| r == actor) {
                    let mut m = editors.clone();
                    m.extend(managers.iter().cloned());
                    m
                } else {
                    vec![actor.to_owned()]
                };
                let owner: Vec<String> = if owned {
                    vec!["owner".into()]
                } else {
                    Vec::new()
                };
                let mut terms: Vec<String> = match by {
                    "owner" => owner.clone(),
                    "owner_or_actor" => [owner.clone(), actor.clone()].concat(),
                    "admin_or_actor" => [admin.clone(), actor.clone()].concat(),
                    _ => actor.clone(),
                };
                if terms.is_empty() {
                    terms = if owned {
                        owner
                    } else {
                        vec![everyone.to_owned()]
                    };
                }
                t.by = rule(terms);
            }
        }
        // A role a record is assigned to ("assign each job to a driver")
        // acts on the records that name them, not on every record.
        let assigned: Vec<&str> = found
            .assigned_to
            .iter()
            .filter(|r| roles.contains(*r))
            .map(String::as_str)
            .collect();
        let names_user = e
            .references
            .get(ASSIGNEE)
            .is_some_and(|t| t.trim_end_matches('?') == "User");
        if names_user && !assigned.is_empty() {
            // (They work on it: they read and update it, whether or not
            // the text gave their role those powers.)
            if let Some(a) = e.access.as_mut() {
                for text in [&mut a.read, &mut a.update].into_iter().flatten() {
                    *text = narrowed(&format!("{text} or the {ASSIGNEE}"), &assigned);
                }
            }
            if let Some(states) = e.states.as_mut() {
                for t in states.transitions.values_mut() {
                    t.by = narrowed(&t.by, &assigned);
                }
            }
            assumptions.push(format!(
                "A {} sees and works on only the {} assigned to them (`the {ASSIGNEE}`), not every one.",
                assigned.join(" or "),
                keel_blueprint::Names::of(&name, None).plural_words
            ));
        }
        if kind == Kind::Message {
            questions.push(format!(
                "Who may read a `{name}` besides its sender? Access rules cannot name a recipient yet; a `Conversation` with members would."
            ));
        }
        if let Some(u) = unique_per_user(&e, kind) {
            e.unique = vec![u];
        }
        entities.insert(name, e);
    }
    if !browsed_by_members.is_empty() {
        let listed: Vec<String> = browsed_by_members
            .iter()
            .take(3)
            .map(|n| format!("`{n}`"))
            .collect();
        let more = if browsed_by_members.len() > 3 {
            ", …"
        } else {
            ""
        };
        assumptions.push(format!(
            "Nothing is public: the text names no visitors or public pages, so reading {}{more} needs an account (`read: public` opens a record to visitors).",
            listed.join(", ")
        ));
    }
}

/// One rating, like or follow per user and target.
fn unique_per_user(e: &EntityDecl, kind: Kind) -> Option<Vec<String>> {
    if e.owner.is_none() || !matches!(kind, Kind::Reaction | Kind::Follow) {
        return None;
    }
    let target = e.references.keys().next()?.clone();
    if e.fields.contains_key("body") {
        return None;
    }
    Some(vec![target, "owner".into()])
}

/// The reference naming the one person a record is assigned to.
const ASSIGNEE: &str = "assignee";

/// `rule` with each of `roles` read as `the assignee`.
fn narrowed(rule: &str, roles: &[&str]) -> String {
    let terms = rule
        .split(" or ")
        .filter(|t| *t != "nobody")
        .map(|t| {
            if roles.contains(&t) {
                format!("the {ASSIGNEE}")
            } else {
                t.to_owned()
            }
        })
        .collect();
    self::rule(terms)
}

/// `a or b or c` without repeats; `nobody` when empty.
fn rule(terms: Vec<String>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for t in terms {
        if !seen.contains(&t) {
            seen.push(t);
        }
    }
    if seen.iter().any(|t| t == "public") {
        return "public".into();
    }
    if seen.is_empty() {
        "nobody".into()
    } else {
        seen.join(" or ")
    }
}
