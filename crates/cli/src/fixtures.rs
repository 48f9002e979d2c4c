//! Synthetic blueprints of a given size, for benchmarks and scale tests.

/// A valid blueprint with `n` entities in `n / 10 + 1` domain services:
/// owned entities with a mix of field types, parent/child chains inside each
/// service, references across services, a state machine on every fifth.
pub fn blueprint_with_entities(n: usize) -> String {
    let services = n / 10 + 1;
    let mut yaml = String::from(
        "keel: 1\napp: scale\ndescription: A synthetic blueprint for benchmarks.\nauth:\n  roles: [admin, editor]\ncapabilities: [uploads, search]\nservices:\n  identity: { builtin: auth }\n",
    );
    let name = |i: usize| format!("Thing{i}");
    for s in 0..services {
        let members: Vec<String> = (0..n).filter(|i| i % services == s).map(name).collect();
        if !members.is_empty() {
            yaml.push_str(&format!(
                "  svc{s}:\n    entities: [{}]\n",
                members.join(", ")
            ));
        }
    }
    yaml.push_str("entities:\n");
    for i in 0..n {
        let service = i % services;
        yaml.push_str(&format!("  {}:\n    owner: User\n", name(i)));
        // The previous entity of the same service is the parent.
        let parent = i.checked_sub(services).map(name);
        if let Some(p) = &parent {
            yaml.push_str(&format!("    belongs_to: {p}\n"));
        }
        if i >= 1 && (i - 1) % services != service {
            yaml.push_str(&format!("    references: {{ other: {}? }}\n", name(i - 1)));
        }
        yaml.push_str("    fields:\n");
        yaml.push_str("      title: { type: string, min: 1, max: 200, required: true }\n");
        yaml.push_str("      body: { type: text, max: 20000 }\n");
        yaml.push_str("      amount: { type: money, min: 0 }\n");
        yaml.push_str("      ratio: { type: decimal, precision: 8, scale: 3 }\n");
        yaml.push_str("      count: { type: integer, min: 0, max: 1000000, default: 0 }\n");
        yaml.push_str("      due_on: { type: date }\n");
        yaml.push_str("      contact: { type: email }\n");
        yaml.push_str("      site: { type: url }\n");
        yaml.push_str("      active: { type: boolean, required: true, default: true }\n");
        yaml.push_str("      tags: { type: string, max: 30, list: true, max_items: 10 }\n");
        yaml.push_str("      picture: { type: file, accept: [image/png], max_size: 2MB }\n");
        yaml.push_str("      status: { type: enum, values: [draft, review, done] }\n");
        if i % 5 == 0 {
            yaml.push_str(
                "    states:\n      initial: draft\n      transitions:\n        submit: { from: draft, to: review, by: owner }\n        approve: { from: review, to: done, by: editor or admin }\n        reopen: { from: [review, done], to: draft, by: admin }\n",
            );
        }
        yaml.push_str("    search: [title, body]\n");
        yaml.push_str("    indexes: [[status, created_at]]\n");
        yaml.push_str("    access: { read: signed_in, create: signed_in, update: owner or editor, delete: owner or admin }\n");
    }
    yaml
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_blueprints_are_valid() {
        for n in [1, 10, 30, 100] {
            let text = super::blueprint_with_entities(n);
            let checked =
                keel_blueprint::check(&keel_blueprint::SourceFile::new("scale.yaml", text));
            let checked = checked.unwrap_or_else(|d| panic!("{n}: {d:?}"));
            assert_eq!(checked.blueprint.entities.len(), n);
        }
    }
}
