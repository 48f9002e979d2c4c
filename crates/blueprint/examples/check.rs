fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let src = keel_blueprint::SourceFile::new(path, text);
    match keel_blueprint::check(&src) {
        Ok(c) => {
            for w in &c.warnings {
                println!("{}", keel_blueprint::LocatedDiagnostic::new(&src, w));
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&c.blueprint).unwrap().len()
            );
            print!("{}", keel_blueprint::to_yaml(&c.document));
        }
        Err(ds) => {
            for d in &ds {
                println!("{}", keel_blueprint::LocatedDiagnostic::new(&src, d));
            }
        }
    }
}
