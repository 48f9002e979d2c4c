//! The offline architect's general rules, each on a sentence of its own
//! (not taken from the scored sets): what it must find and must not invent.

use keel_architect::plan_offline;

fn summary(text: &str) -> keel_architect::Summary {
    plan_offline(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .summary
}

fn has_entity(text: &str, name: &str) -> bool {
    lists(&summary(text), name)
}

/// Whether the summary lists the entity `name`.
fn lists(s: &keel_architect::Summary, name: &str) -> bool {
    s.entities.iter().any(|e| e == name)
}

/// Whether `child` holds a reference to `parent`.
fn has_relation(s: &keel_architect::Summary, child: &str, parent: &str) -> bool {
    s.relations.iter().any(|[c, p]| c == child && p == parent)
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
    assert!(has_relation(&s, "Property", "Customer"), "{s:?}");
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
    // heads too generic to stand alone keep the word before them
    for (text, name) in [
        (
            "A pilotage app. Pilots log rest periods between jobs.",
            "RestPeriod",
        ),
        (
            "A clock repair shop. We book house calls for longcase clocks.",
            "HouseCall",
        ),
        (
            "A kombucha brewery. Each batch is split into flavour runs.",
            "FlavourRun",
        ),
        (
            "A garage app. Mechanics run brake tests on each vehicle.",
            "BrakeTest",
        ),
        (
            "Council inspectors record inspections and schedule follow-up visits.",
            "FollowUpVisit",
        ),
    ] {
        assert!(has_entity(text, name), "{name}: {:?}", summary(text));
    }
    // plurals English keeps before a noun; sales as records
    let text = "A quarry app. Office staff enter sales orders for each customer.";
    assert!(has_entity(text, "SalesOrder"), "{:?}", summary(text));
    let text =
        "A charity shop app. Volunteers log donated items; when an item sells we record the sale.";
    assert!(has_entity(text, "Sale"), "{:?}", summary(text));
}

#[test]
fn records_implied_by_words_of_choice_and_reply() {
    let s = summary("A cookbook app. Cooks publish recipes and users save favourite recipes.");
    assert!(has_relation(&s, "Favorite", "Recipe"), "{s:?}");
    let s = summary("A club app. Leaders post events that members RSVP to.");
    assert!(has_relation(&s, "Rsvp", "Event"), "{s:?}");
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

#[test]
fn people_added_assigned_or_owning_things_are_records() {
    // a second coordinated verb holds the object
    assert!(has_entity(
        "A dance school app. Teachers publish classes. The owner adds and removes teachers.",
        "Teacher"
    ));
    // assigned to something
    let s = summary("A delivery app. Planners assign a van and a courier to each round.");
    assert!(s.entities.iter().any(|e| e == "Courier"), "{s:?}");
    // named as the owner of a kept thing
    let s = summary("A gardening firm app. We maintain client gardens and log each visit.");
    assert!(s.entities.iter().any(|e| e == "Client"), "{s:?}");
    // people who only book are roles, not records
    let s = summary("A swimming pool app. Students book lanes and pay online.");
    assert!(!s.entities.iter().any(|e| e == "Student"), "{s:?}");
    assert!(s.roles.iter().any(|r| r == "student"), "{s:?}");
    // ... unless they enroll
    assert!(has_entity(
        "A language school app. Students enroll in courses.",
        "Student"
    ));
    // people with people of their own
    assert!(has_entity(
        "A nursery app. Parents see their children's meals.",
        "Parent"
    ));
}

#[test]
fn participle_clauses_and_payments() {
    // ", charged to", ", paying for": participle clauses, and both are payments
    for text in [
        "A flower subscription. Every month each subscriber gets a bouquet, charged to their card.",
        "A climbing wall app. Climbers book sessions, paying for passes of 10 visits.",
    ] {
        let s = summary(text);
        assert!(s.entities.iter().any(|e| e == "Payment"), "{text}: {s:?}");
    }
    // "-es" is an ending only after a hiss: wines are wine, not win
    let s = summary("A wine shop. Customers order cases of wines.");
    assert!(!s.entities.iter().any(|e| e == "Win"), "{s:?}");
}

#[test]
fn logged_hours_and_counted_photos_are_records() {
    let s = summary("A consultancy app. Consultants log hours against client projects.");
    assert!(s.entities.iter().any(|e| e == "TimeEntry"), "{s:?}");
    assert!(has_relation(&s, "TimeEntry", "Project"), "{s:?}");
    let s = summary("A road repair app. Citizens report damage and attach up to 5 photos.");
    assert!(s.entities.iter().any(|e| e == "Photo"), "{s:?}");
    // "existing" describes
    let s = summary("A road app. People upvote existing reports.");
    assert!(
        !s.entities.iter().any(|e| e.starts_with("Existing")),
        "{s:?}"
    );
}

#[test]
fn the_way_things_are_done_now_names_nothing() {
    let s = summary(
        "Problem: orders are scattered across emails, phone calls and sticky notes. \
         Solution: a bakery ordering portal. Cafes place orders for pastries. \
         Today the owner copies every order into a paper book.",
    );
    for word in ["Email", "Call", "Note", "StickyNote", "Book", "PaperBook"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    assert!(s.entities.iter().any(|e| e == "Order"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Pastry"), "{s:?}");
}

#[test]
fn user_stories_speak_for_their_role() {
    let s = summary(
        "User stories for a dog walking app:\n\
         - As an owner, I can add my dogs with their breed.\n\
         - As a walker, I accept walks and upload photos of the dog.",
    );
    assert!(s.roles.iter().any(|r| r == "walker"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Dog"), "{s:?}");
    assert!(
        !s.entities.iter().any(|e| e == "Story" || e == "UserStory"),
        "{s:?}"
    );
}

#[test]
fn headings_short_forms_and_contractions() {
    let s = summary(
        "Spec: equipment loans for a film school. Students borrow cameras for 3 days, \
         staff log repairs + hrs used. We dont take payments.",
    );
    assert!(!s.entities.iter().any(|e| e == "Spec"), "{s:?}");
    assert!(s.capabilities.iter().all(|c| c != "payments"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Camera"), "{s:?}");
}

#[test]
fn the_writers_own_setting_and_idioms_are_no_tables() {
    let s = summary(
        "Our bakery sells cakes to cafes. Cafes order cakes in bulk and pay on delivery. \
         Post new cakes to our Slack channel.",
    );
    for word in ["Bakery", "Bulk", "Channel", "SlackChannel"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    assert!(s.entities.iter().any(|e| e == "Cake"), "{s:?}");
    // "kept on file"; a report of figures summed over what is kept is a view
    let text = "A lost pet app. Owners register their pets with photos so they are on file. \
                Immunization records per pet, with a report of who is overdue.";
    let s = summary(text);
    for word in ["File", "Report"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    assert!(has_entity(text, "Pet"), "{s:?}");
    // a busy time of year is no season the application keeps
    let text = "A shearing contractor app. About 25 shearers in peak season. Farmers book runs.";
    assert!(!has_entity(text, "Season"), "{:?}", summary(text));
    // the text of an ad, a file of a form: no copies kept
    let text = "A newsletter ads app. Sponsors book slots and upload the ad copy and a logo. \
                Tenants sign and get a PDF copy emailed to them.";
    assert!(!has_entity(text, "Copy"), "{:?}", summary(text));
}

#[test]
fn kinds_named_by_adjectives_and_definitions() {
    let s = summary(
        "A clinic app. Each visit is an appointment with a nurse. Nurses record \
         adverse reactions and update the medical history of each patient.",
    );
    assert!(s.entities.iter().any(|e| e == "AdverseReaction"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Appointment"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Visit"), "{s:?}");
}

#[test]
fn clauses_in_parentheses_and_owners_of_things() {
    let s = summary(
        "A piano tuning service. Tuners book visits for a piano \
         (clients often own several pianos) and note the pitch.",
    );
    assert!(s.entities.iter().any(|e| e == "Client"), "{s:?}");
    // a list of values in parentheses adds nothing
    let s = summary("A gym app. Members book classes (yoga, spin, pilates).");
    for word in ["Yoga", "Spin", "Pilate", "Pilates"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
}

#[test]
fn households_job_titles_and_things_with_people_endings() {
    let s = summary(
        "A church giving app. Households make pledges to funds. The treasurer records \
         gifts; each matter raised at the council is filed in a folder.",
    );
    assert!(s.entities.iter().any(|e| e == "Household"), "{s:?}");
    assert!(s.roles.iter().any(|r| r == "treasurer"), "{s:?}");
    assert!(
        !s.roles.iter().any(|r| r == "matter" || r == "folder"),
        "{s:?}"
    );
}

#[test]
fn things_attached_to_nothing_refer_to_what_they_are_named_with() {
    let s = summary(
        "A warranty portal. Customers register appliances and file a repair request \
         for one of them, listing its faults and uploading receipts.",
    );
    assert!(has_relation(&s, "RepairRequest", "Appliance"), "{s:?}");
    assert!(has_relation(&s, "Fault", "RepairRequest"), "{s:?}");
    // siblings of one list, or of verbs joined by "and", share the parent
    assert!(has_relation(&s, "Receipt", "RepairRequest"), "{s:?}");
    assert!(!has_relation(&s, "Receipt", "Fault"), "{s:?}");
}

#[test]
fn things_listed_with_their_owner() {
    let s = summary(
        "Security analysts add vendors and their contacts. A firm tracks its clients and their matters.",
    );
    assert!(has_relation(&s, "Contact", "Vendor"), "{s:?}");
    assert!(has_relation(&s, "Matter", "Client"), "{s:?}");
    // both someone else's; photos own nothing
    let s = summary(
        "Each cleaning company adds their cleaners and their clients. Stallholders \
         upload a few product photos and their hygiene certificate.",
    );
    assert!(!has_relation(&s, "Client", "Cleaner"), "{s:?}");
    assert!(!has_relation(&s, "Certificate", "Photo"), "{s:?}");
    // a participle describing what a verb acts on: what it is made from
    let s = summary(
        "A vendor risk platform. Analysts send questionnaires built from reusable templates.",
    );
    assert!(has_relation(&s, "Questionnaire", "Template"), "{s:?}");
}

#[test]
fn names_the_generated_code_takes_are_renamed() {
    // `IncidentUpdate` is the name of Incident's update body in the contract
    let s = summary(
        "A status page. Tables: incidents (title, impact); incident_updates (incident_id, \
         body); subscribers (email).",
    );
    assert!(
        s.entities.iter().any(|e| e == "IncidentUpdateRecord"),
        "{s:?}"
    );
    assert!(!s.entities.iter().any(|e| e == "IncidentUpdate"), "{s:?}");
    assert!(
        has_relation(&s, "IncidentUpdateRecord", "Incident"),
        "{s:?}"
    );
}

#[test]
fn the_record_of_a_thing_is_the_thing() {
    let text = "A vinyl collection app. I keep a vinyl record for every album I own, \
                with its condition and price.";
    assert!(has_entity(text, "Vinyl"), "{:?}", summary(text));
    assert!(!has_entity(text, "VinylRecord"), "{:?}", summary(text));
    // a thing the lexicon knows, or a word in -ion, is the record too
    let text = "An enforcement app. Each report creates an incident record that officers triage.";
    assert!(has_entity(text, "Incident"), "{:?}", summary(text));
    assert!(!has_entity(text, "IncidentRecord"), "{:?}", summary(text));
    let text = "A school nurse app. Nurses keep immunization records for each pupil.";
    assert!(has_entity(text, "Immunization"), "{:?}", summary(text));
    // an activity's record stays a record
    for (text, name) in [
        (
            "A fleet app. Mechanics log service records for each vehicle.",
            "ServiceRecord",
        ),
        (
            "An IT app. Staff keep maintenance records against each asset.",
            "MaintenanceRecord",
        ),
    ] {
        assert!(has_entity(text, name), "{name}: {:?}", summary(text));
    }
}

#[test]
fn keywords_of_the_generated_code_take_a_plain_english_name() {
    // `move` and `pub` are Rust keywords: a word of the same sense, not `MoveRecord`
    let s = summary(
        "A zoo app. Keepers log animals. Moves between enclosures must be kept as history. \
         Quiz teams play rounds at pubs.",
    );
    for name in ["Movement", "Venue"] {
        assert!(s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    assert!(!s.entities.iter().any(|e| e.ends_with("Record")), "{s:?}");
    // a keyword with a noun before it keeps the noun
    let text = "A fishing club app. After every session anglers submit a catch return.";
    assert!(has_entity(text, "CatchReturn"), "{:?}", summary(text));
}

#[test]
fn plain_forms_after_a_preposition_name_things() {
    // "into purchase orders" buys nothing; "everything except approve" is a verb
    let s = summary(
        "A procurement tool. Approved requisitions are converted into purchase orders. \
         Clerks can do everything except approve invoices.",
    );
    assert!(!s.entities.iter().any(|e| e == "Payment"), "{s:?}");
    assert!(s.roles.iter().any(|r| r == "clerk"), "{s:?}");
}

#[test]
fn money_taken_and_plans_chosen_are_kept() {
    let s = summary(
        "A climbing gym app. Climbers choose a monthly plan and book sessions; \
         day passes are paid by card at the desk.",
    );
    assert!(s.entities.iter().any(|e| e == "Payment"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Subscription"), "{s:?}");
    assert!(s.capabilities.iter().any(|c| c == "payments"), "{s:?}");
    // wages people are paid, and paid plans, take no money through the app
    let s = summary("A rota app. Staff see shifts and the hours they are paid for.");
    assert!(!s.entities.iter().any(|e| e == "Payment"), "{s:?}");
    // "pay" is a verb after the person a causative verb acts on, and at the
    // end of a clause coordinated with a plain verb
    for text in [
        "A pool cleaning app. We invoice customers for their visits and let them pay online.",
        "A cookery school app. People see upcoming sessions, book places and pay, max 12 per session.",
    ] {
        assert!(has_entity(text, "Payment"), "{text}: {:?}", summary(text));
    }
    assert!(!has_entity("A CRM. Staff record name and pay.", "Payment"));
    // money paid out to people: in a passive with its particle, or with the
    // pronoun between verb and particle
    for text in [
        "A prize draw app. Entrants buy tickets. Prize money is paid out to the winners.",
        "A pattern shop. Buyers pay by card. Designers get paid out monthly minus our commission.",
        "Sponsors book a slot and pay by card; we hold the money and pay it out to the writer.",
    ] {
        assert!(has_entity(text, "Payout"), "{text}: {:?}", summary(text));
    }
    assert!(!has_entity("A rota app. Staff get paid weekly.", "Payment"));
}

#[test]
fn photos_kept_as_rows() {
    for text in [
        "A cleaning app. Cleaners upload before and after photos of each room.",
        "A listings site. Agents add properties with a gallery of photos.",
        "A wildlife log. Volunteers record sightings. Photos of rare birds can be attached.",
    ] {
        assert!(has_entity(text, "Photo"), "{text}: {:?}", summary(text));
    }
}

#[test]
fn photos_counted_or_optional_among_fields_are_rows() {
    for text in [
        "A flea market app. Each stall listing has a title, a price, a few pics and an end date.",
        "A kennel app. Walkers write a note for each dog, plus a couple of photos.",
        "A ranger app. Rangers file a sighting report recording the place, the time, \
         the animals involved and optional photos.",
    ] {
        assert!(has_entity(text, "Photo"), "{text}: {:?}", summary(text));
    }
    // "how many" asks for a number
    let text = "A bistro app. Managers set how many covers each sitting can take.";
    assert!(!has_entity(text, "Cover"), "{text}: {:?}", summary(text));
}

#[test]
fn verbs_in_clauses_are_no_things() {
    for (text, word) in [
        (
            "A lab app. Each lab has a head who approves purchase requests.",
            "Approve",
        ),
        (
            "A chess club app. Pairings are drawn as soon as registration closes.",
            "Close",
        ),
        (
            "A meetup app. Everyone attending receives a reminder.",
            "Receive",
        ),
        (
            "A tattoo app. Artists have the client sign a consent form.",
            "Sign",
        ),
    ] {
        assert!(!has_entity(text, word), "{text}: {:?}", summary(text));
    }
}

#[test]
fn a_known_noun_after_a_modal_is_a_verb() {
    let s = summary("A portrait app. Clients can heart a shot.");
    assert!(s.roles.iter().any(|r| r == "client"), "{s:?}");
}

#[test]
fn records_made_by_what_people_do() {
    for (text, name) in [
        (
            "A bake-off app. A panel of judges scores each cake on taste.",
            "Score",
        ),
        (
            "A hackathon app. Each judge gets assigned projects and scores each one.",
            "Score",
        ),
        (
            "A choir app. The director plans rehearsals and singers rsvp.",
            "Rsvp",
        ),
        (
            "A booking site for my kayak rental business. Paddlers pick a kayak and a time.",
            "Booking",
        ),
    ] {
        assert!(has_entity(text, name), "{text}: {:?}", summary(text));
    }
    // "each one" is one of the things named in the plural before it
    let s = summary(
        "A plumbing app. Dispatchers create work orders for a customer site and assign \
         each one to a plumber.",
    );
    assert!(!s.entities.iter().any(|e| e == "Assignment"), "{s:?}");
}

#[test]
fn outcomes_are_values_and_captains_are_roles() {
    let s = summary(
        "A change board app. Engineers implement each change and record the outcome. \
         Each team captain registers their team for the season.",
    );
    assert!(!s.entities.iter().any(|e| e == "Outcome"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Captain"), "{s:?}");
    assert!(s.roles.iter().any(|r| r == "captain"), "{s:?}");
}

#[test]
fn remarks_said_with_a_thing_are_its_fields() {
    for text in [
        "A permits app. Inspectors approve or reject each permit with a comment.",
        "A film festival app. Jurors give each film a score plus written notes.",
        "A tea shop app. Each tea has an origin and tasting notes.",
        "A kitchen app. Each supplier has a catalogue of items with a unit and a price.",
        "A roads app. Depot staff fix each pothole and close it with a note about the repair.",
        "A taxi licensing app. Inspectors record a pass or fail with notes for each check item.",
        "A key register app. Lost keys are reported with a note.",
    ] {
        let s = summary(text);
        assert!(
            !s.entities
                .iter()
                .any(|e| e == "Comment" || e == "Note" || e == "TastingNote"),
            "{text}: {s:?}"
        );
    }
    // a comment thread holds comments
    assert!(has_entity(
        "A repairs app. Each request has a comment thread shared by tenant and contractor.",
        "Comment"
    ));
    // comments people post on things stay things
    assert!(has_entity(
        "A recipe app. Cooks post recipes and comment on recipes.",
        "Comment"
    ));
    assert!(has_entity(
        "A clinic app. Therapists write progress notes after each visit.",
        "Note"
    ));
}

#[test]
fn a_compound_object_names_a_thing_unless_it_is_a_time() {
    assert!(has_entity(
        "A radio app. Sponsors buy ad spots on shows.",
        "AdSpot"
    ));
    let text = "A driving school app. Instructors record theory and road test dates.";
    assert!(!has_entity(text, "Outing"), "{:?}", summary(text));
}

#[test]
fn words_before_a_thing_describe_it() {
    // "an hourly rate that depends on ...": no Rating, no Depend
    let s = summary(
        "A consultancy app. Consultants log time against a project at an hourly rate \
         that depends on the client.",
    );
    assert!(
        !s.entities.iter().any(|e| e == "Rating" || e == "Depend"),
        "{s:?}"
    );
    // a sentence opening with a thing whose verb comes later is no command
    let first_tag = |text: &str| {
        let sentences = keel_architect::text::analyse(text, keel_architect::lexicon::get());
        sentences[0][0].tag
    };
    use keel_architect::text::Tag;
    assert_eq!(first_tag("Alert rules per device fire alerts."), Tag::Noun);
    assert_eq!(first_tag("Email customers when orders ship."), Tag::Verb);
    assert_eq!(
        first_tag("Track expenses per project and export them."),
        Tag::Verb
    );
    // after he, she or it, a word in -s is a verb
    let s = summary("A spin studio app. Each class has bikes and she grabs the last one.");
    assert!(!s.entities.iter().any(|e| e == "Grab"), "{s:?}");
}

#[test]
fn the_business_the_app_is_for_is_the_setting() {
    let s = summary(
        "A practice management tool for a small law firm. Clients retain the firm on matters; \
         attorneys record time against each matter.",
    );
    assert!(!s.entities.iter().any(|e| e == "Firm"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Matter"), "{s:?}");
}

#[test]
fn many_of_a_field_are_rows_and_verbs_in_clauses_are_no_things() {
    let s = summary(
        "A wholesale app. Each customer can have several delivery addresses. An invoice is \
         generated when an order ships and is payable within 30 days.",
    );
    assert!(s.entities.iter().any(|e| e == "Address"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Ship"), "{s:?}");
    let sentences = keel_architect::text::analyse(
        "During a stay the sitter posts photo updates.",
        keel_architect::lexicon::get(),
    );
    let posts = sentences[0]
        .iter()
        .find(|w| w.text == "posts")
        .expect("posts");
    assert_eq!(posts.tag, keel_architect::text::Tag::Verb);
}

#[test]
fn the_passive_voice_says_who_acts() {
    let s = summary(
        "An app is needed for our annual conference. Attendees are registered through an \
         online form. Badges are scanned by volunteers at the door. Talks are scheduled by \
         the organisers.",
    );
    for role in ["volunteer", "organizer"] {
        assert!(s.roles.iter().any(|r| r == role), "{role}: {s:?}");
    }
    assert!(s.entities.iter().any(|e| e == "Attendee"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Volunteer"), "{s:?}");
}

#[test]
fn each_company_kept_apart_is_tenancy() {
    for text in [
        "An HR tool we sell to many companies, with each company's data kept completely separate.",
        "A site diary app. Each contractor company signs up and only ever sees its own sites.",
    ] {
        let s = summary(text);
        assert!(
            s.capabilities.iter().any(|c| c == "multi_tenant"),
            "{text}: {s:?}"
        );
    }
    // people seeing their own records is ownership, not tenancy
    let s = summary("A rental app. Tenants see only their own lease and requests.");
    assert!(!s.capabilities.iter().any(|c| c == "multi_tenant"), "{s:?}");
}

#[test]
fn bare_records_and_doctors_by_their_word() {
    let s = summary(
        "A bird survey app. Surveyors log sightings and the coordinator verifies unusual records.",
    );
    assert!(!s.entities.iter().any(|e| e == "Entry"), "{s:?}");
    assert!(has_entity(
        "A vet app. Vets add notes to each animal's medical record.",
        "MedicalRecord"
    ));
    assert!(has_entity(
        "A physio clinic app. Receptionists register therapists and book patients with them.",
        "Therapist"
    ));
}

#[test]
fn a_rate_is_a_price() {
    let s = summary("A studio app. Each engineer sets their own hourly rate and books sessions.");
    assert!(!s.entities.iter().any(|e| e == "Rate"), "{s:?}");
}

#[test]
fn vendors_and_donors_are_kept() {
    let s =
        summary("A market app. Vendors apply for a stall each season; donors give to the fund.");
    for name in ["Vendor", "Donor"] {
        assert!(s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    assert!(s.roles.iter().any(|r| r == "vendor"), "{s:?}");
}

#[test]
fn describing_words_used_as_nouns_name_nothing() {
    let s = summary(
        "A football league app. Referees enter the score plus any yellow or red cards; \
         the secretary sees the averages and my regulars get a reminder.",
    );
    for name in ["Yellow", "Average", "Regular"] {
        assert!(!s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    // favourites are still a choice someone records
    let s = summary("A gallery app. Clients mark their favourites among the photos.");
    assert!(
        s.entities
            .iter()
            .any(|e| e == "Favorite" || e == "Favourite"),
        "{s:?}"
    );
}

#[test]
fn the_tools_of_today_are_no_things() {
    let text = "A surf school app to replace our paper booking book and the WhatsApp group. \
                Students book lessons with an instructor.";
    let s = summary(text);
    assert!(
        !s.entities
            .iter()
            .any(|e| e.contains("Book") && e != "Booking"),
        "{s:?}"
    );
    assert!(!s.entities.iter().any(|e| e.contains("Group")), "{s:?}");
}

#[test]
fn invoices_the_text_sends_and_money_it_takes() {
    // (and whom they bill is kept)
    let s = summary(
        "A translation agency app. Translators deliver jobs; we invoice the client per job.",
    );
    assert!(s.entities.iter().any(|e| e == "Client"), "{s:?}");
    for text in [
        "A cleaning company app. Cleaners log visits and we invoice each client monthly.",
        "A tutoring app. Tutors record lessons; parents get invoiced every month.",
        "A marina app. Harbour staff bill boat owners for each berth stay.",
    ] {
        assert!(has_entity(text, "Invoice"), "{text}: {:?}", summary(text));
    }
    // a plan's price said in passing sends no invoices
    let text = "A notes app. Paid plans unlock more storage, billed monthly via Stripe.";
    assert!(!has_entity(text, "Invoice"), "{text}: {:?}", summary(text));
    // the payment settles the invoice
    let s = summary(
        "A dentist app. Each visit produces an invoice that patients settle online by card.",
    );
    assert!(has_relation(&s, "Payment", "Invoice"), "{s:?}");
    for text in [
        "A dentist app. Each visit produces an invoice that patients settle online by card.",
        "A dog walking app. Walks are charged to the owner's card after each walk.",
        "A dog walking app. Walkers log walks and we bill per walk via Stripe.",
        "A festival app. Tickets are sold in tiers and paid for by card.",
    ] {
        assert!(has_entity(text, "Payment"), "{text}: {:?}", summary(text));
    }
}

#[test]
fn a_list_of_things_is_a_view_of_them() {
    let s = summary(
        "A farm shop app. Farmers keep a product list and customers pick a delivery time window. \
         Families join the waiting list. The manager keeps the driver list up to date.",
    );
    for name in ["Product", "WaitingList", "Driver"] {
        assert!(s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    for name in ["ProductList", "TimeWindow", "List", "DriverList"] {
        assert!(!s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    // a count spelled out is no part of a name
    let s = summary("A market app. Sixty stalls are rented to traders each season.");
    assert!(s.entities.iter().any(|e| e == "Stall"), "{s:?}");
}

#[test]
fn a_list_of_a_detail_to_pick_from_is_kept() {
    for text in [
        "A fungi recording app. We keep a species checklist for the county and members log finds.",
        "A camera trap app. Volunteers tag each image with a count. We need a species list too.",
    ] {
        assert!(has_entity(text, "Species"), "{text}: {:?}", summary(text));
    }
    // the detail alone stays a field
    let text = "A vet app. Owners register their pets (species, breed, date of birth).";
    assert!(!has_entity(text, "Species"), "{:?}", summary(text));
    // a result list is no list of results kept
    let text =
        "A pigeon club app. The secretary makes the races and the app makes the result list.";
    assert!(!has_entity(text, "Outcome"), "{:?}", summary(text));
}

#[test]
fn a_live_board_is_the_screen_itself() {
    let text = "A machine downtime app. Operators log each stop against a machine, \
                and a live board on the shop floor tv updates as stops happen.";
    let s = summary(text);
    assert!(!s.entities.iter().any(|e| e == "Board"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Stop"), "{s:?}");
    // boards people make stay things
    assert!(has_entity(
        "A feedback app. Every company has one or more boards, and customers post ideas on a board.",
        "Board"
    ));
}

#[test]
fn the_review_says_why_a_name_or_a_record_appears() {
    let plan = plan_offline(
        "A padel club app. Members book matches, paid by card; coaches referee matches.",
    )
    .expect("plans");
    let said = |part: &str| plan.review.assumptions.iter().any(|a| a.contains(part));
    assert!(
        said("`Fixture` stands for the text's \"match\""),
        "{:?}",
        plan.review
    );
    assert!(said("`Payment` keeps the money"), "{:?}", plan.review);
}

#[test]
fn many_to_many_said_both_ways_gets_a_join() {
    let s = summary(
        "A choir app. A concert can feature several songs and a song can be sung at many concerts.",
    );
    assert!(s.entities.iter().any(|e| e == "ConcertSong"), "{s:?}");
    for parent in ["Concert", "Song"] {
        assert!(has_relation(&s, "ConcertSong", parent), "{parent}: {s:?}");
    }
    // The same words one way only ("a concert can feature several songs")
    // are one concert's songs, not a join.
    let s = summary("A choir app. A concert can feature several songs.");
    assert!(!s.entities.iter().any(|e| e == "ConcertSong"), "{s:?}");
}

#[test]
fn a_thing_shared_by_several_people_links_them_as_records() {
    // The people are records the join points at, in passive and active voice.
    let s = summary("A gallery app. Each exhibition is curated by one or more curators.");
    assert!(s.entities.iter().any(|e| e == "ExhibitionCurator"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Curator"), "{s:?}");
    let s = summary("A football app. Each squad has several coaches.");
    assert!(s.entities.iter().any(|e| e == "SquadCoach"), "{s:?}");
    // "the number of workers" counts people, it links nobody.
    let s = summary("A site diary. Managers record the number of workers on site each day.");
    assert!(!s.entities.iter().any(|e| e.ends_with("Worker")), "{s:?}");
}

#[test]
fn a_short_name_said_first_or_against_a_kind_stays_its_own_thing() {
    // Said first: the orders are a thing before the standing order is.
    let s = summary(
        "A bakery portal. Orders arrive from cafés every night. \
         Cafés can also set up a standing order that repeats weekly.",
    );
    for name in ["Order", "StandingOrder"] {
        assert!(s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    // Named against a kind of it: "standing orders or one-off orders".
    let s = summary("A bakery portal. Cafés set up standing orders or place one-off orders.");
    for name in ["Order", "StandingOrder"] {
        assert!(s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    // Said after, it is the same thing again.
    let s = summary(
        "A landlord app. Tenants submit maintenance requests. \
         The manager closes the request when it is fixed.",
    );
    assert!(!s.entities.iter().any(|e| e == "Request"), "{s:?}");
}

#[test]
fn money_that_does_not_go_through_the_app_is_no_payment() {
    for text in [
        "A bakery portal. Cafés order bread. Customers pay by bank transfer, so no card payments.",
        "A physio clinic app. Patients book appointments. Payment we do in the clinic, not online.",
        "An insurance app. Adjusters approve a payout, which finance pays outside the system.",
        "A farm shop app. Staff record each sale. Buyers pay cash at the gate.",
        "A goat dairy app. We record each goat and mark who bought it, but no need for payments.",
    ] {
        let s = summary(text);
        assert!(!s.entities.iter().any(|e| e == "Payment"), "{text}: {s:?}");
        assert!(
            !s.capabilities.iter().any(|c| c == "payments"),
            "{text}: {s:?}"
        );
    }
    // The fee for the application itself is a subscription to it.
    let s = summary(
        "A clinic scheduling SaaS. Clinics book appointments. Clinics pay us monthly by card.",
    );
    assert!(s.entities.iter().any(|e| e == "Subscription"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Payment"), "{s:?}");
    assert!(s.capabilities.iter().any(|c| c == "payments"), "{s:?}");
    // Money taken through it still is, also beside cash.
    for text in [
        "A clinic app. Patients book appointments and pay online by card.",
        "A clinic app. Patients book appointments and pay online, so there is no need for cash.",
    ] {
        let s = summary(text);
        assert!(s.entities.iter().any(|e| e == "Payment"), "{text}: {s:?}");
    }
    let s =
        summary("A window cleaning app. Customers pay by direct debit after each clean, or cash.");
    assert!(s.capabilities.iter().any(|c| c == "payments"), "{s:?}");
}

#[test]
fn a_profile_of_someone_is_their_record() {
    for (text, owner) in [
        (
            "A podcast app. Hosts invite guests to episodes. We keep guest profiles we can reuse.",
            "Guest",
        ),
        (
            "A shelter app. Each animal gets a profile with pics, age and breed.",
            "Animal",
        ),
        (
            "A tutoring app. Tutors create a profile with a bio and an hourly rate.",
            "Tutor",
        ),
    ] {
        let s = summary(text);
        assert!(s.entities.iter().any(|e| e == owner), "{text}: {s:?}");
        assert!(!s.entities.iter().any(|e| e == "Profile"), "{text}: {s:?}");
    }
    // The signed-in user's own profile page is a profile.
    assert!(has_entity(
        "A small social network. Each user has a public profile page.",
        "Profile"
    ));
}

#[test]
fn people_described_by_details_are_records() {
    let s = summary("A trucking app. Drivers have a name, a licence number and a phone.");
    assert!(s.entities.iter().any(|e| e == "Driver"), "{s:?}");
    // A field list set off by spaced dashes describes the thing before it.
    let s = summary(
        "A trucking app. Dispatchers create loads - pickup address, weight, rate - \
         for a shipper and assign each load to a driver.",
    );
    assert!(s.entities.iter().any(|e| e == "Load"), "{s:?}");
    // one driver per load: an assignee, not an Assignment
    assert!(!s.entities.iter().any(|e| e == "Assignment"), "{s:?}");
    // Bullets typed on one line stay sentences.
    let s = summary(
        "A photo contest site. Must have: - organizers create contests with a theme \
         - members enter photos per contest - judges score each entry",
    );
    assert!(s.entities.iter().any(|e| e == "Contest"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Entry"), "{s:?}");
}

#[test]
fn data_notes_in_lower_case_declare_things() {
    let s = summary(
        "cowork booking app, single operator.\n\
         locations (name, address, timezone)\n\
         spaces (location, type desk|meeting_room, capacity)\n\
         members (name, email, company name, plan)\n\
         plans (name, monthly price, included hours)\n\
         bookings (member, space, start, end, status)\n",
    );
    for name in ["Location", "Space", "Member", "Plan", "Booking"] {
        assert!(s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    assert!(!s.entities.iter().any(|e| e == "Company"), "{s:?}");
    for (child, parent) in [
        ("Space", "Location"),
        ("Booking", "Space"),
        ("Member", "Plan"),
    ] {
        assert!(has_relation(&s, child, parent), "{child}->{parent}: {s:?}");
    }
    // A word that is usually a field is a thing when the text gives it fields.
    assert!(has_entity(
        "A cowork app. Every location has a name, an address and a timezone.",
        "Location"
    ));
}

#[test]
fn listed_roles_and_initials() {
    // A list under a heading that says roles names the roles.
    let s =
        summary("A shop floor app. Planners create work orders.\nroles: planner, operator, qc.");
    for role in ["planner", "operator", "qc"] {
        assert!(s.roles.iter().any(|r| r == role), "{role}: {s:?}");
    }
    // So does a list under a heading that says users.
    let s = summary(
        "A calibration app. Gauges are calibrated by labs.
         Users: quality manager (approves closures), operators (check out only).",
    );
    for role in ["quality_manager", "operator"] {
        assert!(s.roles.iter().any(|r| r == role), "{role}: {s:?}");
    }
    // Capitals that are the initials of words the text uses stand for them.
    let s = summary(
        "A maintenance app. Planners create work orders. Each WO has a due date \
         and a checklist. Techs close WOs.",
    );
    assert!(s.entities.iter().any(|e| e == "WorkOrder"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Wo"), "{s:?}");
    // ... but not a word of grammar: "the opposing captain" is no "TO".
    let s =
        summary("A tournament app. The opposing captain confirms the score. NICE TO HAVE: a chat.");
    assert!(!s.entities.iter().any(|e| e.contains("Opposing")), "{s:?}");
}

#[test]
fn a_check_or_an_area_keeps_the_word_that_says_which() {
    let s = summary(
        "A law firm app. Before a matter is opened, a conflict check is run against all clients. \
         Each matter has a practice area.",
    );
    assert!(s.entities.iter().any(|e| e == "ConflictCheck"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Check"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Area"), "{s:?}");
}

#[test]
fn passive_voice_and_what_things_are_about() {
    // "... and assigned to field crews": the second participle is passive
    // too, of the same subject; the dispatchers who create are a role.
    let s = summary("A city app. Work orders are created by dispatchers and assigned to crews.");
    assert!(!s.entities.iter().any(|e| e == "Dispatcher"), "{s:?}");
    assert!(s.roles.iter().any(|r| r == "dispatcher"), "{s:?}");
    // People doing a verb that implies a thing, in the passive, still do it.
    let s =
        summary("A city app. Residents file reports. Reports can be upvoted by other residents.");
    assert!(
        s.entities.iter().any(|e| e == "Vote" || e == "Upvote"),
        "{s:?}"
    );
    // What a thing is about is its subject matter ...
    let s = summary("A city app. Citizens submit reports about potholes and graffiti.");
    assert!(!s.entities.iter().any(|e| e == "Pothole"), "{s:?}");
    // ... but "about forty wines" counts them.
    let s = summary("A wine shop app. Customers browse reviews about wines.");
    assert!(!s.entities.iter().any(|e| e == "Wine"), "{s:?}");
    let s = summary("A wine shop app. Customers browse about forty wines.");
    assert!(s.entities.iter().any(|e| e == "Wine"), "{s:?}");
}

#[test]
fn a_verb_in_s_before_things_in_the_plural() {
    // "the case team records notes": records is what the team does.
    let s = summary(
        "A legal aid app. Solicitors open cases. The case team records notes on each case.",
    );
    assert!(!s.entities.iter().any(|e| e == "RecordNote"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Note"), "{s:?}");
}

#[test]
fn a_kind_talked_about_under_its_short_name_is_one_thing() {
    let s = summary(
        "A scout app. Leaders maintain the list of merit badges, and each badge has requirements. \
         Scouts earn a badge when the badge is awarded.",
    );
    assert!(s.entities.iter().any(|e| e == "Badge"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "MeritBadge"), "{s:?}");
}

#[test]
fn asides_that_describe_particular_ones_name_nothing() {
    // "which is chaos": what something is like.
    let s = summary(
        "A studio booking site. Artists book rooms. Today booking happens over DMs, which is chaos.",
    );
    assert!(
        !s.entities.iter().any(|e| e == "Chao" || e == "Chaos"),
        "{s:?}"
    );
    // A remark about named instances ("Room A", "Room B") describes examples.
    let s = summary(
        "A studio booking site (Room A has the big console, Room B is a small booth). \
         Artists book rooms.",
    );
    assert!(
        !s.entities.iter().any(|e| e == "Console" || e == "Booth"),
        "{s:?}"
    );
    // "book blocks of hours": a quantity, not a thing.
    let s = summary("A studio booking site. Artists book blocks of hours in a room.");
    assert!(!s.entities.iter().any(|e| e == "Block"), "{s:?}");
}

#[test]
fn many_things_named_by_a_measure_are_things() {
    // "temperature sensors" are devices, though a temperature is a field ...
    let s = summary("An IoT app. Customers register temperature sensors to their sites.");
    assert!(
        s.entities
            .iter()
            .any(|e| e == "Sensor" || e == "TemperatureSensor"),
        "{s:?}"
    );
    // ... and "stock counts" are still counts of stock.
    let s = summary(
        "A seed library. Volunteers record each donation and keep stock counts per variety.",
    );
    assert!(!s.entities.iter().any(|e| e == "Count"), "{s:?}");
}

#[test]
fn the_writers_own_organisation_and_counted_things() {
    let s = summary(
        "Hi! I'm the secretary of a rowing club with about 180 members. Members book boats.",
    );
    assert!(!s.entities.iter().any(|e| e.contains("Club")), "{s:?}");
    let s = summary("We are a regional food bank. Volunteers sign up for shifts.");
    assert!(!s.entities.iter().any(|e| e.contains("Bank")), "{s:?}");
    // "if someone breaks something": a verb after someone.
    let s =
        summary("A rowing app. Members book boats. If someone breaks something they report it.");
    assert!(!s.entities.iter().any(|e| e.starts_with("Break")), "{s:?}");
    // "a max number of places per session": a count, not a thing.
    let s = summary("A rowing app. Coaches run sessions with a max number of places per session.");
    assert!(!s.entities.iter().any(|e| e == "Place"), "{s:?}");
}

#[test]
fn section_titles_name_nothing() {
    let s = summary(
        "CoolFix - field service app\n\nGoals\n- Get rid of paper job sheets.\n\n\
         Requirements\n- Each customer has many sites.\n\nCore flows\n- Technicians close jobs.\n\n\
         Nice to have\n- Reminders by email.",
    );
    for name in ["Goal", "Requirement", "CoreFlow", "Flow"] {
        assert!(!s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    assert!(s.entities.iter().any(|e| e == "Site"), "{s:?}");
}

#[test]
fn people_who_belong_to_a_thing_are_records() {
    let s = summary(
        "A food bank app. Each volunteer belongs to a team. Volunteers sign up for shifts.",
    );
    assert!(s.entities.iter().any(|e| e == "Volunteer"), "{s:?}");
    assert!(has_relation(&s, "Volunteer", "Team"), "{s:?}");
}

#[test]
fn what_todays_tools_hold_is_not_kept() {
    let s = summary(
        "A keg tracker. At 7am Marta opens a Google Sheet with 900 rows that nobody trusts. \
         Every keg has a serial number. Drivers scan kegs onto deliveries.",
    );
    assert!(!s.entities.iter().any(|e| e == "Row"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Keg"), "{s:?}");
}

#[test]
fn set_phrases_name_nothing() {
    let s = summary(
        "A daycare app. Teachers log meals for each child. Behind the scenes the director \
         manages the rooms. Dispatchers see at a glance who is doing what today.",
    );
    for name in ["Scene", "Glance", "Today"] {
        assert!(!s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    assert!(s.entities.iter().any(|e| e == "Room"), "{s:?}");
}

#[test]
fn quoted_sayings_name_nothing() {
    let s = summary(
        "A daycare app. Teachers log meals for each child. Parents get a push notification: \
         \"Leo ate all his lunch\". Teachers tap \"check in\" for each child.",
    );
    assert!(!s.entities.iter().any(|e| e == "Lunch"), "{s:?}");
    // A whole message quoted is the description itself.
    let s = summary(
        "Forwarded from our office: \"A customer rings and I book a survey. \
         Our surveyor lists every room. Then I write a quote.\"",
    );
    assert!(s.entities.iter().any(|e| e == "Quote"), "{s:?}");
}

#[test]
fn three_alternatives_are_kinds() {
    let s = summary(
        "A pet sitting app. Owners find a sitter and book them for walks, drop-in visits \
         or overnight stays. Owners add their pets.",
    );
    for name in ["Walk", "Visit"] {
        assert!(!s.entities.iter().any(|e| e == name), "{name}: {s:?}");
    }
    assert!(s.entities.iter().any(|e| e == "Pet"), "{s:?}");
}

#[test]
fn comments_and_subscriptions_paid_through_stripe() {
    let s = summary(
        "A newsletter platform. Writers post articles. Readers subscribe via Stripe. Readers comment.",
    );
    assert!(s.entities.iter().any(|e| e == "Comment"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Payment"), "{s:?}");
}

#[test]
fn several_chosen_from_a_list_get_a_join() {
    for (text, join) in [
        (
            "A field service app. A dispatcher creates a work order for a site, picks which \
             units it concerns, and schedules it.",
            "WorkOrderUnit",
        ),
        (
            "A pet sitting app. Owners add their pets and pick which pets each booking is for.",
            "BookingPet",
        ),
        (
            "A school trips app. A teacher sets up a trip and picks which classes are going.",
            "TripClass",
        ),
    ] {
        let s = summary(text);
        assert!(s.entities.iter().any(|e| e == join), "{join}: {s:?}");
    }
}

#[test]
fn a_bare_line_or_item_is_named_by_its_whole() {
    let s = summary("A quotes app. Staff write quotes. Each quote has items with a price.");
    assert!(s.entities.iter().any(|e| e == "QuoteItem"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Item"), "{s:?}");
    // A set keeps its own name ("exercise sets" in a workout).
    let s = summary("A fitness app. Users log workouts with exercises and sets.");
    assert!(
        !s.entities.iter().any(|e| e.ends_with("Set") && e != "Set"),
        "{s:?}"
    );
}

#[test]
fn where_someone_happens_to_be_names_nothing() {
    let s = summary("A gym app. Priya opens the app on the bus and books a spot in a spin class.");
    assert!(!s.entities.iter().any(|e| e == "Bus"), "{s:?}");
    assert!(s.entities.iter().any(|e| e.contains("Class")), "{s:?}");
}

#[test]
fn the_business_case_names_nothing() {
    let s = summary(
        "A booking tool for climbing gyms. Indoor climbing is a $2B market growing 9% a year, \
         and we are piloting with 4 gyms. Members book route-setting classes. \
         Pricing is $99 per gym per month; raising a $1M seed. Target: $500k ARR.",
    );
    for word in ["Market", "Seed", "Pilot", "Arr", "Target"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    assert!(s.entities.iter().any(|e| e == "Booking"), "{s:?}");
    // A market the application serves is no business case.
    assert!(has_entity(
        "An app for our farmers market. Vendors book a stall for each market day, \
         and we charge a stall fee of $20.",
        "Stall"
    ));
}

#[test]
fn verbs_the_lexicon_does_not_list_by_their_place() {
    // a participle after a thing, before a determiner
    let s = summary(
        "A cemetery registry. When a family purchases a plot, staff issue a deed naming the owner.",
    );
    assert!(s.entities.iter().any(|e| e == "Deed"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "DeedNaming"), "{s:?}");
    // a verb coordinated with an earlier one, before what it finds out
    let s =
        summary("A blood drive planner. Coordinators create drives and watch how full they are.");
    assert!(!s.entities.iter().any(|e| e == "Watch"), "{s:?}");
}

#[test]
fn what_each_tenant_gets_its_own_of_is_the_tenancy() {
    let s = summary(
        "Class booking for yoga studios, sold as SaaS: every studio gets its own space and \
         never sees another studio's data. Members book classes.",
    );
    assert!(!s.entities.iter().any(|e| e == "Space"), "{s:?}");
    assert!(s.capabilities.iter().any(|c| c == "multi_tenant"), "{s:?}");
    // a thing each person gets their own of is still a thing
    assert!(has_entity(
        "A gym app. Each member gets their own locker and books classes.",
        "Locker"
    ));
}

#[test]
fn one_thing_after_each_then_its_verb() {
    let s = summary(
        "An exam proctoring tool. A candidate sits the exam, and each attempt streams live \
         to a proctor who can flag an incident.",
    );
    assert!(s.entities.iter().any(|e| e == "Attempt"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "AttemptStream"), "{s:?}");
}

#[test]
fn crews_someone_sets_up_are_kept() {
    let s = summary(
        "A snow removal app. The owner sets up crews and trucks, and the dispatcher assigns \
         sites to crews.",
    );
    assert!(s.entities.iter().any(|e| e == "Crew"), "{s:?}");
    assert!(has_relation(&s, "Site", "Crew"), "{s:?}");
}

#[test]
fn people_records_keep_their_contact_fields_private() {
    let plan = plan_offline(
        "A garage app. Mechanics keep clients. Clients have a name, an email and a phone number.",
    )
    .unwrap();
    let doc = keel_architect::check(&plan.yaml).unwrap();
    let client = &doc.entities["Client"];
    for field in ["name", "email", "phone"] {
        assert!(client.fields.contains_key(field), "{field}: {}", plan.yaml);
    }
    let read = client.access.as_ref().and_then(|a| a.read.clone());
    assert!(
        read.as_deref().is_some_and(|r| !r.contains("public")),
        "{}",
        plan.yaml
    );
}

#[test]
fn what_people_pick_from_a_list_is_kept() {
    assert!(has_entity(
        "A bird survey app. Surveyors record observations: species, count and a photo. \
         Species are picked from a checklist that we maintain.",
        "Species"
    ));
}

#[test]
fn a_compound_the_lexicon_knows_opens_a_clause() {
    let s = summary(
        "An HVAC service app. Technicians use parts from their van, and stock levels go down \
         automatically. Stock levels are tracked per van.",
    );
    assert!(!s.entities.iter().any(|e| e == "Level"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "StockLevel"), "{s:?}");
}

#[test]
fn a_body_that_decides_is_a_role() {
    let s = summary(
        "An HOA portal. Homeowners submit change requests with drawings, which the board \
         approves or denies. The board posts announcements.",
    );
    assert!(!s.entities.iter().any(|e| e == "Board"), "{s:?}");
    assert!(s.roles.iter().any(|r| r == "board"), "{s:?}");
}

#[test]
fn patients_who_sign_in_are_a_role_and_a_record() {
    let s = summary("A dental app. Patients log in to see upcoming appointments and book online.");
    assert!(s.roles.iter().any(|r| r == "patient"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Patient"), "{s:?}");
    // patients only booked for are records, not users
    let s = summary("A dental app. The receptionist books an appointment for a patient.");
    assert!(!s.roles.iter().any(|r| r == "patient"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Patient"), "{s:?}");
}

#[test]
fn coordinated_people_all_act() {
    let s = summary("A law firm app. Attorneys and paralegals upload documents.");
    for role in ["attorney", "paralegal"] {
        assert!(s.roles.iter().any(|r| r == role), "{role}: {s:?}");
    }
    let s = summary("A school app. Teachers, parents and students can see the timetable.");
    for role in ["teacher", "parent", "student"] {
        assert!(s.roles.iter().any(|r| r == role), "{role}: {s:?}");
    }
}

#[test]
fn the_writer_speaking_as_a_role() {
    for (text, role) in [
        (
            "A dive shop app. As the shop manager, I want to manage our boats and trips.",
            "manager",
        ),
        (
            "A laundry app. Me as admin I see all orders and give each order to a driver.",
            "admin",
        ),
        (
            "A football app. As a coach I want to pick my players.",
            "coach",
        ),
    ] {
        let s = summary(text);
        assert!(s.roles.iter().any(|r| r == role), "{role}: {s:?}");
    }
}

#[test]
fn staff_roles_keep_the_texts_word() {
    let s = summary("A print shop app. Operators move each job through printing and finishing.");
    assert!(s.roles.iter().any(|r| r == "operator"), "{s:?}");
    let s = summary("A lost and found app. Depot clerks receive found items and log them.");
    assert!(s.roles.iter().any(|r| r == "clerk"), "{s:?}");
}

#[test]
fn two_kinds_of_one_role_word_are_two_roles() {
    let s = summary(
        "Franchise audits. Store managers fix each finding and area managers see every store \
         in their area.",
    );
    assert_eq!(s.roles, ["store_manager", "area_manager"], "{s:?}");
    // a role name is words and underscores
    let s = summary(
        "Gymnastics scoring. The D-panel judge enters a difficulty score and each E-panel \
         judge enters deductions.",
    );
    assert_eq!(s.roles, ["d_panel_judge", "e_panel_judge"], "{s:?}");
    // one kind alone is the plain word; a time before it is no kind
    let s = summary("An office app. Office staff schedule jobs for the crews.");
    assert!(s.roles.iter().any(|r| r == "staff"), "{s:?}");
    let s = summary(
        "A church app. The group leader accepts newcomers. During the week leaders post notes.",
    );
    assert!(!s.roles.iter().any(|r| r == "week_leader"), "{s:?}");
}

#[test]
fn a_tenders_document_words_and_its_system_name_nothing_kept() {
    let text = "Requirements - Community Flood Warden Platform. R1 The system shall hold a \
                profile for each warden, with contact details and the area they cover. R2 \
                Duty officers shall issue a flood alert for an area.";
    let s = summary(text);
    assert!(!lists(&s, "Requirement"), "{s:?}");
    assert!(!lists(&s, "System"), "{s:?}");
    assert!(lists(&s, "Area"), "{s:?}");
    // the word later in a sentence is no heading
    let s = summary("A shop app. Products have specs, photos and prices. Staff add products.");
    assert!(lists(&s, "Product"), "{s:?}");
}

#[test]
fn marketing_idioms_and_asset_tags_name_nothing_kept() {
    let s = summary(
        "Stitchkeeper: your floss stash in your pocket. Add every thread you own. Each \
         instrument has an asset tag, a type and a make.",
    );
    assert!(!lists(&s, "Pocket"), "{s:?}");
    assert!(!lists(&s, "Tag"), "{s:?}");
    assert!(lists(&s, "Instrument"), "{s:?}");
}

#[test]
fn no_payments_without_money() {
    let s = summary(
        "A blood drive planner. Donors book a slot online and nurses record each donation: \
         blood type and volume.",
    );
    assert!(!s.capabilities.iter().any(|c| c == "payments"), "{s:?}");
    let s = summary("A charity site. Supporters donate money by card to each campaign.");
    assert!(s.capabilities.iter().any(|c| c == "payments"), "{s:?}");
    // what the writer is not doing is left out
    let s = summary(
        "A route log for climbing gyms. Setters add routes. Not doing memberships or payments, \
         gyms already have software for that.",
    );
    assert!(
        !s.entities
            .iter()
            .any(|e| e == "Payment" || e == "Membership"),
        "{s:?}"
    );
}

#[test]
fn what_gets_its_own_space_is_the_tenant() {
    let s = summary(
        "SaaS for dance studios. Every studio signs up and gets its own branded space, and \
         studios must never see each other's data. Studio owners set up classes and teachers \
         take attendance.",
    );
    assert!(s.capabilities.iter().any(|c| c == "multi_tenant"), "{s:?}");
    // the studio is the organization, not a record inside it
    assert!(!s.entities.iter().any(|e| e == "Studio"), "{s:?}");
    assert!(s.entities.iter().any(|e| e == "Organization"), "{s:?}");
}

#[test]
fn registering_into_something_is_a_registration() {
    assert!(has_entity(
        "A dance school app. Parents create profiles for their dancers and register them into \
         classes.",
        "Registration"
    ));
}

#[test]
fn where_things_happen_and_are_held() {
    let s = summary("A conference app. The agenda is made up of sessions that are held in rooms.");
    assert!(has_relation(&s, "Session", "Room"), "{s:?}");
    let s = summary("A gym app. Each class session takes place in a studio room.");
    assert!(!s.entities.iter().any(|e| e == "Take"), "{s:?}");
    assert!(has_relation(&s, "ClassSession", "Room"), "{s:?}");
    // an -ing form after keep is what goes on, not a thing
    let s = summary("A wedding planner app. Couples keep a budget that keeps creeping up.");
    assert!(!s.entities.iter().any(|e| e == "Creeping"), "{s:?}");
}

#[test]
fn a_word_after_a_determiner_is_no_verb() {
    let s = summary(
        "A greenhouse log. Each zone has sensors that post a reading every few secs; when a \
         reading goes outside the range, growers get a push notification.",
    );
    assert!(s.entities.iter().any(|e| e == "Reading"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Sec"), "{s:?}");
}

#[test]
fn booking_an_appointment_is_the_appointment() {
    let s = summary(
        "A permit office. Inspectors book site inspections on a calendar and record pass or \
         fail; each item is marked satisfactory or defective.",
    );
    assert!(s.entities.iter().any(|e| e == "Inspection"), "{s:?}");
    for word in ["Booking", "Pass", "Satisfactory"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
}

#[test]
fn people_described_or_owning_by_of_are_records() {
    // details said as the person's own
    let s = summary(
        "A window cleaning company. Cleaners visit houses; we keep the homeowner's name, phone \
         and email. Cleaners log each visit.",
    );
    assert!(s.entities.iter().any(|e| e == "Homeowner"), "{s:?}");
    // a thing "of the customer"
    let s = summary(
        "A shoe repair app. Cobblers write a repair ticket and take measurements of the \
         customer for next time.",
    );
    assert!(s.entities.iter().any(|e| e == "Customer"), "{s:?}");
    // not a thing of a coordinated phrase: "tickets of this week and which cobbler"
    let s = summary(
        "A shoe repair app. Cobblers fix shoes. I want to see all tickets of this week and \
         which cobbler is busy.",
    );
    assert!(!s.entities.iter().any(|e| e == "Cobbler"), "{s:?}");
}

#[test]
fn what_clients_pick_is_kept() {
    let s = summary(
        "A barber booking app. Clients pick a service and a barber and a time slot, then pay online.",
    );
    for word in ["Service", "Barber"] {
        assert!(s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
}

#[test]
fn casual_writing() {
    // "n" for "and"; a dash list to the end of the sentence is examples;
    // "millions of" counts; a word in single quotes is no possessive
    let s = summary(
        "tool library app. we lend out garden tools - mowers, hedge trimmers, ladders, that \
         kind of thing. members borrow tools n return them. we lend millions of tools a year. \
         the two of us who run it would be 'coordinators' who can add tools.",
    );
    assert!(s.entities.iter().any(|e| e == "Tool"), "{s:?}");
    for word in ["Mower", "Ladder", "N", "Million", "Coordinator"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    assert!(s.roles.iter().any(|r| r == "coordinator"), "{s:?}");
}

#[test]
fn payouts_are_kept() {
    let s = summary(
        "A marketplace for tutors. Students pay for lessons and we pay out tutors every week; \
         tutors see their payouts.",
    );
    assert!(s.entities.iter().any(|e| e == "Payout"), "{s:?}");
}

#[test]
fn people_enrolled_into_a_thing_make_an_enrollment() {
    let s = summary(
        "A coding bootcamp portal. Students are enrolled on a programme; each programme has \
         modules and mentors grade the modules.",
    );
    for word in ["Enrollment", "Programme", "Module"] {
        assert!(s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
}

#[test]
fn a_library_is_a_view_of_what_it_holds() {
    let s = summary(
        "A club website. There is a lending library of books and games members can borrow.",
    );
    assert!(s.entities.iter().any(|e| e == "Book"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Library"), "{s:?}");
}

#[test]
fn a_word_that_holds_things_is_a_thing() {
    let s = summary(
        "A hot-desking tool. The office has 2 floors; each floor has zones and each zone has \
         desks with a number and features. Employees book desks.",
    );
    for word in ["Floor", "Zone", "Desk"] {
        assert!(s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    assert!(has_relation(&s, "Zone", "Floor"), "{s:?}");
}

#[test]
fn periodic_reports_are_views_and_groups_keep_their_word() {
    let s = summary(
        "A desk booking tool. Employees book desks. The facilities team can block desks for \
         maintenance. Weekly occupancy report for facilities.",
    );
    for word in ["Report", "OccupancyReport", "Facility"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    // written by people, a daily report is kept
    let s = summary("A nursery app. Teachers write a daily report for each child.");
    assert!(s.entities.iter().any(|e| e.ends_with("Report")), "{s:?}");
    let s = summary(
        "A puppy raising portal. Monthly progress reports from raisers, with photos. \
         Supervisors look after the raisers.",
    );
    assert!(s.entities.iter().any(|e| e.ends_with("Report")), "{s:?}");
}

#[test]
fn tables_listed_on_one_line() {
    let s = summary(
        "Building a logbook for our chess club. Tables I think I need: members (rating, name, \
         fide_id), games (played_at, white member_id, black member_id, result), and \
         tournaments (name, start, end). Officers approve new members.",
    );
    for word in ["Member", "Game", "Tournament"] {
        assert!(s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    assert!(!s.entities.iter().any(|e| e == "Table"), "{s:?}");
}

#[test]
fn possessive_pronouns_and_big_numbers_name_nothing() {
    let s = summary(
        "A charge point SaaS. Europe will need millions more chargers and small operators run \
         theirs on spreadsheets. Operators register sites and the chargers at each site.",
    );
    for word in ["Million", "Their", "Theirs"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    assert!(s.entities.iter().any(|e| e == "Charger"), "{s:?}");
}

#[test]
fn adopting_a_thing_keeps_an_adoption() {
    let s = summary("A park volunteers app. Residents adopt a flower bed and log weeding visits.");
    assert!(s.entities.iter().any(|e| e == "Adoption"), "{s:?}");
}

#[test]
fn what_a_thing_is_split_into_makes_it_a_thing() {
    let s = summary(
        "A podcast studio tool. We keep our titles; each title is split into episodes and \
         editors review the episodes.",
    );
    for word in ["Title", "Episode"] {
        assert!(s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
}

#[test]
fn money_paid_outside_the_app_in_a_remark() {
    let s = summary(
        "A translation agency tool. Translators log finished pages per job and I pay \
         translators monthly (I pay them from my bank, not in the app).",
    );
    assert!(!s.entities.iter().any(|e| e == "Payment"), "{s:?}");
    assert!(!s.capabilities.iter().any(|c| c == "payments"), "{s:?}");
}

#[test]
fn tables_named_as_identifiers_keep_their_names() {
    let s = summary(
        "Building an internal release tracker. Tables I'm thinking: services (name, repo, \
         owner team), release_trains (service_id, cut date, status), deploy_logs (who \
         deployed what), and api_keys (service_id, scope, expires).",
    );
    for word in ["Service", "ReleaseTrain", "DeployLog", "ApiKey"] {
        assert!(s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    for word in ["Train", "Key", "Table"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
}

#[test]
fn a_verb_or_unit_before_a_thing_says_which_kind() {
    let s = summary("A community garden app. Members sign up for work parties on Saturdays.");
    assert!(s.entities.iter().any(|e| e == "WorkParty"), "{s:?}");
    // an infinitive after "asked to"
    let s = summary(
        "A seed library. Members borrow seed packets and are asked to return seeds saved from \
         their own plants.",
    );
    assert!(!s.entities.iter().any(|e| e == "ReturnSeed"), "{s:?}");
}

#[test]
fn buying_is_paying_and_a_voucher_bought_is_kept() {
    let s = summary(
        "A balloon rides site. Customers buy a flight voucher and later book it onto a flight.",
    );
    assert!(s.entities.iter().any(|e| e.ends_with("Voucher")), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Order"), "{s:?}");
    // Buying is paying for what is bought; an order comes from orders the
    // text names.
    let s = summary("A speed dating app. People make a profile and buy a ticket online by card.");
    assert!(s.entities.iter().any(|e| e == "Payment"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Order"), "{s:?}");
    let s = summary("A bakery shop. Customers place orders for cakes and pay by card.");
    assert!(s.entities.iter().any(|e| e == "Order"), "{s:?}");
}

#[test]
fn data_separated_between_accounts_is_tenancy() {
    let s = summary(
        "A compliance SaaS. Each manufacturer is a customer account with its own suppliers, \
         data fully separated between accounts. Suppliers upload certificates.",
    );
    assert!(s.capabilities.iter().any(|c| c == "multi_tenant"), "{s:?}");
}

#[test]
fn what_people_have_several_of_is_a_thing_and_makes_them_records() {
    let s = summary(
        "A window cleaning scheduler. Clients can have more than one address, and cleaners log \
         each visit.",
    );
    for word in ["Address", "Client"] {
        assert!(s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    // people who act and "have" someone notified own nothing
    let s = summary("A pitch app. Managers close a pitch and have everyone notified by email.");
    assert!(!s.entities.iter().any(|e| e == "Manager"), "{s:?}");
}

#[test]
fn gear_lent_out_is_kept_with_its_loans() {
    // a mass noun people borrow is a thing; lending makes loans as borrowing does
    let s = summary("A hiking club. We lend out club gear and members borrow kit too.");
    for word in ["Loan", "Gear"] {
        assert!(s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    let s = summary("A school music service. The school loans instruments to pupils.");
    for word in ["Loan", "Instrument"] {
        assert!(s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
}

#[test]
fn a_phrase_opening_the_sentence_hangs_on_its_verb() {
    // "For each production the director posts ...": the production is a thing
    let s = summary(
        "A community theatre app. For each production the director posts the characters to \
         be cast, and members book an audition slot online.",
    );
    for word in ["Production", "Character"] {
        assert!(s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    // a unit after a number stays a bound, not a thing
    let s = summary("A microblog. Users write posts of up to 280 characters.");
    assert!(!s.entities.iter().any(|e| e == "Character"), "{s:?}");
}

#[test]
fn a_word_in_ing_listed_after_with_names_a_field() {
    // "meeting point" among the fields of a hike is no verb of its own
    let sentences = keel_architect::text::analyse(
        "Leaders post hikes with date, meeting point, grade and distance.",
        keel_architect::lexicon::get(),
    );
    let meeting = sentences[0]
        .iter()
        .find(|w| w.text == "meeting")
        .expect("meeting");
    assert_ne!(meeting.tag, keel_architect::text::Tag::Verb);
}

#[test]
fn people_something_is_kept_for_one_by_one_are_records() {
    let s = summary(
        "A hiking club site. Leaders post hikes and we keep emergency contacts for each member.",
    );
    assert!(s.entities.iter().any(|e| e == "Member"), "{s:?}");
    let s =
        summary("An audiobook studio. I log runtime per chapter and see what I owe each narrator.");
    assert!(s.entities.iter().any(|e| e == "Narrator"), "{s:?}");
    // the person acting is no record for it
    let s = summary("A bird survey. Each surveyor walks fixed transects and records sightings.");
    assert!(!s.entities.iter().any(|e| e == "Surveyor"), "{s:?}");
}

#[test]
fn one_unknown_detail_listed_with_a_thing_is_a_field() {
    let s = summary("A quilt show. Members submit entries with photos and a short story.");
    assert!(!s.entities.iter().any(|e| e == "Story"), "{s:?}");
    // ... but not with a clause of its own
    let s = summary(
        "A museum catalogue. Curators add artworks with images, the year and the gallery \
         where each piece hangs.",
    );
    assert!(s.entities.iter().any(|e| e == "Gallery"), "{s:?}");
}

#[test]
fn values_listed_in_parentheses_are_the_fields_values() {
    let plan = keel_architect::plan_offline(
        "A task tracker. Users create tasks with a title, a priority (low/medium/high), a status \
         (open, in progress or done) and a due date.",
    )
    .expect("plans");
    assert!(
        plan.yaml.contains("values: [low, medium, high]"),
        "{}",
        plan.yaml
    );
    assert!(
        plan.yaml.contains("values: [open, in_progress, done]"),
        "{}",
        plan.yaml
    );
    // names of rows and examples are no values
    let lists = keel_architect::text::value_lists(
        "a tier (Explorer, Cellar or Reserve), a size (e.g. small), a stage (new/new)",
    );
    assert!(lists.is_empty(), "{lists:?}");
    // nor are details of the field
    let plan = keel_architect::plan_offline(
        "A pizza shop. Customers order pizzas and save a delivery address (street, city, \
         postcode).",
    )
    .expect("plans");
    assert!(!plan.yaml.contains("values: [street"), "{}", plan.yaml);
}

#[test]
fn casual_words_name_nothing() {
    let s = summary(
        "A nanny share app. The spreadsheet is driving us nuts. The nanny logs her shifts and \
         other groups might wanna use it too so keep groups separate pls. Thanks, Marlene",
    );
    for word in ["Nut", "Please", "Thank", "Use"] {
        assert!(!s.entities.iter().any(|e| e == word), "{word} in {s:?}");
    }
    assert!(s.entities.iter().any(|e| e == "Shift"), "{s:?}");
}

#[test]
fn the_review_asks_what_the_design_guessed() {
    let plan = keel_architect::plan_offline(
        "A hiking club. Leaders post hikes with a date and a photo, members sign up, and \
         members log tasks with a priority.",
    )
    .expect("plans");
    let questions = plan.review.questions.join("\n");
    // values from the lexicon, a single file, people kept only as sign-ins
    assert!(
        questions.contains("`Task.priority` (low, normal, high, urgent)"),
        "{questions}"
    );
    assert!(questions.contains("`Hike.photo`"), "{questions}");
    assert!(
        questions.contains("Are leaders and members only people who sign in"),
        "{questions}"
    );
    // values the text gives are no guess
    let plan = keel_architect::plan_offline(
        "A task tracker. Users create tasks with a title and a priority (low/medium/high).",
    )
    .expect("plans");
    assert!(
        !plan.review.questions.join("\n").contains("priority"),
        "{:?}",
        plan.review.questions
    );
}

#[test]
fn a_field_the_lexicon_names_with_its_adjective_keeps_it() {
    let plan = keel_architect::plan_offline(
        "A to-do app. Users create tasks with a title and a due date.",
    )
    .expect("plans");
    assert!(
        plan.yaml.contains("due_on: { type: date }"),
        "{}",
        plan.yaml
    );
}

#[test]
fn a_kind_of_a_known_thing_takes_its_fields() {
    // "session notes" are notes: a title and a body, not a name
    let plan = keel_architect::plan_offline(
        "A therapy practice. Therapists run sessions and write session notes after each one.",
    )
    .expect("plans");
    let block: String = plan
        .yaml
        .lines()
        .skip_while(|l| *l != "  SessionNote:")
        .skip(1)
        .take_while(|l| l.starts_with("    "))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(block.contains("body: { type: text"), "{}", plan.yaml);
}

#[test]
fn an_opening_phrase_never_takes_the_subject() {
    // "volunteers" is a subject beside "staff", not a "for" phrase
    let lex = keel_architect::lexicon::get();
    let parsed = keel_architect::parse::parse(keel_architect::text::analyse(
        "For each event, volunteers and staff sign up for shifts.",
        lex,
    ));
    let sign = &parsed.verbs[0];
    for (_, m) in &sign.preps {
        assert_ne!(
            parsed.mentions[*m].head().text,
            "volunteers",
            "{:?}",
            sign.preps
        );
    }
    // a state machine leaves the text's own status values in place
    let plan = keel_architect::plan_offline(
        "A helpdesk. Customers submit tickets with a status (new, waiting or solved) and agents \
         approve or reject tickets.",
    )
    .expect("plans");
    assert!(
        plan.yaml.contains("values: [new, waiting, solved]"),
        "{}",
        plan.yaml
    );
}

#[test]
fn declared_columns_are_kept_as_fields() {
    let plan = plan_offline(
        "Dev notes for the swim meet manager. Tables I think we need: clubs,\n\
         swimmers (belongs to a club, DOB, gender), entries (swimmer + seed time,\n\
         paid_at), results (entry, DQ flag, qty_touched, used by the SDKs).\n\
         Club secretaries enter swimmers.",
    )
    .unwrap();
    let doc = keel_architect::check(&plan.yaml).unwrap();
    let field = |entity: &str, name: &str| {
        doc.entities[entity]
            .fields
            .get(name)
            .map(|f| f.ty)
            .unwrap_or_else(|| panic!("{entity}.{name}: {}", plan.yaml))
    };
    use keel_blueprint::document::FieldType;
    assert_eq!(field("Swimmer", "dob"), FieldType::Date);
    assert_eq!(field("Swimmer", "gender"), FieldType::String);
    assert_eq!(field("Entry", "seed_time"), FieldType::String);
    assert_eq!(field("Entry", "paid_at"), FieldType::Datetime);
    assert_eq!(field("Outcome", "dq_flag"), FieldType::Boolean);
    assert_eq!(field("Outcome", "qty_touched"), FieldType::Integer);
    // Prose in a list of columns is no column.
    assert!(!plan.yaml.contains("used_by"), "{}", plan.yaml);
    assert!(
        doc.entities["Swimmer"].references.contains_key("club"),
        "{}",
        plan.yaml
    );
}

#[test]
fn the_contracts_problem_is_renamed() {
    // `Problem` is the contracts' error answer: a problem is an issue.
    let s = summary(
        "A bug tracker. Users report problems with a title and a screenshot; admins close \
         problems.",
    );
    assert!(s.entities.iter().any(|e| e == "Issue"), "{s:?}");
}

#[test]
fn a_long_compound_names_its_service_by_its_last_word() {
    let plan = plan_offline(
        "An apprenticeship app. Providers publish apprenticeship standards; apprentices \
         follow a standard and log evidence against it.",
    )
    .unwrap();
    assert!(
        plan.document.services.keys().all(|s| s.len() <= 16),
        "{}",
        plan.yaml
    );
}

#[test]
fn a_table_list_ending_with_its_line_leaves_the_prose_below_alone() {
    // No full stop after the list: the next line is still a sentence of
    // its own, not part of the last table's columns.
    let plan = plan_offline(
        "A swim meet app.\nTables I think we need: clubs (name, city), swimmers (name, dob, \
         club_id), meets (name, venue)\nCoaches post results after each meet.\n",
    )
    .unwrap();
    // (and a declared column the text names nowhere else is a value)
    let doc = keel_architect::check(&plan.yaml).unwrap();
    assert!(
        doc.entities["Meet"].fields.contains_key("venue"),
        "{}",
        plan.yaml
    );
    assert!(!lists(&plan.summary, "Venue"));
    assert!(
        plan.summary.roles.contains(&"coach".to_owned()),
        "{}",
        plan.yaml
    );
    // A list wrapped after a comma or inside parentheses still runs on.
    let plan = plan_offline(
        "Swim meets.\nTables I think we need: clubs,\nswimmers (name,\ndob), meets (name, venue)\n",
    )
    .unwrap();
    let doc = keel_architect::check(&plan.yaml).unwrap();
    assert!(
        doc.entities["Swimmer"].fields.contains_key("dob"),
        "{}",
        plan.yaml
    );
    assert!(doc.entities.contains_key("Club"), "{}", plan.yaml);
}

#[test]
fn punctuation_and_lone_stamp_words_in_a_field_list_are_no_fields() {
    for text in [
        "Members log a sighting (species, date, -, _).",
        "Members log a sighting (species, date, at, on).",
    ] {
        let plan = plan_offline(text).unwrap();
        let doc = keel_architect::check(&plan.yaml).unwrap();
        let fields: Vec<&String> = doc.entities["Sighting"].fields.keys().collect();
        for junk in ["field", "at", "on", "on_value", "at_value"] {
            assert!(!fields.iter().any(|f| *f == junk), "{text}: {fields:?}");
        }
    }
}

#[test]
fn a_link_to_an_owner_or_tenant_record_gets_a_column_of_its_own() {
    // `owner_id` and `tenant_id` are keel's own columns; a record called
    // Owner or Tenant is referred to under another name.
    let plan = plan_offline(
        "A vet clinic. We email the owner when a vaccine is due. Owners pay their invoices online.",
    )
    .unwrap();
    let doc = keel_architect::check(&plan.yaml).unwrap();
    for (name, entity) in &doc.entities {
        assert!(
            !entity.references.contains_key("owner") && !entity.references.contains_key("tenant"),
            "{name}: {}",
            plan.yaml
        );
    }
}

#[test]
fn two_statuses_with_their_own_values_keep_them_apart() {
    let plan = plan_offline(
        "Teams file reports; each report has a report status (draft, filed, accepted). \
         Guests make bookings; each booking has a booking status (pending, confirmed, cancelled).",
    )
    .unwrap();
    let doc = keel_architect::check(&plan.yaml).unwrap();
    let values = |e: &str| doc.entities[e].fields["status"].values.clone();
    assert_eq!(
        values("Booking"),
        ["pending", "confirmed", "cancelled"],
        "{}",
        plan.yaml
    );
    assert_eq!(
        values("Report"),
        ["draft", "filed", "accepted"],
        "{}",
        plan.yaml
    );
}

#[test]
fn allergies_are_a_field_and_the_office_and_an_inventory_are_no_things() {
    let plan = plan_offline(
        "A pharmacy app. Patients create an account and we keep their date of birth and allergies \
         on file. The office checks every prescription; staff manage the inventory of medicines.",
    )
    .unwrap();
    let doc = keel_architect::check(&plan.yaml).unwrap();
    assert!(
        doc.entities["Patient"].fields.contains_key("allergies"),
        "{}",
        plan.yaml
    );
    for name in ["Allergy", "Office", "Inventory"] {
        assert!(!doc.entities.contains_key(name), "{name}: {}", plan.yaml);
    }
    assert!(
        doc.entities.contains_key("Medicine") || doc.entities.contains_key("Medication"),
        "{}",
        plan.yaml
    );
}

#[test]
fn applications_in_the_plural_are_records_not_the_app() {
    let s = summary(
        "A grants office. Applications are reviewed by the committee, which approves or rejects them.",
    );
    assert!(s.entities.iter().any(|e| e == "Application"), "{s:?}");
    // ... but the application itself is the app.
    let s = summary("A reading log. The application sends a reminder to readers every week.");
    assert!(!s.entities.iter().any(|e| e == "Application"), "{s:?}");
}

#[test]
fn a_thing_divided_into_parts_is_their_parent() {
    let s = summary(
        "A cemetery registry. Each cemetery is divided into sections, and staff record every plot \
         in a section.",
    );
    assert!(has_relation(&s, "Section", "Cemetery"), "{s:?}");
    assert!(!has_relation(&s, "Cemetery", "Section"), "{s:?}");
    // ... but what is grouped into groups are their members.
    let s = summary("A youth league. Teams are grouped into divisions; coaches manage teams.");
    assert!(!has_relation(&s, "Division", "Team"), "{s:?}");
}

#[test]
fn units_of_measure_are_not_things() {
    // ("how many litres of juice", "200 grams of coffee"), while a meter
    // that is read ("water meters") is still a thing
    let s = summary(
        "A community cider press app. People book a pressing slot and a volunteer notes \
         how many litres of juice came out. Roasters sell bags of 250 grams.",
    );
    for unit in ["Litre", "Gram"] {
        assert!(!s.entities.iter().any(|e| e == unit), "{unit} in {s:?}");
    }
    assert!(
        s.entities.iter().any(|e| e == "Booking" || e == "Slot"),
        "{s:?}"
    );
    let s = summary("A utility app. Readers record the readings of water meters every month.");
    assert!(s.entities.iter().any(|e| e == "WaterMeter"), "{s:?}");
}

#[test]
fn a_bulleted_table_list_folded_into_one_line_is_still_read() {
    // (YAML's folded style, or a chat box, joins the bullets on one line;
    // the list ends where a sentence starts after an item's fields.)
    let plan = plan_offline(
        "Puzzle portal. Tables: - constructors (name, email) - puzzles (title, constructor, \
         status) - clues (puzzle, number, answer) Constructors log in to submit puzzles.",
    )
    .unwrap();
    for name in ["Constructor", "Puzzle", "Clue"] {
        assert!(lists(&plan.summary, name), "{}", plan.yaml);
    }
    assert!(
        has_relation(&plan.summary, "Clue", "Puzzle"),
        "{}",
        plan.yaml
    );
}

#[test]
fn a_declared_column_is_a_value_unless_the_text_names_it_again() {
    let plan = plan_offline(
        "Tables I think we need: newspapers (name, plan), licenses (newspaper, fee), \
         flights (flight no, airline). Airlines are our customers.",
    )
    .unwrap();
    let doc = keel_architect::check(&plan.yaml).unwrap();
    assert!(!lists(&plan.summary, "Plan"), "{}", plan.yaml);
    assert!(
        doc.entities["Newspaper"].fields.contains_key("plan"),
        "{}",
        plan.yaml
    );
    assert!(
        plan.review
            .assumptions
            .iter()
            .any(|a| a.starts_with("`plan` is a column of `Newspaper`")),
        "{:?}",
        plan.review.assumptions
    );
    assert!(lists(&plan.summary, "Airline"), "{}", plan.yaml);
}

#[test]
fn a_person_a_thing_has_is_a_record_it_refers_to_unless_they_act() {
    let plan = plan_offline("Staff plan bus routes. Each route has a bus and a driver.").unwrap();
    assert!(lists(&plan.summary, "Driver"), "{}", plan.yaml);
    assert!(
        has_relation(&plan.summary, "Route", "Driver"),
        "{}",
        plan.yaml
    );
    // Drivers who sign in are users, not records.
    let plan = plan_offline(
        "Staff plan bus routes. Each route has a bus and a driver. Drivers log in to see their routes.",
    )
    .unwrap();
    assert!(!lists(&plan.summary, "Driver"), "{}", plan.yaml);
    // A person listed among details is a detail ("books with an ISBN, author").
    let plan =
        plan_offline("Librarians add books with an ISBN, author and number of copies.").unwrap();
    assert!(!lists(&plan.summary, "Author"), "{}", plan.yaml);
}

#[test]
fn a_column_declared_twice_is_still_a_value_and_a_compound_one_said_again_is_a_thing() {
    let plan = plan_offline(
        "Tables I think we need: newspapers (name, plan), magazines (title, plan), licenses (newspaper, fee).",
    )
    .unwrap();
    assert!(!lists(&plan.summary, "Plan"), "{}", plan.yaml);
    let plan = plan_offline(
        "Tables: classes (title, time slot, instructor), bookings (class, member). Each time slot holds 12 people.",
    )
    .unwrap();
    assert!(lists(&plan.summary, "TimeSlot"), "{}", plan.yaml);
}

#[test]
fn a_comma_table_list_is_not_cut_short_by_a_capital_after_an_item() {
    let plan = plan_offline(
        "Shop app. Tables: products (name, price) SKU unique, stock_levels (product, qty), suppliers (name, email).",
    )
    .unwrap();
    assert!(lists(&plan.summary, "Supplier"), "{}", plan.yaml);
}

#[test]
fn a_phrase_opening_the_sentence_with_for_each_is_what_the_clause_keeps_things_for() {
    // (a pronoun subject: "we record ..."; a subject after a comma)
    for (text, child) in [
        (
            "A case tracker for our law firm. For each matter we record the assets.",
            "Asset",
        ),
        (
            "A case tracker for our law firm. For every matter, paralegals upload documents.",
            "Document",
        ),
    ] {
        let s = summary(text);
        assert!(has_relation(&s, child, "Matter"), "{text}: {s:?}");
    }
    // "for each event, volunteers and staff sign up": the subject list
    // still starts after the opening phrase.
    let s = summary(
        "An app for our festival. For each event, volunteers and staff sign up for shifts.",
    );
    assert!(s.roles.contains(&"volunteer".to_owned()), "{s:?}");
    assert!(s.roles.contains(&"staff".to_owned()), "{s:?}");
}

#[test]
fn each_one_of_many_after_a_preposition_of_time_is_a_thing() {
    let s = summary(
        "A massage clinic app. Therapists set their hours. Send a reminder 24 hours before each appointment.",
    );
    assert!(lists(&s, "Appointment"), "{s:?}");
    // ("after the meeting" stays a time)
    assert!(!has_entity(
        "A club app. Members post photos after the meeting.",
        "Meeting"
    ));
}

#[test]
fn an_unknown_word_written_down_along_with_a_field_is_a_field() {
    let s = summary(
        "A beekeeping club app. Members register hives. After each inspection they log the date, the brood pattern and the mite count.",
    );
    assert!(!lists(&s, "BroodPattern"), "{s:?}");
    assert!(lists(&s, "Inspection"), "{s:?}");
    // ("the mount they chose from our price list": said more of, a thing)
    assert!(has_entity(
        "A taxidermy shop. For each animal we note the species and the mount they chose from our price list.",
        "Mount"
    ));
}

#[test]
fn a_word_between_the_person_served_and_a_plural_thing_names_its_kind() {
    assert!(has_entity(
        "A landlord app. Tenants send me repair requests with photos.",
        "RepairRequest"
    ));
    // (a causative verb's person does what follows)
    let s = summary("A shop app. Let them pay invoices online.");
    assert!(lists(&s, "Invoice"), "{s:?}");
}

#[test]
fn a_form_of_a_kind_is_a_record_someone_fills_in() {
    assert!(has_entity(
        "A dive shop app. Customers upload a medical form before the dive.",
        "MedicalForm"
    ));
    assert!(!has_entity(
        "A dive shop app. Customers upload a medical form before the dive.",
        "Medical"
    ));
}

#[test]
fn grammar_words_are_not_things() {
    // "minus" is a preposition, "keeps track of" a verb, and "something
    // that works" a relative clause; an asset register lists assets.
    for (text, not) in [
        (
            "A bounty app. The payout goes to the developer's account minus our 10% fee.",
            "Minus",
        ),
        (
            "A library app. Staff check items out, and the system keeps track of loans.",
            "Keep",
        ),
        (
            "A fire brigade app. I need something that works on phones where firefighters mark nights.",
            "Work",
        ),
        (
            "A helpdesk app. We keep an asset register (laptops, phones) showing who each asset is issued to.",
            "Register",
        ),
    ] {
        assert!(!has_entity(text, not), "{text}: {:?}", summary(text));
    }
}

/// The types of the fields a description gives its entities, by entity and
/// field name.
fn field_types(
    description: &str,
) -> std::collections::BTreeMap<(String, String), keel_blueprint::document::FieldType> {
    let plan = plan_offline(description).expect("plans");
    let doc = keel_architect::check(&plan.yaml).expect("valid");
    doc.entities
        .iter()
        .flat_map(|(entity, decl)| {
            decl.fields
                .iter()
                .map(move |(name, f)| ((entity.clone(), name.clone()), f.ty))
        })
        .collect()
}

#[test]
fn times_beside_a_date_are_times_of_day() {
    use keel_blueprint::document::FieldType::{Date, Datetime, Time};
    let key = |e: &str, f: &str| (e.to_owned(), f.to_owned());
    // the day is a column of its own: start and end are times of that day
    let shifts = field_types(
        "Our cafe chain: each branch has an opening time and a closing time. \
         Staff log shifts (date, start time, end time).",
    );
    assert_eq!(shifts.get(&key("Branch", "opening_time")), Some(&Time));
    assert_eq!(shifts.get(&key("Branch", "closing_time")), Some(&Time));
    assert_eq!(shifts.get(&key("Shift", "date_on")), Some(&Date));
    assert_eq!(shifts.get(&key("Shift", "start_time")), Some(&Time));
    assert_eq!(shifts.get(&key("Shift", "end_time")), Some(&Time));
    assert!(
        !shifts.contains_key(&key("Shift", "starts_at")),
        "{shifts:?}"
    );
    // "(date, time, venue)": the named time is the start, no second one
    let events = field_types("Events (date, time, venue).");
    assert_eq!(events.get(&key("Event", "time")), Some(&Time));
    assert!(
        !events.contains_key(&key("Event", "start_time"))
            && !events.contains_key(&key("Event", "starts_at")),
        "{events:?}"
    );
    // without a date beside it, a start time is a point in time
    let classes = field_types("A gym app. Classes have a start time and a capacity.");
    assert_eq!(classes.get(&key("Class", "starts_at")), Some(&Datetime));
}

#[test]
fn a_list_after_a_verb_and_colon_is_what_it_acts_on() {
    // ("book: courts, lessons": each is booked, so bookings are kept)
    let s = summary("A club app. Members book: courts, lessons and coaches.");
    assert!(has_relation(&s, "Booking", "Court"), "{s:?}");
    assert!(has_relation(&s, "Booking", "Lesson"), "{s:?}");
    let s = summary("A repair shop app. Customers can upload: photos and receipts.");
    assert!(s.entities.iter().any(|e| e == "Photo"), "{s:?}");
    // not the app's own name, as a list after its first phrase would be
    let s = summary("We need to store: invoices, depots, shipments.");
    assert!(
        s.entities.iter().any(|e| e == "Depot") && s.entities.iter().any(|e| e == "Shipment"),
        "{s:?}"
    );
}

#[test]
fn each_after_a_comma_stands_for_the_things_before_it() {
    // ("each belongs" is a verb, not a thing called Belong)
    let s = summary("A survey app: hedges drawn on a map, each belongs to a landowner.");
    assert!(!s.entities.iter().any(|e| e == "Belong"), "{s:?}");
    assert!(has_relation(&s, "Hedge", "Landowner"), "{s:?}");
}

#[test]
fn markdown_headings_stand_alone_and_a_users_section_names_roles() {
    let s = summary(
        "# Seed Potato Portal\n## Users\n\
         - Growers: register farms, declare fields\n\
         - Inspectors: record 2 inspections per field\n\
         - Lab staff: enter tuber test results\n\
         ## Requirements\n\
         - email the grower when a certificate is issued",
    );
    // (the heading is no part of the line after it: "portal users")
    assert!(!s.entities.iter().any(|e| e.contains("Portal")), "{s:?}");
    for role in ["grower", "inspector", "lab_staff"] {
        assert!(s.roles.iter().any(|r| r == role), "{role}: {s:?}");
    }
    assert!(s.entities.iter().any(|e| e == "TestResult"), "{s:?}");
}

#[test]
fn a_role_works_on_the_records_assigned_to_it() {
    // "assign each job to a driver": drivers act on the jobs naming them.
    let plan = plan_offline(
        "Dispatchers create repair jobs and assign each job to a technician. Technicians update the job and mark it started and finished.",
    )
    .unwrap();
    let job = &plan.document.entities["Job"];
    // (assigned once it exists: an optional reference)
    assert_eq!(
        job.references.get("assignee").map(String::as_str),
        Some("User?")
    );
    let access = job.access.as_ref().unwrap();
    // (work assigned to a person is not public to browse)
    let read = access.read.as_deref().unwrap();
    assert!(
        read.contains("the assignee") && !read.contains("public"),
        "{read}"
    );
    let update = access.update.as_deref().unwrap();
    assert!(update.contains("the assignee"), "{update}");
    assert!(!update.split(" or ").any(|t| t == "technician"), "{update}");
    let states = job.states.as_ref().expect("a workflow");
    assert!(
        states
            .transitions
            .values()
            .any(|t| t.by.contains("the assignee")),
        "{:?}",
        states.transitions
    );
    assert!(
        plan.review
            .assumptions
            .iter()
            .any(|a| a.contains("`the assignee`")),
        "{:?}",
        plan.review.assumptions
    );
    // Passive, and a role the text gives no other power: it still works on
    // what is assigned to it.
    let plan = plan_offline(
        "Policyholders file claims. Each claim is assigned to an adjuster, who reviews it.",
    )
    .unwrap();
    let claim = &plan.document.entities["Claim"];
    assert_eq!(
        claim.references.get("assignee").map(String::as_str),
        Some("User?")
    );
    let update = claim.access.as_ref().unwrap().update.clone().unwrap();
    assert!(update.ends_with("or the assignee"), "{update}");
    // Without a person it goes to, no one is narrowed.
    let plan = plan_offline("Dispatchers create repair jobs. Technicians update the job.").unwrap();
    let update = plan.document.entities["Job"]
        .access
        .as_ref()
        .unwrap()
        .update
        .clone();
    assert!(!update.unwrap_or_default().contains("the assignee"));
}

#[test]
fn what_is_written_down_of_its_thing_describes_it() {
    // "its condition", "its category, colour and season": fields, not things
    let s =
        summary("Council officers inspect every beach hut each spring and record its condition.");
    for word in ["Condition", "Spring"] {
        assert!(!lists(&s, word), "{word} in {s:?}");
    }
    assert!(lists(&s, "Hut") || lists(&s, "BeachHut"), "{s:?}");
    let s = summary(
        "Shoppers photograph each garment they own and note its category, colour and season.",
    );
    for word in ["Category", "Season"] {
        assert!(!lists(&s, word), "{word} in {s:?}");
    }
    // (a list that does not open with "its" keeps its things)
    let s = summary("A dairy app. I record each goat and its milk tests.");
    assert!(lists(&s, "Goat") && lists(&s, "MilkTest"), "{s:?}");
    // (things of its own in the plural stay things: a shop and its products)
    assert!(has_entity(
        "Sellers open a shop and list its products with prices.",
        "Product"
    ));
}

#[test]
fn one_of_a_mass_names_the_mass() {
    let s = summary("Technicians record a pass or fail for every piece of equipment on site.");
    assert!(lists(&s, "Equipment"), "{s:?}");
    assert!(!lists(&s, "Piece"), "{s:?}");
    // (the items of an order are its lines, not a mass)
    let s = summary("A shop app. Customers place orders. Staff pack the items of each order.");
    assert!(lists(&s, "OrderItem"), "{s:?}");
}

#[test]
fn describing_participles_and_phrasal_verbs_name_nothing() {
    // an unknown participle made from a known word describes
    let s = summary("During the night the technician logs timestamped observations.");
    assert!(lists(&s, "Observation"), "{s:?}");
    // "loses track of", "getting stuck", "sets up" are verbs
    let s = summary(
        "The PR team loses track of samples. Tutors spot students who keep getting stuck. \
         The manager adds staff, sets up sessions and publishes them.",
    );
    for word in ["Lose", "Stuck", "Set"] {
        assert!(!lists(&s, word), "{word} in {s:?}");
    }
    // `each` floating after an auxiliary: the verb follows
    let s = summary("Firms must each see only their own jobs. Judges can each rate entries.");
    assert!(!lists(&s, "See"), "{s:?}");
    assert!(lists(&s, "Rating"), "{s:?}");
}

/// The read rule of `entity` in the plan of `text`.
fn read_rule(text: &str, entity: &str) -> String {
    let plan = plan_offline(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let e = plan
        .document
        .entities
        .get(entity)
        .unwrap_or_else(|| panic!("no {entity} in {:?}", plan.summary));
    e.access.as_ref().unwrap().read.clone().unwrap()
}

#[test]
fn only_what_the_text_opens_to_visitors_is_public() {
    // An internal tool: reading needs an account, and the review says so.
    let plan = plan_offline(
        "A dairy app. I record each goat with its tag number and breed, \
         and my daughter logs milk tests.",
    )
    .unwrap();
    let goat = plan.document.entities["Goat"].access.as_ref().unwrap();
    assert_eq!(goat.read.as_deref(), Some("signed_in"));
    assert!(
        plan.review
            .assumptions
            .iter()
            .any(|a| a.starts_with("Nothing is public")),
        "{:?}",
        plan.review.assumptions
    );
    // Visitors, the public, public pages, no account: public.
    for (text, entity) in [
        (
            "A parish app. The office posts events, and visitors browse upcoming events.",
            "Event",
        ),
        (
            "A swarm app. Beekeepers log swarms; the public can see each swarm on a map.",
            "Swarm",
        ),
        (
            "A school fair app. Organisers post stalls on a public page.",
            "Stall",
        ),
        (
            "A school fair app. Anyone can browse stalls without an account; organisers post them.",
            "Stall",
        ),
    ] {
        assert_eq!(read_rule(text, entity), "public", "{text}");
    }
    // Applications that publish to everyone, said in the first sentence.
    assert_eq!(
        read_rule(
            "A recipe sharing app. Users post recipes with a photo.",
            "Recipe"
        ),
        "public"
    );
    // "public holidays", "public liability" name no audience.
    assert_eq!(
        read_rule(
            "A cleaning rota app. Managers plan shifts around public holidays.",
            "Shift"
        ),
        "signed_in"
    );
}

#[test]
fn a_text_message_is_a_notification_not_a_record() {
    let s = summary("A framing shop app. Customers get a text message when their frame is ready.");
    assert!(!lists(&s, "Message"), "{s:?}");
    assert!(s.capabilities.iter().any(|c| c == "notifications"), "{s:?}");
    // (messages people send each other are)
    assert!(has_entity(
        "A club app. Members send each other messages.",
        "Message"
    ));
}

#[test]
fn a_person_word_before_a_party_says_what_it_is() {
    // "client law firms" are firms that are clients: no Client of their own
    let s = summary(
        "A court reporting agency. We book reporters for depositions for our client law firms.",
    );
    assert!(!lists(&s, "Client"), "{s:?}");
    // ("client sites" are the sites of clients)
    let s = summary("A cleaning company app. Supervisors visit client sites and log inspections.");
    assert!(has_relation(&s, "Site", "Client"), "{s:?}");
}

#[test]
fn an_activity_or_app_word_names_the_kind_of_record() {
    for (text, kept, not) in [
        (
            "A herd app. We record every calving event for each cow.",
            "CalvingEvent",
            "Event",
        ),
        (
            "An oxygen supplier app. Every concentrator needs a service visit every six months.",
            "ServiceVisit",
            "Visit",
        ),
        (
            "A foundry app. Staff log a grading event for each batch.",
            "GradingEvent",
            "Event",
        ),
    ] {
        let s = summary(text);
        assert!(lists(&s, kept), "{text}: {s:?}");
        assert!(!lists(&s, not), "{text}: {s:?}");
    }
    // A describing word names no kind: the requests are plain requests.
    let s = summary("A repairs app. Managers see pending requests and approve each request.");
    assert!(lists(&s, "Request"), "{s:?}");
    assert!(!lists(&s, "PendingRequest"), "{s:?}");
}

#[test]
fn limits_superlatives_and_winners_name_no_things() {
    let s = summary(
        "A homeschool co-op app. Families sign their kids up for classes, there's usually \
         a cap on how many kids per class.",
    );
    assert!(!lists(&s, "Cap"), "{s:?}");
    let s = summary(
        "A homebrew competition app. Judges score each entry. The top three in each \
         category get medals and a best of show round picks the overall winner.",
    );
    assert!(!lists(&s, "Best") && !lists(&s, "Winner"), "{s:?}");
    assert!(lists(&s, "Entry"), "{s:?}");
}

#[test]
fn clients_are_records_and_customers_when_named() {
    // A firm's clients are the people its records are about.
    let s = summary(
        "A practice tool for a small law firm. Clients retain the firm on matters, and \
         every matter has a responsible attorney.",
    );
    assert!(lists(&s, "Client"), "{s:?}");
    assert!(has_relation(&s, "Matter", "Client"), "{s:?}");
    assert!(s.roles.iter().any(|r| r == "client"), "{s:?}");
    // Customers are kept when the text does something for one of them ...
    let s = summary(
        "A repair shop app. When a customer drops off a clock we open a repair job for \
         that customer and text them when it is ready.",
    );
    assert!(lists(&s, "Customer"), "{s:?}");
    // ... not when they only act: then they are the signed-in users.
    let s = summary("A yoga studio app. Customers book classes and pay online.");
    assert!(!lists(&s, "Customer"), "{s:?}");
    assert!(s.roles.iter().any(|r| r == "customer"), "{s:?}");
}

#[test]
fn devices_people_have_several_of_are_things() {
    let s = summary(
        "A prosthetics clinic app. A patient can have several devices over time, and \
         clinicians log repairs against each device.",
    );
    assert!(has_relation(&s, "Device", "Patient"), "{s:?}");
    // (the phone or tablet the app runs on is not)
    let s = summary("A recipe app. Users post recipes and read them on any device.");
    assert!(!lists(&s, "Device"), "{s:?}");
}

#[test]
fn an_email_receipt_is_a_message() {
    let s = summary(
        "A coworking app. Members book desks and pay by card; members get email receipts \
         for every charge.",
    );
    assert!(!lists(&s, "Receipt"), "{s:?}");
    // (receipts people photograph are kept)
    assert!(has_entity(
        "An expenses app. Staff submit expense claims with a photo of each receipt.",
        "Receipt"
    ));
}

#[test]
fn what_people_say_of_todays_tools_names_nothing() {
    let s = summary(
        "A key register for our facilities team; the spreadsheet is a mess and results end \
         up on scraps of paper. Each key has a tag number and belongs to a key set.",
    );
    assert!(!lists(&s, "Mess"), "{s:?}");
    assert!(!lists(&s, "Scrap"), "{s:?}");
    assert!(lists(&s, "Key"), "{s:?}");
    // A headcount is a number the session keeps.
    let s = summary(
        "A warm spaces app. Venues add sessions; at the end of each session the lead \
         records a headcount.",
    );
    assert!(!lists(&s, "Headcount"), "{s:?}");
    assert!(lists(&s, "Session"), "{s:?}");
}

#[test]
fn things_joined_after_each_and_councils_that_run_the_app() {
    let s = summary(
        "A cake order app. Customers order cakes online. Each flavour and filling has its \
         own allergen list, which has to be shown to customers.",
    );
    assert!(lists(&s, "Flavour"), "{s:?}");
    assert!(lists(&s, "Filling"), "{s:?}");
    // The council that applications go to is no table of the app.
    let s = summary(
        "A tree surgery app. If a tree is protected we apply to the council first, and \
         those applications and their status need tracking.",
    );
    assert!(!lists(&s, "Council"), "{s:?}");
    assert!(lists(&s, "Application"), "{s:?}");
}

#[test]
fn words_that_name_a_kind_only_before_a_record_head() {
    // Work done and an item's condition are no things alone ...
    let s = summary(
        "A shoe repair app. Each ticket lists the work needed; when the work is done the \
         customer gets a text. Staff note the condition of each shoe.",
    );
    assert!(!lists(&s, "Work"), "{s:?}");
    assert!(!lists(&s, "Condition"), "{s:?}");
    // ... but they name the kind of a record they stand before.
    let s = summary(
        "A maintenance app. Supervisors raise work orders for machines, inspectors write \
         condition reports, and volunteers sign up for work parties.",
    );
    assert!(lists(&s, "WorkOrder"), "{s:?}");
    assert!(lists(&s, "ConditionReport"), "{s:?}");
    assert!(lists(&s, "WorkParty"), "{s:?}");
    // A place people book is a booking; a polling place is a kind of place.
    let s = summary("A cookery school app. People see upcoming sessions, book places and pay.");
    assert!(!lists(&s, "Place"), "{s:?}");
    assert!(has_entity(
        "An elections office app. We staff polling places for each election.",
        "PollingPlace"
    ));
}

#[test]
fn a_bank_transfer_is_a_way_to_pay() {
    let s = summary(
        "A hay sales app. Customers order bales; an invoice is emailed and I tick it off \
         when the bank transfer comes in.",
    );
    assert!(!lists(&s, "Transfer"), "{s:?}");
    assert!(lists(&s, "Invoice"), "{s:?}");
}

#[test]
fn examples_after_a_closed_phrase_and_set_phrases_name_nothing() {
    let s = summary(
        "A scout group app. Leaders track the camping kit we lend out, tents, stoves and \
         lanterns, and which patrol has what. We run about a dozen trips a year, hikes, \
         canoe days and a summer camp, and parents sign their children up.",
    );
    assert!(lists(&s, "Kit"), "{s:?}");
    assert!(!lists(&s, "Tent"), "{s:?}");
    assert!(!lists(&s, "Hike"), "{s:?}");
    // "taking part", "in a row" and decades name nothing; "ethics" stays plural.
    let s = summary(
        "A research study app. Volunteers taking part book sessions; anyone who misses two \
         in a row is flagged. We collect songs from the sixties to the nineties. Each study \
         needs an ethics approval uploaded before it opens.",
    );
    assert!(!lists(&s, "Part"), "{s:?}");
    assert!(!lists(&s, "Row"), "{s:?}");
    assert!(!lists(&s, "Sixty"), "{s:?}");
    assert!(!lists(&s, "EthicApproval"), "{s:?}");
}

#[test]
fn messaging_us_keeps_messages_and_paying_us_needs_a_fee() {
    let s = summary(
        "A physio clinic app. Patients book appointments and can message us between \
         sessions.",
    );
    assert!(lists(&s, "Message"), "{s:?}");
    // Makers that pay us for warranty work pay no fee for the application.
    let s =
        summary("A repair shop app. Customers book repairs. Some makers pay us for warranty work.");
    assert!(!lists(&s, "Subscription"), "{s:?}");
    let s = summary("A booking app for salons. Salons pay us a monthly fee by card.");
    assert!(lists(&s, "Subscription"), "{s:?}");
}

#[test]
fn a_line_for_each_thing_is_a_part_and_bare_words_among_fields_are_fields() {
    // One line per room: many lines, a part of the quote.
    let s = summary(
        "A decorating firm app. I do quotes with a line for each room, and customers \
         accept them online.",
    );
    assert!(lists(&s, "QuoteLine"), "{s:?}");
    // A bare word among fields is a field, though it names a thing elsewhere.
    let s = summary(
        "I'm membership secretary of a vintage motorcycle club. We keep a register of \
         members and their bikes, make, model, year, registration, frame number and a \
         photo. Members book places at rallies.",
    );
    assert!(!lists(&s, "Registration"), "{s:?}");
    assert!(!lists(&s, "Club"), "{s:?}");
    assert!(lists(&s, "Bike"), "{s:?}");
}

#[test]
fn clothes_are_garments_and_pins_queues_and_heads_are_no_tables() {
    let s = summary(
        "A dry cleaning app. Customers drop off their clothes and we text them when the \
         clothes are ready.",
    );
    assert!(lists(&s, "Garment"), "{s:?}");
    assert!(!s.entities.iter().any(|e| e == "Clothes"), "{s:?}");
    let s = summary(
        "A fitter's app. Each kitchen install is booked with a customer; fitters log snags \
         at the end of the install.",
    );
    assert!(lists(&s, "Installation"), "{s:?}");
    let s = summary(
        "A litter report app. Residents report fly-tipping by dropping a pin on the map \
         and adding photos. Staff see a queue of reports and close them. Pickers are paid \
         per head.",
    );
    assert!(!lists(&s, "Pin"), "{s:?}");
    assert!(!lists(&s, "Queue"), "{s:?}");
    assert!(!lists(&s, "Head"), "{s:?}");
    assert!(lists(&s, "Report"), "{s:?}");
}

#[test]
fn papers_uploaded_together_are_one_private_documents_table() {
    let plan = plan_offline(
        "A tenancy app for a letting agent. Applicants fill in their details and upload \
         ID and payslips. Agents approve or reject each application.",
    )
    .unwrap();
    let s = &plan.summary;
    assert!(lists(s, "Document"), "{s:?}");
    assert!(!lists(s, "Payslip"), "{s:?}");
    // Personal papers: only the uploader reads them until the roles that
    // review them are named.
    let yaml = &plan.yaml;
    let doc = &yaml[yaml.find("  Document:").unwrap()..];
    let access = doc.lines().find(|l| l.contains("access:")).unwrap();
    assert!(access.contains("read: owner,"), "{access}");
    // One bare paper is a document too; a kind of its own is kept.
    let s = summary("A parking permit app. Residents apply online and upload proof of address.");
    assert!(lists(&s, "Document"), "{s:?}");
    let s =
        summary("A summer camp app. Parents register their kids and upload a signed medical form.");
    assert!(!lists(&s, "Document"), "{s:?}");
}

#[test]
fn people_saying_when_they_can_work_keep_an_availability() {
    let s = summary(
        "A lifeguard rota app. Managers publish shifts each week and lifeguards mark \
         themselves available for each shift.",
    );
    assert!(lists(&s, "Availability"), "{s:?}");
    assert!(has_relation(&s, "Availability", "Shift"), "{s:?}");
    // When one can work: a start and an end.
    let plan = plan_offline("A rota app. Lifeguards mark which days they are available.").unwrap();
    let yaml = &plan.yaml;
    let availability = &yaml[yaml.find("  Availability:").unwrap()..];
    assert!(availability.contains("starts_at"), "{yaml}");
    let s = summary(
        "A tutoring app. Each tutor keeps their own available hours and parents book lessons.",
    );
    assert!(lists(&s, "Availability"), "{s:?}");
    // Things marked available are a status of theirs.
    let s = summary(
        "An animal shelter app. Staff add animals with photos and mark them as available \
         or adopted.",
    );
    assert!(!lists(&s, "Availability"), "{s:?}");
    // "free" says the same of people.
    let s = summary(
        "A community transport app. Drivers who said they are free that day get a ping \
         to accept a trip.",
    );
    assert!(lists(&s, "Availability"), "{s:?}");
    assert!(!lists(&s, "Ping"), "{s:?}");
}

#[test]
fn what_people_request_without_a_record_of_it_is_kept_as_their_request() {
    let s = summary(
        "A school run carpool app. Parents offer rides and other parents request a seat on \
         a ride.",
    );
    assert!(lists(&s, "SeatRequest"), "{s:?}");
    assert!(has_relation(&s, "SeatRequest", "Ride"), "{s:?}");
    let s =
        summary("A leave app for our office. Employees request time off and managers approve it.");
    assert!(lists(&s, "TimeOffRequest"), "{s:?}");
    // What they ask to do, of what they would do it to.
    let s = summary(
        "A cafe rota app. Staff claim open shifts or ask to swap a shift with someone else.",
    );
    assert!(lists(&s, "SwapRequest"), "{s:?}");
    assert!(has_relation(&s, "SwapRequest", "Shift"), "{s:?}");
    // (not what people are asked to do)
    let s =
        summary("A seed library app. Members borrow seed packets and are asked to return seeds.");
    assert!(!s.entities.iter().any(|e| e.ends_with("Request")), "{s:?}");
    // A thing kept already is the request; changes are no thing.
    let s = summary(
        "A removals app. Customers request a quote for their move and add photos of rooms.",
    );
    assert!(!s.entities.iter().any(|e| e.ends_with("Request")), "{s:?}");
    let s = summary("A permits app. Officers review applications and can request changes.");
    assert!(!s.entities.iter().any(|e| e.ends_with("Request")), "{s:?}");
}

#[test]
fn joining_said_bare_joins_the_thing_just_named() {
    let s = summary(
        "A pottery studio app. We run evening courses of eight, and students sign up and \
         pay upfront.",
    );
    assert!(lists(&s, "Signup"), "{s:?}");
    assert!(has_relation(&s, "Signup", "Course"), "{s:?}");
    // ... or with "one": the one just named.
    let s = summary("A podcast ads app. Sponsors browse open slots, book one and pay by card.");
    assert!(has_relation(&s, "Booking", "Slot"), "{s:?}");
}

#[test]
fn parts_used_on_a_job_are_kept_as_its_usages() {
    let s = summary(
        "A lift maintenance app. Engineers are given work orders and record the parts used \
         on each work order from the van's stock.",
    );
    assert!(lists(&s, "PartUsage"), "{s:?}");
    assert!(has_relation(&s, "PartUsage", "WorkOrder"), "{s:?}");
    assert!(has_relation(&s, "PartUsage", "Part"), "{s:?}");
}

#[test]
fn a_group_chat_of_the_app_keeps_messages_but_todays_does_not() {
    let s = summary(
        "A study group app. Students join groups, and each group has a group chat that \
         updates live.",
    );
    assert!(lists(&s, "ChatMessage"), "{s:?}");
    let s = summary(
        "A tennis club app. Right now everything happens in our WhatsApp group chat. \
         Members book courts.",
    );
    assert!(!lists(&s, "ChatMessage"), "{s:?}");
}

#[test]
fn reporting_a_breakdown_keeps_the_breakdown_and_reports_for_outsiders_are_views() {
    let s = summary(
        "An escalator maintenance app. Station staff report breakdowns through a portal and \
         engineers fix them.",
    );
    assert!(lists(&s, "Breakdown"), "{s:?}");
    assert!(!lists(&s, "Report"), "{s:?}");
    let s = summary(
        "A grants app. Applicants apply for grants and officers approve them. Reports for \
         the board show money granted per year. Reports by ward and month too.",
    );
    assert!(!lists(&s, "Report"), "{s:?}");
    assert!(lists(&s, "Application"), "{s:?}");
}

#[test]
fn a_word_that_usually_names_the_app_is_a_thing_when_each_one_is_meant() {
    let s = summary(
        "Tool checkout system for our makerspace. Every tool is tagged with an inventory \
         number, and members check tools out.",
    );
    assert!(lists(&s, "Tool"), "{s:?}");
}

#[test]
fn living_somewhere_is_not_live_updates() {
    let s = summary("A rent ledger. Tenants pay rent for the flat they live in.");
    assert!(!s.capabilities.iter().any(|c| c == "realtime"), "{s:?}");
    let s = summary("A quiz app. The leaderboard updates live.");
    assert!(s.capabilities.iter().any(|c| c == "realtime"), "{s:?}");
}

#[test]
fn medical_data_is_no_table() {
    let s = summary(
        "A physio app. Therapists add exercises for each patient. Medical data must be private.",
    );
    assert!(!s.entities.iter().any(|e| e.contains("Dat")), "{s:?}");
}

#[test]
fn a_tables_heading_names_no_table() {
    let s = summary(
        "Puzzle portal, we sell crosswords to newspapers. Tables: - constructors (name, email) \
         - puzzles (title, constructor) - newspapers (name, plan)",
    );
    assert!(lists(&s, "Puzzle"), "{s:?}");
    assert!(!lists(&s, "Table"), "{s:?}");
}

#[test]
fn the_organizations_own_logo_is_an_upload() {
    let s = summary(
        "Multi-dojo SaaS for martial arts schools. Each school gets its own space, data isolated \
         per school.\ntables:\n- schools (name, subdomain, logo)\n- students (name, belt)\n",
    );
    assert!(s.capabilities.iter().any(|c| c == "uploads"), "{s:?}");
}

#[test]
fn members_of_a_body_are_its_members_role() {
    let s = summary(
        "A credit union app. Loan officers review applications and a committee member \
         approves each loan.",
    );
    assert!(s.roles.iter().any(|r| r == "committee_member"), "{s:?}");
    let s =
        summary("A pothole app. Dispatchers assign reports to crews and crew members close them.");
    assert!(s.roles.iter().any(|r| r == "crew_member"), "{s:?}");
}

#[test]
fn the_minutes_of_a_meeting_are_a_record_but_ten_minutes_are_not() {
    let s = summary(
        "A tenants' association app. The committee books meetings and uploads the minutes \
         afterwards.",
    );
    assert!(lists(&s, "Minutes"), "{s:?}");
    let s =
        summary("A festival app. Fans get a push notification ten minutes before a set starts.");
    assert!(!lists(&s, "Minutes"), "{s:?}");
}

#[test]
fn booked_meetings_are_the_meetings_and_yes_no_votes_are_votes() {
    let s = summary(
        "A residents' group app. Committee members book meetings and run simple yes/no votes.",
    );
    assert!(lists(&s, "Meeting"), "{s:?}");
    assert!(!lists(&s, "Booking"), "{s:?}");
    assert!(lists(&s, "Vote"), "{s:?}");
}

#[test]
fn entering_a_competition_keeps_an_entry_but_entering_scores_does_not() {
    let s = summary("A running club app. Members enter the club's races and see their times.");
    assert!(lists(&s, "Entry"), "{s:?}");
    assert!(has_relation(&s, "Entry", "Race"), "{s:?}");
    let s = summary("A swim meet app. Clubs enter their swimmers into events.");
    assert!(has_relation(&s, "Entry", "Event"), "{s:?}");
    let s = summary("A five-a-side league app. Captains enter the final score of each game.");
    assert!(!lists(&s, "Entry"), "{s:?}");
}

#[test]
fn a_limit_is_a_field_of_what_has_it() {
    let s = summary(
        "A car boot sale app. Sellers book pitches. Each sale day has a limit on how many \
         pitches can be sold.",
    );
    assert!(!lists(&s, "Limit"), "{s:?}");
}
