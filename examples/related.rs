//! Related articles at scale: the former ranking (a bitset per term, quadratic) against the
//! index of shared combinations (`gensite::model::related::rank`), on the terms of synthetic
//! articles shaped like the benchmark corpus (`examples/corpus.rs`): 1–4 of 60 tags, 0–3 of the
//! 11 pôles and one of 40 authors each (authors are never counted), 5 related articles each.
//! Both are timed (median of a few runs) and their lists compared.
//!
//! cargo run --release --example related -- [SIZE…] [--runs N] [--limit N] [--new-only]
//!
//! Sizes default to 10,000, 50,000 and 200,000 articles.

use std::time::{Duration, Instant};

use gensite::model::{TermId, related};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TAGS: usize = 0;
const POLES: usize = 1;
const AUTHORS: usize = 2;

/// xorshift64*: small, fast, reproducible.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }

    /// `count` draws below `len`, sorted, without repeats (as the corpus picks them).
    fn some(&mut self, count: usize, len: usize) -> Vec<usize> {
        let mut drawn: Vec<usize> = (0..count).map(|_| self.below(len)).collect();
        drawn.sort_unstable();
        drawn.dedup();
        drawn
    }
}

/// Each article's terms, newest first: tags, then pôles, then its author.
fn articles(n: usize) -> Vec<Vec<TermId>> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let term = |taxonomy, term| TermId { taxonomy, term };
    (0..n)
        .map(|_| {
            let tags = 1 + rng.below(4);
            let mut terms: Vec<TermId> = rng
                .some(tags, 60)
                .into_iter()
                .map(|t| term(TAGS, t))
                .collect();
            let poles = rng.below(4);
            terms.extend(rng.some(poles, 11).into_iter().map(|t| term(POLES, t)));
            terms.push(term(AUTHORS, rng.below(40)));
            terms
        })
        .collect()
}

/// The median time of `runs` runs of `f`, and its last result.
fn time<R>(runs: usize, f: impl Fn() -> R) -> (Duration, R) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        last = Some(f());
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], last.expect("one run at least"))
}

fn main() {
    let mut sizes = Vec::new();
    let mut runs = 5;
    let mut limit = 5;
    let mut old = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |what: &str| -> usize {
            let value = args.next().unwrap_or_default().replace('_', "");
            value.parse().unwrap_or_else(|_| {
                eprintln!("{what} takes a number");
                std::process::exit(2)
            })
        };
        match arg.as_str() {
            "--runs" => runs = number("--runs"),
            "--limit" => limit = number("--limit"),
            "--new-only" => old = false,
            size => match size.replace('_', "").parse() {
                Ok(size) => sizes.push(size),
                Err(_) => {
                    eprintln!(
                        "usage: related [SIZE…] [--runs N] [--limit N] [--new-only] (unknown {size:?})"
                    );
                    std::process::exit(2)
                }
            },
        }
    }
    if sizes.is_empty() {
        sizes = vec![10_000, 50_000, 200_000];
    }
    println!(
        "{} threads, limit {limit}, median of {runs} runs",
        rayon::current_num_threads()
    );
    println!(
        "{:>9}  {:>11}  {:>11}  {:>8}",
        "articles", "bitsets", "index", "speedup"
    );
    for n in sizes {
        let terms = articles(n);
        let (new, lists) = time(runs, || related::rank(&terms, 3, AUTHORS, limit));
        let found = lists.iter().filter(|l| !l.is_empty()).count();
        if old {
            let (old, reference) =
                time(runs, || related::rank_by_bitsets(&terms, 3, AUTHORS, limit));
            assert!(lists == reference, "{n} articles: the lists differ");
            println!(
                "{n:>9}  {:>9.3} s  {:>9.3} s  {:>7.1}×   ({found} articles with related ones, same lists)",
                old.as_secs_f64(),
                new.as_secs_f64(),
                old.as_secs_f64() / new.as_secs_f64()
            );
        } else {
            println!(
                "{n:>9}  {:>11}  {:>9.3} s  {:>8}   ({found} articles with related ones)",
                "-",
                new.as_secs_f64(),
                "-"
            );
        }
    }
}
