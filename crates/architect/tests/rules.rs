//! The offline architect's general rules, each on a sentence of its own
//! (not taken from the scored sets): what it must find and must not invent.

use keel_architect::plan_offline;

fn summary(text: &str) -> keel_architect::Summary {
    plan_offline(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .summary
}

fn has_entity(text: &str, name: &str) -> bool {
    summary(text).entities.iter().any(|e| e == name)
}

#[test]
fn unknown_verbs_are_not_entities() {
    let text = "A daycare app. Caregivers log attendance when a child arrives or leaves. \
                Parents see photos of the room where each group sleeps.";
    let s = summary(text);
    for word in ["Arrive", "Arrives", "Sleep", "Sleeps"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
}

#[test]
fn people_the_app_keeps_records_of() {
    // registered by someone else
    assert!(has_entity(
        "A grooming salon app. Front desk staff register owners and book grooming appointments.",
        "Owner"
    ));
    // owning a thing
    let s = summary(
        "A plumbing company app. Dispatchers create jobs for a customer's property. \
         Plumbers close jobs.",
    );
    assert!(s.entities.iter().any(|e| e == "Customer"), "{s:?}");
    assert!(
        s.relations
            .iter()
            .any(|[c, p]| c == "Property" && p == "Customer"),
        "{s:?}"
    );
    // having things
    assert!(has_entity(
        "An agency billing tool. Staff log hours on projects. Each client can have several projects.",
        "Client"
    ));
    // but never the plain signed-in user
    assert!(!has_entity(
        "A notes app. Users write notes and see each user's shared notes.",
        "User"
    ));
}

#[test]
fn groups_and_unknown_doers_are_roles() {
    let s = summary(
        "An expenses app. Employees submit expense claims with receipts. \
         The finance team approves claims, and team captains add players to squads.",
    );
    assert!(s.roles.iter().any(|r| r == "finance"), "{s:?}");
    assert!(s.roles.iter().any(|r| r == "captain"), "{s:?}");
    assert!(
        !s.entities.iter().any(|e| e == "Team" || e == "Captain"),
        "{s:?}"
    );
}

#[test]
fn compound_names_and_quantities() {
    let s = summary(
        "A facilities app for a firm that looks after lots of buildings. \
         Managers create work orders for each building.",
    );
    assert!(s.entities.iter().any(|e| e == "WorkOrder"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Building"), "{s:?}");
    assert!(
        !s.entities.iter().any(|e| e == "Lot" || e == "Look"),
        "{s:?}"
    );
}

#[test]
fn records_implied_by_words_of_choice_and_reply() {
    let s = summary("A cookbook app. Cooks publish recipes and users save favourite recipes.");
    assert!(
        s.relations
            .iter()
            .any(|[c, p]| c == "Favorite" && p == "Recipe"),
        "{s:?}"
    );
    let s = summary("A club app. Leaders post events that members RSVP to.");
    assert!(
        s.relations.iter().any(|[c, p]| c == "Rsvp" && p == "Event"),
        "{s:?}"
    );
    let s = summary("A league app. Referees issue penalties and players appeal a penalty online.");
    assert!(s.entities.iter().any(|e| e == "Appeal"), "{s:?}");
}

#[test]
fn application_the_record_and_application_the_app() {
    assert!(has_entity(
        "A scholarship portal. Students submit applications with an essay. Reviewers score applications.",
        "Application"
    ));
    assert!(!has_entity(
        "A web application for dog walkers. Owners book walks and the application sends reminders.",
        "Application"
    ));
}
