//! The `gen` binary: parses the command line, calls the library, prints the report or every
//! error once, and chooses the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use gensite::{BuildOptions, BuildReport, Error};

/// mimalloc: rendering allocates many small strings and values on several threads at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Build(args) => {
            let mut options = BuildOptions::new(&args.root);
            options.output = args.output.clone();
            options.base_url = args.base_url.clone();
            options.drafts = args.drafts;
            match gensite::build(&options) {
                Ok(report) => {
                    print_report(&report, args.timings);
                    ExitCode::SUCCESS
                }
                Err(err) => fail(&err),
            }
        }
        cli::Command::Serve(args) => serve(args),
    }
}

fn serve(args: cli::ServeArgs) -> ExitCode {
    let mut build = BuildOptions::new(&args.root);
    build.drafts = args.drafts;
    let options = gensite::serve::ServeOptions {
        build,
        bind: args.bind,
        port: args.port,
        watch: args.watch,
    };
    let open = args.open;
    let watch = args.watch;
    let reporter = move |report: gensite::serve::Report| match report {
        gensite::serve::Report::Listening { url, moved_from } => {
            if let Some(port) = moved_from {
                println!("Port {port} is taken; using the next free one.");
            }
            println!(
                "Serving the preview at {url}{}",
                if watch { " (watching for changes)" } else { "" }
            );
            println!("Press Ctrl-C to stop.");
            if open && let Err(e) = opener::open(&url) {
                eprintln!("cannot open a browser: {e}");
            }
        }
        gensite::serve::Report::Built(rebuilt) => {
            for warning in &rebuilt.warnings {
                eprintln!("{warning}");
            }
            println!(
                "Rebuilt in {} ms: {} file{} written, {} removed",
                rebuilt.took.as_millis(),
                rebuilt.written.len(),
                if rebuilt.written.len() == 1 { "" } else { "s" },
                rebuilt.removed.len()
            );
        }
        gensite::serve::Report::Failed(diagnostics) => {
            for d in &diagnostics {
                eprintln!("{d}");
            }
            eprintln!("The site does not build; the preview keeps the last good version.");
        }
        gensite::serve::Report::Trouble(message) => eprintln!("{message}"),
    };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match gensite::serve::serve(options, reporter, shutdown) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&err),
    }
}

fn fail(err: &Error) -> ExitCode {
    eprintln!("{err}");
    match err {
        Error::Usage(_) => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    }
}

fn print_report(report: &BuildReport, timings: bool) {
    for warning in &report.warnings {
        eprintln!("{warning}");
    }
    let t = &report.timings;
    println!(
        "Built {} articles: {} pages, {} terms, {} feeds, {} files ({:.1} MB) in {} ms -> {}",
        report.articles,
        report.pages,
        report.terms,
        report.feeds,
        report.files,
        report.bytes as f64 / 1_000_000.0,
        t.total.as_millis(),
        report.output.display(),
    );
    if timings {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        println!(
            "  load {:.0} ms, parse {:.0} ms, model {:.0} ms, render+write pages {:.0} ms, copy+swap {:.0} ms",
            ms(t.load),
            ms(t.parse),
            ms(t.model),
            ms(t.render),
            ms(t.write),
        );
        for job in &t.jobs {
            println!(
                "  {:<8} {:>6} files: render {:.0} ms, write {:.0} ms (CPU, all threads)",
                job.kind,
                job.pages,
                ms(job.render),
                ms(job.write)
            );
        }
        let h = &t.highlight;
        println!(
            "  highlight: {} code blocks, {} highlighted by syntect ({} from the cache), {:.0} ms CPU",
            h.blocks,
            h.highlighted,
            h.blocks - h.highlighted,
            ms(h.cpu),
        );
    }
}
