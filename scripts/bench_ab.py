#!/usr/bin/env python3
"""Two gen binaries side by side on the same corpus: builds alternate between them, so that a
noisy machine slows both alike, and the medians of wall and CPU time are compared.

Each binary builds its own copy of the corpus (caches and records are keyed by the binary, so
they cannot share one). Modes:

- one: a sentence appended to the newest article before each build (the output and every
  cache kept): the build an editor's save or a publication run does;
- warm: everything in `.gen-cache/` but the highlight cache removed before each build: every
  source read and every page rendered;
- none: nothing edited, nothing removed.

Example, the binary of the last commit against the working tree's:

    git stash && cargo build --release && cp target/release/gen /tmp/gen-before && git stash pop
    cargo build --release
    cargo run --release --example corpus -- --articles 10000 --out /dev/shm/corpus
    python3 scripts/bench_ab.py /tmp/gen-before target/release/gen /dev/shm/corpus --runs 15
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time


def build(gen, site):
    """One `gen build` of `site`: (wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([gen, "build", "--root", site, "--output", os.path.join(site, "public")],
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu


def newest_article(site):
    folder = os.path.join(site, "content", "articles")
    return os.path.join(folder, sorted(n for n in os.listdir(folder) if n.endswith(".md"))[-1])


def prepare(mode, site, run):
    if mode == "one":
        with open(newest_article(site), "a", encoding="utf-8") as f:
            f.write(f"\nUne phrase ajoutée pour la mesure {run}.\n")
    elif mode == "warm":
        cache = os.path.join(site, ".gen-cache")
        for name in os.listdir(cache) if os.path.isdir(cache) else []:
            if name != "highlight.bin":
                path = os.path.join(cache, name)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="the gen binary to compare against")
    parser.add_argument("new", help="the gen binary measured")
    parser.add_argument("corpus", help="a site (e.g. made by examples/corpus.rs); it is not modified")
    parser.add_argument("--mode", choices=["one", "warm", "none"], default="one")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--work", default=None, help="where the two copies go (default: beside the corpus)")
    args = parser.parse_args()

    corpus = os.path.abspath(args.corpus.rstrip("/"))
    work = args.work or os.path.dirname(corpus)
    sites = {}
    for label, gen in (("base", args.base), ("new", args.new)):
        site = os.path.join(work, f"{os.path.basename(corpus)}-ab-{label}")
        if os.path.exists(site):
            shutil.rmtree(site)
        shutil.copytree(corpus, site, symlinks=True,
                        ignore=shutil.ignore_patterns(".gen-cache", "public", ".public.gen-*"))
        # Two untimed builds: the output and its spare folder both exist, with their records.
        build(gen, site)
        build(gen, site)
        sites[label] = (gen, site)

    samples = {label: ([], []) for label in sites}
    try:
        for run in range(args.runs):
            for label, (gen, site) in sites.items():
                prepare(args.mode, site, run)
                wall, cpu = build(gen, site)
                samples[label][0].append(wall)
                samples[label][1].append(cpu)
    finally:
        for _, site in sites.values():
            shutil.rmtree(site, ignore_errors=True)

    print(f"mode {args.mode}, {args.runs} runs each, alternating")
    for label, (gen, _) in sites.items():
        walls, cpus = samples[label]
        print(f"{label:4} {gen}: wall median {statistics.median(walls) * 1000:.0f} ms "
              f"(min {min(walls) * 1000:.0f}), CPU median {statistics.median(cpus) * 1000:.0f} ms")
    ratio = statistics.median(samples["new"][0]) / statistics.median(samples["base"][0])
    print(f"new / base, wall medians: {ratio:.3f}")


if __name__ == "__main__":
    sys.exit(main())
