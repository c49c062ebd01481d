#!/usr/bin/env python3
"""Live-reload latency of `gen serve --watch`: on a synthetic corpus, from saving one article's
body to the `reload` event reaching a connected page.

    scripts/bench_reload.py [--articles 10000] [--edits 21] [--corpus DIR] [--words 1000-1800]

Prints every latency and their median. Each edit rewrites a different article's body (changing
one sentence), the way an editor saves; the clock starts when the write returns.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=21)
    parser.add_argument("--corpus", default=None, help="default: /dev/shm/gen-bench/reload-N")
    parser.add_argument("--words", default="1000-1800",
                        help="words per article, as examples/corpus.rs takes them (about 10 KB of Markdown)")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--bin", "gen", "--example", "corpus"], cwd=REPO, check=True)
    gen = os.path.join(REPO, "target", "release", "gen")
    corpus = args.corpus or f"/dev/shm/gen-bench/reload-{args.articles}"
    subprocess.run([os.path.join(REPO, "target", "release", "examples", "corpus"),
                    "--articles", str(args.articles), "--words", args.words, "--out", corpus], check=True)
    # A first build fills the highlight cache, as on an editor's machine.
    subprocess.run([gen, "build", "--root", corpus, "--output", os.path.join(corpus, "public")],
                   check=True, stdout=subprocess.DEVNULL)

    started = time.perf_counter()
    server = subprocess.Popen([gen, "serve", "--watch", "--port", "0", "--root", corpus],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = None
    for line in server.stdout:
        if "http://127.0.0.1:" in line:
            port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
            break
    if port is None:
        sys.exit("gen serve did not start:\n" + server.stderr.read())
    print(f"server ready after {time.perf_counter() - started:.2f} s (first build of {args.articles} articles)")

    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /__gen/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
    stream = sock.makefile("rb")

    def next_event():
        name = None
        while True:
            line = stream.readline().decode().rstrip("\r\n")
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line == "" and name:
                return name

    assert next_event() == "hello"
    latencies = []
    articles = sorted(os.listdir(os.path.join(corpus, "content", "articles")))
    for i in range(args.edits):
        path = os.path.join(corpus, "content", "articles", articles[(i * 7919) % len(articles)])
        with open(path, encoding="utf-8") as f:
            text = f.read()
        head, sep, body = text.partition("\n---\n")
        edited = head + sep + f"Paragraphe ajouté lors de la mesure {i}.\n\n" + body
        time.sleep(0.3)  # let the previous rebuild settle, as between two saves
        with open(path, "w", encoding="utf-8") as f:
            f.write(edited)
        t0 = time.perf_counter()
        while next_event() != "reload":
            pass
        latencies.append((time.perf_counter() - t0) * 1000)
    server.terminate()
    out, _ = server.communicate()
    rebuilds = [line for line in out.splitlines() if line.startswith("Rebuilt in")]
    print("server: " + "; ".join(rebuilds[-5:]))
    print("latencies (ms): " + ", ".join(f"{x:.0f}" for x in latencies))
    print(f"median save-to-reload latency: {statistics.median(latencies):.0f} ms over {len(latencies)} edits "
          f"({args.articles} articles; includes the watcher's 25 ms debounce)")


if __name__ == "__main__":
    main()
