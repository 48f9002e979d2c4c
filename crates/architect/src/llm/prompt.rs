//! What the LLM is told: the task, the rules a blueprint must follow, and
//! the description.

/// The system prompt: keel's rules in a few lines; the schema travels as
/// the response format (OpenAI) or the tool's input schema (Anthropic).
pub const SYSTEM: &str = "You are keel's System Architect. From a plain-English description of an application, design its blueprint (keel.yaml) as one JSON object that follows the given JSON Schema exactly.
Rules:
- keel: 1; app: lowercase letters, digits and '-'.
- services: always `identity: {builtin: auth}` (it owns User, and with tenancy organization also Organization, Membership and invitations); 1 domain service for a small app, 2-4 for a bigger one; every entity in exactly one service; an entity and its belongs_to parent in the same service.
- entities: PascalCase singular names of the things the text supports; never invent entities the text does not imply; never define User, Organization, Membership, Session or RefreshToken.
- owner: User for user-created content. belongs_to for parts (same service), references {name: Entity} across services or for loose links; `User` references allowed (`assignee: User?`).
- fields: snake_case; every string has max; enum values snake_case; file fields need the uploads capability and an accept list; money for prices.
- access: every entity states read, create, update and delete (or inherit: Parent); terms joined by `or`: public, signed_in, owner, tenant_member, nobody, or a role from auth.roles. Deny by default; public only for reading browsable content; never public for update/delete.
- states: a state machine over an enum field, with transitions {from, to, by}.
- capabilities only from: payments, uploads, email, notifications, realtime, search, scheduling. Multi-tenancy is `tenancy: organization`, not a capability.
Answer with the JSON object only.";

/// The first user message.
pub fn request(description: &str) -> String {
    format!("Design the blueprint for this application:\n\n{description}")
}

/// The message sent back when an answer had problems.
pub fn repair(problems: &[String]) -> String {
    let list: Vec<String> = problems.iter().take(40).map(|p| format!("- {p}")).collect();
    format!(
        "The blueprint you returned is not valid. Problems:\n{}\nReturn the complete corrected blueprint as one JSON object.",
        list.join("\n")
    )
}
