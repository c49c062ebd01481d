#!/usr/bin/env python3
"""Load and durability of `gen comments serve`, on loopback, with its SQLite database on disk
or a PostgreSQL database.

    scripts/bench_comments.py [--clients 100] [--seconds 30] [--articles 1000] [--gen PATH]
                              [--postgres postgres://USER@HOST:PORT]

With --postgres, a new database is created on that server (USER may create databases) and
the service runs on it; the stored texts are read back with psql.

1. Load: CLIENTS threads post comments for SECONDS seconds, each post from its own client
   address (the service runs with --behind-proxy and every request carries its own
   X-Forwarded-For, as a proxy would send), spread over ARTICLES articles. Prints throughput,
   p50/p99 latency and every status seen: 303 (stored), 429 (a limit, intended); anything
   else is an error.
2. Kill: the same load again, the service killed with SIGKILL half-way and started again on the
   same database; every post acknowledged with 303 before the kill must be in the database.
3. Logs: nothing the service printed may hold a commenter's email or its export token.

Needs a release build of gen (built first unless --gen is given). Not a test: no time is
asserted; the durability check fails the script if an acknowledged comment is missing.
"""

import argparse
import http.client
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_site(root, articles):
    shutil.copytree(os.path.join(REPO, "tests", "fixtures", "comment-form"), root)
    shutil.copytree(os.path.join(REPO, "themes", "default"), os.path.join(root, "themes", "default"))
    yesterday = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 86400))
    folder = os.path.join(root, "content", "articles")
    for i in range(articles):
        with open(os.path.join(folder, f"charge-{i:05}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: Article de charge {i}\ndate: {yesterday}\nauthor: Anne Exemple\n---\n"
                    "Un article qui reçoit des commentaires pendant la mesure.\n")


TOKEN = "jeton-de-mesure-" + os.urandom(8).hex()
LOG = []


def start(gen, root, database):
    env = dict(os.environ, GEN_COMMENTS_TOKEN=TOKEN)
    proc = subprocess.Popen([gen, "comments", "serve", "--port", "0", "--behind-proxy",
                             "--database", database], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    LOG.append(line)
    port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
    threading.Thread(target=lambda: LOG.append(proc.stdout.read()), daemon=True).start()
    threading.Thread(target=lambda: LOG.append(proc.stderr.read()), daemon=True).start()
    return proc, port


class Load:
    def __init__(self, port, articles):
        self.port = port
        self.articles = articles
        self.lock = threading.Lock()
        self.statuses = {}
        self.latencies = []
        self.acknowledged = []
        self.stop = False

    def post(self, n, worker):
        text = f"Commentaire de charge {worker}-{n}-{random.getrandbits(48):x}"
        body = urllib.parse.urlencode({
            "article": f"articles/charge-{random.randrange(self.articles):05}/",
            "name": f"Lecteur {worker}", "email": f"lecteur{worker}@example.org",
            "text": text, "website": ""})
        address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn.request("POST", "/commentaires", body, {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": "https://example.org", "X-Forwarded-For": address})
            status = conn.getresponse().status
            conn.close()
        except OSError:
            status = "connection error"
        elapsed = time.perf_counter() - started
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 303:
                self.latencies.append(elapsed)
                self.acknowledged.append(text)

    def worker(self, worker):
        n = 0
        while not self.stop:
            self.post(n, worker)
            n += 1

    def run(self, clients, seconds, during=None):
        threads = [threading.Thread(target=self.worker, args=(w,)) for w in range(clients)]
        for t in threads:
            t.start()
        if during:
            during()
        time.sleep(seconds)
        self.stop = True
        for t in threads:
            t.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--gen", default=None)
    parser.add_argument("--postgres", default=None, metavar="URL")
    args = parser.parse_args()
    gen = args.gen and os.path.abspath(args.gen)
    if gen is None:
        subprocess.run(["cargo", "build", "--release", "--bin", "gen"], cwd=REPO, check=True)
        gen = os.path.join(REPO, "target", "release", "gen")
    work = tempfile.mkdtemp(prefix="gen-bench-comments-", dir=os.path.join(REPO, "target"))
    root = os.path.join(work, "site")
    make_site(root, args.articles)
    if args.postgres:
        server = args.postgres.rstrip("/")
        name = "gen_bench_" + os.urandom(6).hex()
        subprocess.run(["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
        database = f"{server}/{name}"
        print(f"machine: {os.cpu_count()} cores; PostgreSQL database {name} on {server}")

        def stored_texts():
            out = subprocess.run(["psql", database, "-Atc", "SELECT text FROM comments"],
                                 check=True, capture_output=True, text=True).stdout
            return set(out.splitlines())
    else:
        path = os.path.join(work, "commentaires.sqlite3")
        database = f"sqlite:{path}"
        print(f"machine: {os.cpu_count()} cores; database on disk at {path}")

        def stored_texts():
            return {row[0] for row in sqlite3.connect(path).execute("SELECT text FROM comments")}

    proc, port = start(gen, root, database)
    load = Load(port, args.articles)
    started = time.perf_counter()
    load.run(args.clients, args.seconds)
    wall = time.perf_counter() - started
    proc.terminate()
    proc.wait()
    ok = load.statuses.get(303, 0)
    lat = sorted(load.latencies)
    errors = {k: v for k, v in load.statuses.items() if k not in (303, 429)}
    print(f"load: {args.clients} clients, {wall:.1f} s: {ok} comments stored, {ok / wall:.0f}/s; "
          f"p50 {1000 * statistics.median(lat):.1f} ms, p99 {1000 * lat[int(len(lat) * 0.99) - 1]:.1f} ms; "
          f"statuses {dict(sorted(load.statuses.items(), key=str))}")

    proc, port = start(gen, root, database)
    load = Load(port, args.articles)
    kill_after = min(5.0, args.seconds / 2)

    def kill_later():
        def kill():
            time.sleep(kill_after)
            proc.kill()
            proc.wait()
        threading.Thread(target=kill, daemon=True).start()

    load.run(args.clients, kill_after + 1.0, during=kill_later)
    acknowledged = set(load.acknowledged)
    proc, _ = start(gen, root, database)
    proc.terminate()
    proc.wait()
    stored = stored_texts()
    lost = acknowledged - stored
    print(f"kill: service killed with SIGKILL after {kill_after:.0f} s of load; {len(acknowledged)} "
          f"posts acknowledged before the kill, {len(lost)} missing after restart; statuses "
          f"{dict(sorted(load.statuses.items(), key=str))}")
    shutil.rmtree(work, ignore_errors=True)
    time.sleep(0.5)
    log = "".join(part for part in LOG if part)
    leaks = [what for what in ("@example.org", TOKEN) if what in log]
    print(f"log: {len(log)} bytes written by the service, {'leaks ' + str(leaks) if leaks else 'no email and no token in it'}")
    if errors:
        print(f"errors under load: {errors}")
    if lost or leaks:
        print("FAIL: acknowledged comments were lost" if lost else "FAIL: the service's output leaks")
        sys.exit(1)


if __name__ == "__main__":
    main()
