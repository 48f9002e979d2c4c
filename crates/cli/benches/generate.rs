//! How long keel takes to check a blueprint and generate a system from it.
//! Run with `cargo bench -p keel-cli --bench generate` (or bench/run.sh).

use criterion::{Criterion, criterion_group, criterion_main};
use keel_blueprint::SourceFile;
use keel_generate::events::Quiet;

fn bench(c: &mut Criterion) {
    for n in [30, 100] {
        let text = keel_cli::fixtures::blueprint_with_entities(n);
        let source = SourceFile::new("scale.yaml", text);
        let blueprint = keel_blueprint::check(&source)
            .expect("the fixture is valid")
            .blueprint;
        c.bench_function(&format!("check {n} entities"), |b| {
            b.iter(|| keel_blueprint::check(&source).unwrap())
        });
        c.bench_function(&format!("generate {n} entities"), |b| {
            b.iter(|| keel_cli::pipeline::generate(&blueprint, &Quiet).unwrap())
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
