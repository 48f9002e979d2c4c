//! State diagrams of entities with a state machine.

use keel_blueprint::StateMachine;

use crate::mermaid::{id, label};

pub fn diagram(machine: &StateMachine) -> String {
    let mut out = String::from("stateDiagram-v2\n");
    // State names are snake_case words, but `end` or `note` would be
    // keywords: each state gets a prefixed id and its name as a label.
    for state in &machine.states {
        out.push_str(&format!(
            "    state {} as {}\n",
            label(state),
            id("st", state)
        ));
    }
    out.push_str(&format!("    [*] --> {}\n", id("st", &machine.initial)));
    for t in &machine.transitions {
        for from in &t.from {
            out.push_str(&format!(
                "    {} --> {} : {} by {}\n",
                id("st", from),
                id("st", &t.to),
                t.name,
                t.by
            ));
        }
    }
    out
}
