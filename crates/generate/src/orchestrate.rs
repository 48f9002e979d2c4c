//! Runs agents over a blueprint: in waves ordered by what each reads, the
//! agents of a wave in parallel, into one file set.

use std::time::Instant;

use keel_blueprint::Blueprint;

use crate::agent::{Agent, AgentError, Input};
use crate::events::{Event, Observer};
use crate::fileset::{FileSet, FileSetError};

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("agent `{agent}` failed: {source}")]
    Agent {
        agent: &'static str,
        source: AgentError,
    },
    #[error("agent `{agent}` wrote `{path}`, outside what it declares it writes ({declared})")]
    OutOfBounds {
        agent: &'static str,
        path: String,
        declared: String,
    },
    #[error("agent `{agent}`: {source}")]
    Conflict {
        agent: &'static str,
        source: FileSetError,
    },
    #[error("agents read each other's output in a cycle: {0}")]
    Cycle(String),
}

/// Orders agents into waves: every agent runs after the agents that write
/// what it reads. Agents of one wave are independent.
pub fn waves<'a>(agents: &[&'a dyn Agent]) -> Result<Vec<Vec<&'a dyn Agent>>, RunError> {
    let n = agents.len();
    let overlaps = crate::agent::prefixes_overlap;
    // deps[i]: agents that must finish before agent i.
    let deps: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| {
                    j != i
                        && agents[i]
                            .reads()
                            .iter()
                            .any(|r| agents[j].writes().iter().any(|w| overlaps(r, w)))
                })
                .collect()
        })
        .collect();
    let mut done = vec![false; n];
    let mut waves = Vec::new();
    while done.iter().any(|d| !d) {
        let ready: Vec<usize> = (0..n)
            .filter(|&i| !done[i] && deps[i].iter().all(|&j| done[j]))
            .collect();
        if ready.is_empty() {
            let stuck: Vec<&str> = (0..n)
                .filter(|&i| !done[i])
                .map(|i| agents[i].name())
                .collect();
            return Err(RunError::Cycle(stuck.join(", ")));
        }
        for &i in &ready {
            done[i] = true;
        }
        waves.push(ready.into_iter().map(|i| agents[i]).collect());
    }
    Ok(waves)
}

/// Runs every agent and returns all files they wrote.
pub fn run(
    blueprint: &Blueprint,
    agents: &[&dyn Agent],
    observer: &dyn Observer,
) -> Result<FileSet, RunError> {
    let started = Instant::now();
    let waves = waves(agents)?;
    observer.event(&Event::RunStarted {
        app: blueprint.app.clone(),
        keel_version: env!("CARGO_PKG_VERSION").to_owned(),
        waves: waves
            .iter()
            .map(|w| w.iter().map(|a| a.name().to_owned()).collect())
            .collect(),
    });
    let mut all = FileSet::new();
    for (wave_index, wave) in waves.iter().enumerate() {
        let inputs: Vec<FileSet> = wave.iter().map(|a| all.subset(a.reads())).collect();
        let results: Vec<Result<FileSet, AgentError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = wave
                .iter()
                .zip(&inputs)
                .map(|(agent, files)| {
                    scope.spawn(move || {
                        observer.event(&Event::AgentStarted {
                            agent: agent.name().to_owned(),
                            wave: wave_index,
                            reads: agent.reads().iter().map(|s| (*s).to_owned()).collect(),
                            writes: agent.writes().iter().map(|s| (*s).to_owned()).collect(),
                        });
                        let t = Instant::now();
                        let result = agent.run(&Input { blueprint, files });
                        match &result {
                            Ok(out) => observer.event(&Event::AgentFinished {
                                agent: agent.name().to_owned(),
                                files: out.paths().map(str::to_owned).collect(),
                                bytes: out.total_bytes(),
                                millis: t.elapsed().as_millis() as u64,
                            }),
                            Err(e) => observer.event(&Event::AgentFailed {
                                agent: agent.name().to_owned(),
                                error: e.to_string(),
                            }),
                        }
                        result
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(AgentError::Other("the agent panicked".into())))
                })
                .collect()
        });
        for (agent, result) in wave.iter().zip(results) {
            let out = result.map_err(|source| RunError::Agent {
                agent: agent.name(),
                source,
            })?;
            if let Some(path) = out.paths().find(|p| {
                !agent
                    .writes()
                    .iter()
                    .any(|w| crate::agent::under_prefix(p, w))
            }) {
                return Err(RunError::OutOfBounds {
                    agent: agent.name(),
                    path: path.to_owned(),
                    declared: agent.writes().join(", "),
                });
            }
            all.merge(out).map_err(|source| RunError::Conflict {
                agent: agent.name(),
                source,
            })?;
        }
    }
    observer.event(&Event::RunFinished {
        files: all.len(),
        bytes: all.total_bytes(),
        millis: started.elapsed().as_millis() as u64,
    });
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake {
        name: &'static str,
        reads: &'static [&'static str],
        writes: &'static [&'static str],
        file: &'static str,
    }

    impl Agent for Fake {
        fn name(&self) -> &'static str {
            self.name
        }
        fn summary(&self) -> &'static str {
            "test agent"
        }
        fn reads(&self) -> &'static [&'static str] {
            self.reads
        }
        fn writes(&self) -> &'static [&'static str] {
            self.writes
        }
        fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError> {
            let mut out = FileSet::new();
            // Record what this agent could see, to test the input subset.
            let seen: Vec<&str> = input.files.paths().collect();
            out.add(self.file, seen.join(","))?;
            Ok(out)
        }
    }

    #[test]
    fn orders_agents_by_what_they_read() {
        let contracts = Fake {
            name: "contracts",
            reads: &[],
            writes: &["api/"],
            file: "api/a.yaml",
        };
        let database = Fake {
            name: "database",
            reads: &[],
            writes: &["db/"],
            file: "db/a.sql",
        };
        let web = Fake {
            name: "web",
            reads: &["api/"],
            writes: &["web/"],
            file: "web/client.ts",
        };
        let agents: Vec<&dyn Agent> = vec![&web, &contracts, &database];
        let names: Vec<Vec<&str>> = waves(&agents)
            .unwrap()
            .iter()
            .map(|w| w.iter().map(|a| a.name()).collect())
            .collect();
        assert_eq!(names, vec![vec!["contracts", "database"], vec!["web"]]);
    }

    #[test]
    fn detects_cycles() {
        let a = Fake {
            name: "a",
            reads: &["b/"],
            writes: &["a/"],
            file: "a/x",
        };
        let b = Fake {
            name: "b",
            reads: &["a/"],
            writes: &["b/"],
            file: "b/x",
        };
        assert!(matches!(waves(&[&a, &b]), Err(RunError::Cycle(_))));
    }
}
