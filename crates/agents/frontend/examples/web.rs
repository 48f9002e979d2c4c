//! Writes `web/` for a blueprint whose contracts already exist:
//! `cargo run -p keel-agent-frontend --example web -- APP_DIR`
//! (reads `APP_DIR/keel.yaml` and `APP_DIR/api/*.yaml`).

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: web APP_DIR"));
    let text = std::fs::read_to_string(dir.join("keel.yaml")).expect("keel.yaml");
    let blueprint = keel_blueprint::check(&keel_blueprint::SourceFile::new("keel.yaml", text))
        .unwrap_or_else(|_| panic!("invalid blueprint"))
        .blueprint;
    let mut files = keel_generate::FileSet::new();
    for entry in std::fs::read_dir(dir.join("api")).expect("api/") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files
            .add(format!("api/{name}"), std::fs::read_to_string(&path).unwrap())
            .unwrap();
    }
    let web = keel_agent_frontend::generate(&blueprint, &files).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(1)
    });
    for (path, file) in web.iter() {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, &file.contents).unwrap();
    }
    eprintln!("wrote {} files", web.len());
}
