#!/usr/bin/env python3
"""`gen deploy` against `hugo deploy` on the same built site and the same targets.

    scripts/bench_deploy.py [--articles 10000] [--runs 3] [--out DIR] [--gen PATH] [--moto VENV]

Makes the corpus with `cargo run --release --example corpus`, builds it with gen, then, RUNS
times, for each tool in turn: a first deploy to an empty target, a deploy with nothing changed,
and a deploy after one article's text was edited and the site rebuilt. Both tools deploy the
same folder (Hugo's `publishDir` points at gen's output: `hugo deploy` only syncs it), to
`file://` and, when moto's S3 server is available (`--moto`, a venv with `moto[server]` as
`scripts/test` installs it into `.tools/moto`), to a bucket on loopback. Prints medians of wall
time. Needs `hugo` on the PATH for its lines. Not a test: nothing is asserted.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(command, cwd=None, env=None):
    """Wall seconds of one command, which must succeed."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return wall


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """moto's S3 server on a free loopback port, with dummy keys."""

    def __init__(self, venv):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [os.path.join(venv, "bin", "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.python = os.path.join(venv, "bin", "python")
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        self.env = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench-secret",
                        AWS_REGION="us-east-1", AWS_ENDPOINT_URL=f"http://127.0.0.1:{self.port}")

    def bucket(self, name):
        code = ("import boto3,sys; boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1',"
                " aws_access_key_id='bench', aws_secret_access_key='bench-secret')"
                ".create_bucket(Bucket=sys.argv[2])")
        subprocess.run([self.python, "-c", code, self.env["AWS_ENDPOINT_URL"], name], check=True)

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="/dev/shm/gen-bench-deploy")
    parser.add_argument("--gen", default=None)
    parser.add_argument("--moto", default=os.path.join(REPO, ".tools", "moto"))
    args = parser.parse_args()
    gen = args.gen and os.path.abspath(args.gen)
    if gen is None:
        subprocess.run(["cargo", "build", "--release", "--bin", "gen"], cwd=REPO, check=True)
        gen = os.path.join(REPO, "target", "release", "gen")
    shutil.rmtree(args.out, ignore_errors=True)
    site = os.path.join(args.out, "site")
    subprocess.run(["cargo", "run", "--release", "--example", "corpus", "--", "--articles",
                    str(args.articles), "--out", site], cwd=REPO, check=True, stderr=subprocess.DEVNULL)
    public = os.path.join(site, "public")
    timed([gen, "build", "--root", site])
    files = sum(len(fs) for _, _, fs in os.walk(public))
    hugo = shutil.which("hugo")
    hugo_site = os.path.join(args.out, "hugo")
    moto = Moto(args.moto) if os.path.exists(os.path.join(args.moto, "bin", "moto_server")) else None

    def hugo_config(url):
        os.makedirs(hugo_site, exist_ok=True)
        with open(os.path.join(hugo_site, "hugo.toml"), "w") as f:
            f.write(f'baseURL = "https://example.org/"\npublishDir = "{public}"\n'
                    f'[deployment]\n[[deployment.targets]]\nname = "t"\nURL = "{url}"\n')

    article = sorted(os.listdir(os.path.join(site, "content", "articles")))[0]
    edited = os.path.join(site, "content", "articles", article)
    original = open(edited, encoding="utf-8").read()

    results = {}
    for run in range(args.runs):
        targets = [("file", None)] + ([("s3", moto)] if moto else [])
        for kind, server in targets:
            for tool in ["gen", "hugo"] if hugo else ["gen"]:
                with open(edited, "w", encoding="utf-8") as f:
                    f.write(original)
                timed([gen, "build", "--root", site])
                name = f"{tool}-{kind}-{run}"
                env = dict(os.environ)
                if kind == "file":
                    folder = os.path.join(args.out, "targets", name)
                    os.makedirs(folder)
                    url = f"file://{folder}"
                else:
                    server.bucket(name)
                    env = server.env
                    url = f"s3://{name}/" if tool == "gen" else (
                        f"s3://{name}?region=us-east-1&endpoint={server.env['AWS_ENDPOINT_URL']}"
                        "&s3ForcePathStyle=true&disableSSL=true")
                if tool == "gen":
                    deploy = [gen, "deploy", "--root", site, "--target", url]
                else:
                    hugo_config(url)
                    deploy = [hugo, "deploy", "--source", hugo_site, "--target", "t"]
                first = timed(deploy, env=env)
                same = timed(deploy, env=env)
                with open(edited, "w", encoding="utf-8") as f:
                    f.write(original.replace("\n\n", "\n\nUne phrase ajoutée pour le test.\n\n", 1))
                timed([gen, "build", "--root", site])
                one = timed(deploy, env=env)
                for step, wall in [("first", first), ("unchanged", same), ("one edit", one)]:
                    results.setdefault((kind, tool, step), []).append(wall)
    with open(edited, "w", encoding="utf-8") as f:
        f.write(original)
    if moto:
        moto.stop()
    print(f"machine: {os.cpu_count()} cores; {args.articles} articles, {files} files; "
          f"medians of {args.runs} runs")
    print("| target | tool | first deploy | nothing changed | one article edited |")
    print("| --- | --- | ---: | ---: | ---: |")
    for kind in ["file", "s3"]:
        for tool in ["gen", "hugo"]:
            row = [results.get((kind, tool, s)) for s in ["first", "unchanged", "one edit"]]
            if all(row):
                cells = " | ".join(f"{statistics.median(r):.2f} s" for r in row)
                print(f"| {kind} | {tool} | {cells} |")


if __name__ == "__main__":
    main()
