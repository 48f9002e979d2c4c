//! Deployment environments, with defaults when the blueprint names none.

use super::{Ctx, at};
use crate::document::{Document, EnvironmentDecl};
use crate::model::{Autoscale, Environment, Resources};

pub(super) fn lower(ctx: &mut Ctx<'_>, doc: &Document) -> Vec<Environment> {
    if doc.environments.is_empty() {
        return vec![default_env(doc, "staging"), default_env(doc, "production")];
    }
    doc.environments
        .iter()
        .map(|(name, decl)| {
            let key = ctx.key(&at!["environments", name]);
            let valid_name = !name.is_empty()
                && name.len() <= 20
                && name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !name.ends_with('-');
            if !valid_name {
                ctx.error(
                    "invalid-name",
                    key,
                    format!("environment name `{name}` must be lowercase letters, digits and `-`"),
                    Some("e.g. `staging`, `production`".into()),
                );
            }
            lower_one(ctx, doc, name, decl)
        })
        .collect()
}

fn defaults(name: &str) -> (u32, Autoscale, (&'static str, &'static str)) {
    if name == "production" {
        (
            2,
            Autoscale {
                min: 2,
                max: 10,
                cpu: 70,
            },
            ("250m", "256Mi"),
        )
    } else {
        (
            1,
            Autoscale {
                min: 1,
                max: 3,
                cpu: 70,
            },
            ("100m", "128Mi"),
        )
    }
}

fn default_env(doc: &Document, name: &str) -> Environment {
    lower_one(
        &mut Ctx {
            root: &crate::yaml::Node {
                value: crate::yaml::Value::Null,
                span: Default::default(),
            },
            diagnostics: Vec::new(),
        },
        doc,
        name,
        &EnvironmentDecl::default(),
    )
}

fn lower_one(ctx: &mut Ctx<'_>, doc: &Document, name: &str, decl: &EnvironmentDecl) -> Environment {
    let (replicas, mut autoscale, (cpu, memory)) = defaults(name);
    if let Some(a) = &decl.autoscale {
        autoscale = Autoscale {
            min: a.min,
            max: a.max,
            cpu: a.cpu.unwrap_or(70),
        };
        if a.min > a.max {
            ctx.error(
                "min-above-max",
                ctx.at(&at!["environments", name, "autoscale", "min"]),
                format!("autoscale min ({}) is above max ({})", a.min, a.max),
                None,
            );
        }
    }
    let replicas = decl
        .replicas
        .unwrap_or(replicas.max(autoscale.min).min(autoscale.max));
    if replicas < autoscale.min || replicas > autoscale.max {
        ctx.warning(
            "replicas-outside-autoscale",
            ctx.at(&at!["environments", name, "replicas"]),
            format!(
                "{replicas} replicas is outside the autoscale range {}-{}",
                autoscale.min, autoscale.max
            ),
            Some("the autoscaler will move it into the range".into()),
        );
    }
    let (cpu, memory) = match &decl.resources {
        Some(r) => (r.cpu.clone(), r.memory.clone()),
        None => (cpu.to_owned(), memory.to_owned()),
    };
    let domain = decl.domain.clone().unwrap_or_else(|| {
        if name == "production" {
            format!("{}.example.com", doc.app)
        } else {
            format!("{name}.{}.example.com", doc.app)
        }
    });
    Environment {
        name: name.to_owned(),
        replicas,
        autoscale,
        resources: Resources {
            cpu_limit: double_quantity(&cpu),
            memory_limit: double_quantity(&memory),
            cpu_request: cpu,
            memory_request: memory,
        },
        domain,
    }
}

/// `250m` → `500m`, `256Mi` → `512Mi`, `0.5` → `1`: limits are twice the requests.
fn double_quantity(q: &str) -> String {
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(q.len());
    let (number, unit) = q.split_at(split);
    match number.parse::<f64>() {
        Ok(n) => {
            let doubled = n * 2.0;
            if doubled.fract() == 0.0 {
                format!("{}{unit}", doubled as u64)
            } else {
                format!("{doubled}{unit}")
            }
        }
        Err(_) => q.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn doubles_quantities() {
        assert_eq!(super::double_quantity("250m"), "500m");
        assert_eq!(super::double_quantity("256Mi"), "512Mi");
        assert_eq!(super::double_quantity("0.5"), "1");
        assert_eq!(super::double_quantity("0.25"), "0.5");
    }
}
