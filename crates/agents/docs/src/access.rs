//! Who may do what, per kind of caller: the access rules of the blueprint
//! resolved through inherited (parent) rules into a matrix that a reviewer
//! can read at a glance.

use keel_blueprint::{Blueprint, Rule, Term};

/// A kind of caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    /// Any signed-in user (in a multi-tenant app: any member of the organization).
    SignedIn,
    Role(String),
}

impl Actor {
    /// Anonymous, signed-in, then each role of the blueprint in file order.
    pub fn all(blueprint: &Blueprint) -> Vec<Actor> {
        let mut actors = vec![Actor::Anonymous, Actor::SignedIn];
        actors.extend(blueprint.roles.iter().cloned().map(Actor::Role));
        actors
    }

    pub fn title(&self, blueprint: &Blueprint) -> String {
        match self {
            Actor::Anonymous => "anonymous".to_owned(),
            Actor::SignedIn if blueprint.multi_tenant() => "organization member".to_owned(),
            Actor::SignedIn => "signed-in user".to_owned(),
            Actor::Role(r) => r.clone(),
        }
    }
}

/// What a rule grants one kind of caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// Every row (in a multi-tenant app: every row of the caller's organization).
    Yes,
    /// Only rows the caller owns.
    Own,
    /// Only rows that name the caller in this `User` reference.
    Named(String),
    /// Only rows whose ancestor (this entity) the caller owns.
    OwnAncestor(String),
    No,
}

impl Grant {
    fn rank(&self) -> u8 {
        match self {
            Grant::Yes => 3,
            Grant::Own | Grant::Named(_) => 2,
            Grant::OwnAncestor(_) => 1,
            Grant::No => 0,
        }
    }

    /// A short cell for the matrix.
    pub fn cell(&self, blueprint: &Blueprint) -> String {
        match self {
            Grant::Yes => "yes".to_owned(),
            Grant::Own => "own rows".to_owned(),
            Grant::Named(link) => format!("rows naming them as {}", link.replace('_', " ")),
            Grant::OwnAncestor(e) => format!(
                "if they own the {}",
                blueprint
                    .entity(e)
                    .map(|e| e.names.words.clone())
                    .unwrap_or_else(|| e.clone())
            ),
            Grant::No => "—".to_owned(),
        }
    }
}

/// What `rule` grants `actor`, following inherited
/// rules up the `belongs_to` chain (acyclic, so this ends).
pub fn grant(blueprint: &Blueprint, rule: &Rule, actor: &Actor) -> Grant {
    let mut best = Grant::No;
    for term in &rule.any_of {
        let g = match term {
            Term::Public => Grant::Yes,
            Term::SignedIn | Term::TenantMember if *actor != Actor::Anonymous => Grant::Yes,
            Term::Role(r) if *actor == Actor::Role(r.clone()) => Grant::Yes,
            Term::Owner if *actor != Actor::Anonymous => Grant::Own,
            Term::ReferencedUser { link, .. } if *actor != Actor::Anonymous => {
                Grant::Named(link.clone())
            }
            // (a parent the actor cannot read allows nothing:
            // `Blueprint::deferred_to`)
            Term::Parent { entity: parent, op } => match blueprint.deferred_to(parent, *op) {
                Some((_, [_, read])) if grant(blueprint, read, actor) == Grant::No => Grant::No,
                Some((p, [rule, _])) => match grant(blueprint, rule, actor) {
                    Grant::Own => Grant::OwnAncestor(p.name.clone()),
                    other => other,
                },
                None => Grant::No,
            },
            _ => Grant::No,
        };
        if g.rank() > best.rank() {
            best = g;
        }
    }
    best
}
