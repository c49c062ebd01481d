//! `gen build` of one site with the system allocator, for heap profilers that follow `malloc`
//! (gen itself uses mimalloc, which they do not see):
//!
//! cargo build --release --example build_once
//! heaptrack target/release/examples/build_once DIR

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut options = gensite::BuildOptions::new(&root);
    options.free_memory = false;
    match gensite::build(&options) {
        Ok(report) => eprintln!("{} files", report.files),
        Err(err) => {
            eprintln!("{}", err.render(gensite::messages::Lang::En));
            std::process::exit(1);
        }
    }
}
