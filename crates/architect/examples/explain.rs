//! Shows how the offline architect reads a description: tagged words,
//! mentions, verb uses and the summary. `cargo run -p keel-architect
//! --example explain -- "A recipe sharing app. ..."`

fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let lex = keel_architect::lexicon::get();
    let analysed = keel_architect::text::analyse_with_columns(&text, lex);
    let sentences = analysed.sentences;
    for s in &sentences {
        let line: Vec<String> = s
            .iter()
            .map(|w| {
                let owner = if w.possessive { "'s" } else { "" };
                format!("{}{owner}/{:?}", w.text, w.tag)
            })
            .collect();
        println!("{}", line.join(" "));
    }
    let parsed = keel_architect::parse::parse(sentences);
    if std::env::var_os("SHOW_FOUND").is_some() {
        let found = keel_architect::extract::extract(&parsed, lex, &analysed.columns, &text);
        for e in found.entities.values() {
            println!(
                "found {} key={} kind={:?} mentions={} fields={} creators={} known={} synthesized={} first={:?}",
                e.name,
                e.key,
                e.kind,
                e.mentions,
                e.fields.len(),
                e.creators.len(),
                lex.nouns.contains_key(&e.key),
                e.synthesized.is_some(),
                e.first
            );
        }
    }
    for (i, m) in parsed.mentions.iter().enumerate() {
        let words: Vec<&str> = m.words.iter().map(|w| w.text.as_str()).collect();
        println!(
            "m{i} [{}] {:?} list={} at=({}, {})",
            words.join(" "),
            m.ctx,
            m.list,
            m.sentence,
            m.pos
        );
    }
    for (i, v) in parsed.verbs.iter().enumerate() {
        println!(
            "v{i} {} subj={:?} objs={:?} preps={:?} pron={} particle={:?}",
            v.lemma, v.subject, v.objects, v.preps, v.pronoun_object, v.particle
        );
    }
    match keel_architect::plan_offline(&text) {
        Ok(plan) => {
            println!(
                "{}",
                serde_json::to_string(&plan.summary).unwrap_or_default()
            );
            if std::env::var_os("SHOW_YAML").is_some() {
                println!("{}", plan.yaml);
            }
        }
        Err(e) => println!("error: {e}"),
    }
}
