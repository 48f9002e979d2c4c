//! The backlog: acyclic, complete dependencies, deterministic ids, and
//! criteria in the blueprint's own terms.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use keel_agent_project_manager::plan::plan;
use keel_agent_project_manager::task::{Task, points};
use keel_agent_project_manager::{BACKLOG, ProjectManagerAgent};
use keel_blueprint::{Blueprint, SourceFile};
use keel_generate::events::Quiet;
use keel_generate::{Agent, FileSet};

fn load(path: PathBuf) -> Blueprint {
    let text = std::fs::read_to_string(&path).unwrap();
    keel_blueprint::check(&SourceFile::new(path.display().to_string(), text))
        .expect("valid")
        .blueprint
}

fn blueprints() -> Vec<Blueprint> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let mut all: Vec<Blueprint> = ["recipes", "projects", "marketplace", "blog"]
        .iter()
        .map(|n| load(root.join("examples").join(n).join("keel.yaml")))
        .collect();
    all.push(load(
        root.join("crates/agents/docs/tests/fixtures/hostile.yaml"),
    ));
    all
}

fn example(name: &str) -> Blueprint {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    load(root.join("examples").join(name).join("keel.yaml"))
}

fn generate(bp: &Blueprint) -> FileSet {
    let agents: [&dyn Agent; 1] = [&ProjectManagerAgent];
    keel_generate::run(bp, &agents, &Quiet).unwrap()
}

fn find<'a>(tasks: &'a [Task], title: &str) -> &'a Task {
    tasks
        .iter()
        .find(|t| t.title == title)
        .unwrap_or_else(|| panic!("no task `{title}`"))
}

/// Every task a task needs, directly or not.
fn ancestors(tasks: &[Task], id: &str) -> BTreeSet<String> {
    let by_id: BTreeMap<&str, &Task> = tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut seen = BTreeSet::new();
    let mut stack = vec![id.to_owned()];
    while let Some(next) = stack.pop() {
        for d in &by_id[next.as_str()].depends_on {
            if seen.insert(d.clone()) {
                stack.push(d.clone());
            }
        }
    }
    seen
}

#[test]
fn dependencies_exist_and_form_no_cycle() {
    for bp in blueprints() {
        let tasks = plan(&bp).unwrap().tasks;
        let ids: BTreeSet<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), tasks.len(), "{}: duplicate ids", bp.app);
        for t in &tasks {
            for d in &t.depends_on {
                assert!(
                    ids.contains(d.as_str()),
                    "{}: {} depends on unknown {d}",
                    bp.app,
                    t.id
                );
            }
        }
        // Kahn's algorithm consumes every task only if there is no cycle.
        let mut indegree: BTreeMap<&str, usize> = tasks
            .iter()
            .map(|t| (t.id.as_str(), t.depends_on.len()))
            .collect();
        let mut ready: Vec<&str> = indegree
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(id, _)| *id)
            .collect();
        let mut done = 0;
        while let Some(id) = ready.pop() {
            done += 1;
            for t in tasks
                .iter()
                .filter(|t| t.depends_on.iter().any(|d| d == id))
            {
                let n = indegree.get_mut(t.id.as_str()).unwrap();
                *n -= 1;
                if *n == 0 {
                    ready.push(&t.id);
                }
            }
        }
        assert_eq!(
            done,
            tasks.len(),
            "{}: the dependency graph has a cycle",
            bp.app
        );
    }
}

#[test]
fn ids_are_sequential_and_the_graph_draws_only_known_tasks() {
    for bp in blueprints() {
        let tasks = plan(&bp).unwrap().tasks;
        for (i, t) in tasks.iter().enumerate() {
            assert_eq!(t.id, format!("KEEL-{:03}", i + 1));
        }
        let files = generate(&bp);
        let md = files.text(BACKLOG).unwrap();
        let graph = md.split("```mermaid\n").nth(1).unwrap();
        let graph = &graph[..graph.find("```").unwrap()];
        for line in graph.lines().filter(|l| l.contains(" --> ")) {
            for node in line.trim().split(" --> ") {
                let id = node.trim_start_matches("task_").replace('_', "-");
                assert!(
                    tasks.iter().any(|t| t.id == id),
                    "{}: edge to unknown {node}",
                    bp.app
                );
            }
        }
        for t in &tasks {
            assert!(
                md.contains(&format!("### {} {}", t.id, t.title)),
                "{}",
                t.id
            );
        }
    }
}

#[test]
fn work_comes_in_a_sensible_order() {
    let tasks = plan(&example("recipes")).unwrap().tasks;
    let identity = find(
        &tasks,
        "Identity service: sign-up, sign-in, refresh, sign-out",
    );
    let migration = find(&tasks, "Database migration of cookbook");
    let recipe = find(&tasks, "Recipe API");
    let ingredient = find(&tasks, "Ingredient API");
    let ui = find(&tasks, "Recipe pages");
    let check = find(
        &tasks,
        "Check `comments.recipe_id` against cookbook through its API",
    );
    let comment = find(&tasks, "Comment API");
    assert!(ancestors(&tasks, &recipe.id).contains(&identity.id));
    assert!(ancestors(&tasks, &recipe.id).contains(&migration.id));
    assert!(ingredient.depends_on.contains(&recipe.id), "parents first");
    assert!(
        ancestors(&tasks, &ui.id).contains(&recipe.id),
        "APIs before UI"
    );
    assert!(check.depends_on.contains(&comment.id) && check.depends_on.contains(&recipe.id));
}

#[test]
fn criteria_use_the_blueprints_paths_rules_and_limits() {
    let tasks = plan(&example("recipes")).unwrap().tasks;
    let recipe = find(&tasks, "Recipe API");
    let has = |t: &Task, s: &str| t.criteria.iter().any(|c| c.contains(s));
    assert!(has(
        recipe,
        "a signed-in user who is not the recipe's owner and without the admin role gets 403 or 404 on `PATCH /api/cookbook/recipes/{id}`"
    ));
    assert!(has(
        recipe,
        "`title` shorter than 3 or longer than 200 characters returns 422"
    ));
    assert!(has(recipe, "`servings` outside 1–100 returns 422"));
    let states = find(&tasks, "Recipe state machine: publish, archive and restore");
    assert!(has(
        states,
        "`POST /api/cookbook/recipes/{id}/publish` moves a recipe from `draft` to `published` when called by the recipe's owner"
    ));
    assert!(has(states, "a new recipe starts as `draft`"));
    let check = find(
        &tasks,
        "Check `comments.recipe_id` against cookbook through its API",
    );
    assert!(has(
        check,
        "with cookbook stopped, `POST /api/community/comments` returns 503 with `Retry-After`"
    ));
    let step = find(&tasks, "Step API");
    assert!(has(
        step,
        "a second step with the same `recipe_id` and `number` returns 409"
    ));
    let access = find(&tasks, "Access-matrix tests of Ingredient");
    assert!(has(
        access,
        "as signed-in user: read: allowed; create: if they own the recipe"
    ));
    let staging = find(&tasks, "Deploy to staging");
    assert!(has(staging, "an autoscaler from 1 to 3 pods at 70% CPU"));
    assert!(has(staging, "`https://staging.recipes.example.com`"));
}

#[test]
fn capabilities_and_tenancy_bring_their_tasks() {
    let titles = |name: &str| -> Vec<String> {
        plan(&example(name))
            .unwrap()
            .tasks
            .into_iter()
            .map(|t| t.title)
            .collect()
    };
    let recipes = titles("recipes");
    assert!(recipes.contains(&"File uploads in cookbook".to_owned()));
    assert!(
        !recipes
            .iter()
            .any(|t| t.contains("Organizations") || t.contains("Payments"))
    );
    let projects = titles("projects");
    assert!(projects.contains(&"Organizations, memberships and invitations".to_owned()));
    assert!(projects.contains(&"Email delivery".to_owned()));
    let marketplace = titles("marketplace");
    assert!(marketplace.contains(&"Payments through the payment provider".to_owned()));
    let blog = titles("blog");
    assert!(blog.contains(&"Full-text search of posts".to_owned()));
}

#[test]
fn estimates_follow_the_stated_rule() {
    for bp in blueprints() {
        for t in plan(&bp).unwrap().tasks {
            assert_eq!(t.size.points(), points(t.size.total()), "{}", t.id);
            let counted: u32 = t
                .size
                .basis()
                .split(" + ")
                .map(|part| {
                    let nums: Vec<u32> = part
                        .split(|c: char| !c.is_ascii_digit())
                        .filter_map(|n| n.parse().ok())
                        .collect();
                    nums.iter().product::<u32>()
                })
                .sum();
            assert_eq!(counted, t.size.total(), "{}: {}", t.id, t.size.basis());
        }
    }
}

#[test]
fn generation_is_deterministic() {
    for bp in blueprints() {
        assert_eq!(generate(&bp), generate(&bp), "{}", bp.app);
    }
}

#[test]
fn recipes_backlog_snapshot() {
    let files = generate(&example("recipes"));
    insta::assert_snapshot!("recipes_backlog", files.text(BACKLOG).unwrap());
}
