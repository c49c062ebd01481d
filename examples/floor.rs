//! The floor of a build: walk a corpus's articles, parse every body with pulldown-cmark and write
//! one HTML file each, in parallel. No templates, no taxonomies, no lists. `gen build` is
//! measured against this.
//!
//! cargo run --release --example floor -- CORPUS_DIR OUT_DIR

use std::path::PathBuf;

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args_os().skip(1);
    let (Some(corpus), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: floor CORPUS_DIR OUT_DIR");
        std::process::exit(2);
    };
    let corpus = PathBuf::from(corpus).join("content/articles");
    let out = PathBuf::from(out);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&corpus)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).unwrap();
        let body = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .map_or(text.as_str(), |(_, body)| body);
        let mut html = String::with_capacity(body.len() * 2);
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
        let name = path.file_stem().unwrap().to_string_lossy();
        std::fs::write(out.join(format!("{name}.html")), html).unwrap();
    });
}
