#!/usr/bin/env python3
"""The photo desk against Hugo's image processing: the same photos, the same widths
(480, 960, 1440, 2400, never enlarged) in the original format and in WebP, quality 82.

    scripts/bench_photos.py [--photos 50] [--runs 3] [--out DIR] [--gen PATH]

Makes the corpus with `cargo run --release --example photos` (a gen site and a Hugo site
holding the same files), then alternates gen and Hugo: cold (gen's `.gen-cache/` and Hugo's
`resources/` removed, as on a fresh CI runner) and warm (caches kept), RUNS times each.
Prints medians of wall time and of peak memory (the process's maximum resident set). gen also
makes the sharing crop of each lead photo, which Hugo's template does not: gen does more work.
Needs `hugo` (extended, for WebP) on the PATH. Not a test: nothing is asserted.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(command, cwd=None):
    """Wall seconds and peak resident memory (MiB) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace")
    if status != 0:
        sys.exit(f"{' '.join(command)} failed:\n{err}")
    return wall, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="/dev/shm/gen-bench-photos")
    parser.add_argument("--gen", default=None)
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        sys.exit("hugo is not installed (Debian: apt-get install hugo)")
    gen = args.gen and os.path.abspath(args.gen)
    if gen is None:
        subprocess.run(["cargo", "build", "--release", "--bin", "gen"], cwd=REPO, check=True)
        gen = os.path.join(REPO, "target", "release", "gen")
    subprocess.run(["cargo", "run", "--release", "--example", "photos", "--", "--photos",
                    str(args.photos), "--out", args.out], cwd=REPO, check=True,
                   stderr=subprocess.DEVNULL)
    gen_site = os.path.join(args.out, "gen")
    hugo_site = os.path.join(args.out, "hugo")
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(gen_site)
                for f in fs if f.startswith("photo."))
    print(f"machine: {os.cpu_count()} cores; {args.photos} photos, {total / 2**20:.0f} MiB; "
          f"{subprocess.run(['hugo', 'version'], capture_output=True, text=True).stdout.strip()}")

    def gen_build(cold):
        if cold:
            shutil.rmtree(os.path.join(gen_site, ".gen-cache"), ignore_errors=True)
        return run([gen, "build", "--root", gen_site])

    def hugo_build(cold):
        if cold:
            shutil.rmtree(os.path.join(hugo_site, "resources"), ignore_errors=True)
            shutil.rmtree(os.path.join(hugo_site, "public"), ignore_errors=True)
        return run(["hugo", "--source", hugo_site, "--quiet", "--cacheDir",
                    os.path.join(args.out, "hugo-cache")])

    results = {}
    for kind, runs in (("cold", args.runs), ("warm", args.runs + 2)):
        gen_build(False)  # a first build, so that warm runs find their cache
        hugo_build(False)
        for _ in range(runs):
            for name, build in (("gen", gen_build), ("hugo", hugo_build)):
                results.setdefault((name, kind), []).append(build(kind == "cold"))
    for kind in ("cold", "warm"):
        line = []
        for name in ("gen", "hugo"):
            walls = [w for w, _ in results[(name, kind)]]
            peaks = [m for _, m in results[(name, kind)]]
            line.append(f"{name} {statistics.median(walls):.2f} s (min {min(walls):.2f}), "
                        f"{statistics.median(peaks):.0f} MiB")
        g = statistics.median(w for w, _ in results[("gen", kind)])
        h = statistics.median(w for w, _ in results[("hugo", kind)])
        print(f"{kind}: " + "; ".join(line) + f"; Hugo / gen = {h / g:.1f}×")


if __name__ == "__main__":
    main()
