//! The `gen` binary: parses the command line, calls the library, prints the report or every
//! error once, and chooses the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use gensite::{BuildOptions, BuildReport, Error};

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Build(args) => {
            let options = BuildOptions {
                root: args.root.clone(),
                output: args.output.clone(),
                base_url: args.base_url.clone(),
                drafts: args.drafts,
            };
            match gensite::build(&options) {
                Ok(report) => {
                    print_report(&report, args.timings);
                    ExitCode::SUCCESS
                }
                Err(err) => fail(&err),
            }
        }
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
    }
}
