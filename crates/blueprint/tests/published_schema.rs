//! `schema/keel-1.json` is the published schema; it must be what the code
//! derives. Regenerate it with `keel schema -o schema/keel-1.json`.

#[test]
fn published_schema_is_current() {
    let published = include_str!("../../../schema/keel-1.json");
    let derived = serde_json::to_string_pretty(&keel_blueprint::json_schema()).unwrap() + "\n";
    assert!(
        published == derived,
        "schema/keel-1.json is stale: run `keel schema -o schema/keel-1.json`"
    );
}

#[test]
fn every_string_list_and_map_is_bounded() {
    fn walk(v: &serde_json::Value, path: &str, unbounded: &mut Vec<String>) {
        let Some(obj) = v.as_object() else { return };
        match obj.get("type").and_then(|t| t.as_str()) {
            Some("string")
                if !obj.contains_key("maxLength")
                    && !obj.contains_key("enum")
                    && !obj.contains_key("const") =>
            {
                unbounded.push(path.to_owned())
            }
            Some("array") if !obj.contains_key("maxItems") => unbounded.push(path.to_owned()),
            Some("object")
                if obj.contains_key("additionalProperties")
                    && obj["additionalProperties"].is_object()
                    && !obj.contains_key("maxProperties") =>
            {
                unbounded.push(path.to_owned())
            }
            _ => {}
        }
        for (k, child) in obj {
            match child {
                serde_json::Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        walk(item, &format!("{path}/{k}/{i}"), unbounded);
                    }
                }
                _ => walk(child, &format!("{path}/{k}"), unbounded),
            }
        }
    }
    let mut unbounded = Vec::new();
    walk(&keel_blueprint::json_schema(), "", &mut unbounded);
    assert!(unbounded.is_empty(), "unbounded: {unbounded:#?}");
}
