//! Time of the offline architect per description (plain harness, no extra
//! dependencies): `cargo bench -p keel-architect`.

use std::time::Instant;

fn main() {
    let files = [
        include_str!("../tests/corpus.yaml"),
        include_str!("../tests/heldout.yaml"),
        include_str!("../tests/heldout2.yaml"),
        include_str!("../tests/heldout3.yaml"),
        include_str!("../tests/heldout4.yaml"),
        include_str!("../tests/heldout5.yaml"),
        include_str!("../tests/heldout6.yaml"),
        include_str!("../tests/heldout7.yaml"),
        include_str!("../tests/heldout8.yaml"),
        include_str!("../tests/heldout9.yaml"),
        include_str!("../tests/heldout10.yaml"),
        include_str!("../tests/heldout11.yaml"),
        include_str!("../tests/heldout12.yaml"),
        include_str!("../tests/heldout13.yaml"),
        include_str!("../tests/heldout14.yaml"),
        include_str!("../tests/heldout15.yaml"),
        include_str!("../tests/heldout16.yaml"),
        include_str!("../tests/heldout17.yaml"),
        include_str!("../tests/heldout18.yaml"),
        include_str!("../tests/heldout19.yaml"),
        include_str!("../tests/heldout20.yaml"),
        include_str!("../tests/heldout21.yaml"),
        include_str!("../tests/heldout22.yaml"),
        include_str!("../tests/heldout23.yaml"),
        include_str!("../tests/heldout24.yaml"),
        include_str!("../tests/heldout25.yaml"),
        include_str!("../tests/heldout26.yaml"),
        include_str!("../tests/heldout27.yaml"),
        include_str!("../tests/heldout28.yaml"),
        include_str!("../tests/heldout29.yaml"),
        include_str!("../tests/heldout30.yaml"),
        include_str!("../tests/heldout31.yaml"),
        include_str!("../tests/heldout32.yaml"),
        include_str!("../tests/heldout33.yaml"),
        include_str!("../tests/heldout34.yaml"),
        include_str!("../tests/heldout35.yaml"),
        include_str!("../tests/heldout36.yaml"),
        include_str!("../tests/heldout37.yaml"),
        include_str!("../tests/heldout38.yaml"),
        include_str!("../tests/heldout39.yaml"),
        include_str!("../tests/heldout40.yaml"),
        include_str!("../tests/heldout41.yaml"),
        include_str!("../tests/heldout42.yaml"),
        include_str!("../tests/heldout43.yaml"),
        include_str!("../tests/heldout44.yaml"),
        include_str!("../tests/heldout45.yaml"),
        include_str!("../tests/heldout46.yaml"),
        include_str!("../tests/heldout47.yaml"),
        include_str!("../tests/heldout48.yaml"),
        include_str!("../tests/heldout49.yaml"),
        include_str!("../tests/heldout50.yaml"),
        include_str!("../tests/heldout51.yaml"),
        include_str!("../tests/heldout52.yaml"),
        include_str!("../tests/heldout53.yaml"),
        include_str!("../tests/heldout54.yaml"),
        include_str!("../tests/heldout55.yaml"),
        include_str!("../tests/heldout56.yaml"),
        include_str!("../tests/heldout57.yaml"),
        include_str!("../tests/heldout58.yaml"),
        include_str!("../tests/heldout59.yaml"),
        include_str!("../tests/heldout60.yaml"),
        include_str!("../tests/heldout61.yaml"),
        include_str!("../tests/heldout62.yaml"),
        include_str!("../tests/heldout63.yaml"),
        include_str!("../tests/heldout64.yaml"),
        include_str!("../tests/heldout65.yaml"),
        include_str!("../tests/heldout66.yaml"),
        include_str!("../tests/heldout67.yaml"),
        include_str!("../tests/heldout68.yaml"),
        include_str!("../tests/heldout69.yaml"),
        include_str!("../tests/heldout70.yaml"),
        include_str!("../tests/heldout71.yaml"),
        include_str!("../tests/heldout72.yaml"),
        include_str!("../tests/heldout73.yaml"),
    ];
    let prompts: Vec<String> = files.iter().flat_map(|text| prompts_of(text)).collect();
    // A process's first plan also builds the tables every plan reads: the
    // lexicon, the blueprint's schema validator and the plural rules.
    let t = Instant::now();
    keel_architect::prepare();
    let tables_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let _ = keel_architect::wordclass::class_of("arrives");
    let classes_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "one-time set-up: tables {tables_ms:.2} ms (built side by side), word classes {classes_ms:.2} ms"
    );
    let start = Instant::now();
    let _ = std::hint::black_box(keel_architect::plan_offline(&prompts[0]));
    let first = start.elapsed().as_secs_f64() * 1000.0;
    // Warm up the lexicon and caches.
    for p in &prompts {
        let _ = keel_architect::plan_offline(p);
    }
    let rounds = 20;
    let mut per: Vec<f64> = Vec::new();
    for p in &prompts {
        let start = Instant::now();
        for _ in 0..rounds {
            let _ = std::hint::black_box(keel_architect::plan_offline(std::hint::black_box(p)));
        }
        per.push(start.elapsed().as_secs_f64() * 1000.0 / rounds as f64);
    }
    per.sort_by(|a, b| a.total_cmp(b));
    let mean = per.iter().sum::<f64>() / per.len() as f64;
    let p50 = per[per.len() / 2];
    let max = per[per.len() - 1];
    println!(
        "offline architect: {} descriptions, mean {mean:.2} ms, median {p50:.2} ms, max {max:.2} ms per description; first plan after the set-up {first:.2} ms",
        per.len()
    );

    // Descriptions near the input limit in the shapes that once made some
    // step quadratic (a line of one word repeated: one run-on phrase).
    let limit = 19_000;
    let shapes = [
        (
            "one word per line",
            format!("A club app.\n{}", "x\n".repeat(limit / 2)),
        ),
        (
            "one long phrase",
            format!("A club app. Members {}.", "x ".repeat(limit / 2 - 20)),
        ),
        (
            "a table list over lines",
            format!(
                "Tables we need: {}",
                (0..1500)
                    .map(|i| format!("t{i} (a, b)"))
                    .collect::<Vec<_>>()
                    .join(",\n")
            ),
        ),
    ];
    for (shape, text) in shapes {
        let text: String = text.chars().take(limit).collect();
        let start = Instant::now();
        let _ = std::hint::black_box(keel_architect::plan_offline(&text));
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        println!(
            "long input, {shape} ({} characters): {ms:.1} ms",
            text.len()
        );
    }
}

/// The `prompt: >` blocks of a corpus file.
fn prompts_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.trim_start().starts_with("prompt:") {
            if let Some(p) = current.take() {
                out.push(p);
            }
            current = Some(String::new());
            continue;
        }
        if let Some(p) = current.as_mut() {
            if line.starts_with("    ") {
                p.push_str(line.trim());
                p.push(' ');
            } else {
                out.push(current.take().unwrap_or_default());
            }
        }
    }
    out.extend(current);
    out
}
