#!/usr/bin/env python3
"""A long-lived note (issue 14; run by scripts/bench-sync.sh, see docs/benchmarks.md).

For each history length H (default 1, 100, 1000) it starts a real `folio-server` (release
build, embedded SQLite) on a loopback port, gives a writer one article and one note of 20
lines, edits the note H - 1 times with the real `folio note edit` (one line changed each time,
synced every 50 edits, as a note used for months would be), and lets a reader sync it all.
Then, several times, it edits the note once more on the writer and measures:

  push   the writer's `folio sync` (its one edit pushed): wall time, bytes on the wire;
  pull   the reader's `folio sync` (the edit pulled and merged into its note): time, bytes;

and, once, the reader's first sync of the whole history (what a new device downloads today).
Target: time and bytes flat, the largest history over the smallest within 2×.

Prints one Markdown table and writes it to OUT_DIR/note-history.md (raw: note-history.json).
"""
import argparse, json, os, shutil, statistics, subprocess, sys, time

from bench_server import start_server

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="folder with release folio and folio-server")
parser.add_argument("--histories", default="1,100,1000")
parser.add_argument("--trials", type=int, default=7)
parser.add_argument("--work", default="bench-data/note-history")
parser.add_argument("--out-dir", default="bench-data/results")
options = parser.parse_args()
folio_binary = os.path.join(options.bin, "folio")


def note(message):
    print(message, file=sys.stderr, flush=True)


def env_for(home):
    env = dict(os.environ, FOLIO_HOME=home)
    env.pop("NO_COLOR", None)
    return env


def folio(home, *arguments, stdin=None):
    result = subprocess.run([folio_binary, *arguments], env=env_for(home), input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench: folio {' '.join(arguments)} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def timed_sync(home):
    """`folio sync --json` in `home`: (seconds, bytes sent + received, the summary)."""
    started = time.perf_counter()
    out = folio(home, "sync", "--json")
    seconds = time.perf_counter() - started
    summary = json.loads(out)
    return seconds, summary["bytesSent"] + summary["bytesReceived"], summary


def body(version):
    """The note's text after `version` edits: 20 lines, the edited one names the version."""
    lines = [f"Line {index}: what the article says about tides and harbours." for index in range(20)]
    if version:
        lines[version % 20] = f"Line {version % 20}: revised in edit {version}."
    return "\n".join(lines)


def bench(history):
    work = os.path.join(options.work, str(history))
    shutil.rmtree(work, ignore_errors=True)
    writer, reader, data = (os.path.join(work, name) for name in ("writer", "reader", "server"))
    for folder in (writer, reader, data):
        os.makedirs(folder)
    server, url, token = start_server(options.bin, data)
    try:
        for home in (writer, reader):
            folio(home, "login", url, "--token", "-", stdin=token + "\n")
        article = json.loads(folio(writer, "add", "-", "--title", "Tides", "--json",
                                   stdin="The harbour empties at low tide."))["article"]["id"]
        note_id = json.loads(folio(writer, "note", "add", article, body(0), "--json"))["id"]
        note(f"== a note with {history} version(s): {history - 1} edits on the writer")
        for version in range(1, history):
            folio(writer, "note", "edit", note_id, "--text", body(version))
            if version % 50 == 0:
                folio(writer, "sync")
        folio(writer, "sync")
        seconds, size, summary = timed_sync(reader)
        first = {"seconds": seconds, "bytes": size, "pulled": summary["pulled"]}
        trials = []
        for trial in range(options.trials):
            version = history + trial
            folio(writer, "note", "edit", note_id, "--text", body(version))
            push_seconds, push_bytes, _ = timed_sync(writer)
            pull_seconds, pull_bytes, summary = timed_sync(reader)
            assert summary["pulled"] == 1, summary
            trials.append({"pushSeconds": push_seconds, "pushBytes": push_bytes,
                           "pullSeconds": pull_seconds, "pullBytes": pull_bytes})
        shown = json.loads(folio(reader, "note", "show", note_id, "--json"))
        text = shown.get("note", shown).get("body")
        assert text == body(history + options.trials - 1), "the reader does not hold the last edit"
    finally:
        server.terminate()
        server.wait()
    figures = {key: statistics.median(trial[key] for trial in trials) for key in trials[0]}
    return {"history": history, "firstSync": first, **figures, "trials": trials}


results = [bench(int(history)) for history in options.histories.split(",")]
os.makedirs(options.out_dir, exist_ok=True)
with open(os.path.join(options.out_dir, "note-history.json"), "w") as file:
    json.dump(results, file, indent=2)

lines = [
    "| versions before | edit + push: time | bytes | pull + merge: time | bytes | a new device's first sync: time | changes | bytes |",
    "|---|---|---|---|---|---|---|---|",
]
for figures in results:
    first = figures["firstSync"]
    lines.append(
        f"| {figures['history']:,} | {figures['pushSeconds'] * 1000:.0f} ms | {figures['pushBytes']:,.0f} B "
        f"| {figures['pullSeconds'] * 1000:.0f} ms | {figures['pullBytes']:,.0f} B "
        f"| {first['seconds'] * 1000:.0f} ms | {first['pulled']:,} | {first['bytes']:,} B |")
lines.append("")
for key, name in (("pushSeconds", "push time"), ("pushBytes", "push bytes"), ("pullSeconds", "pull time"),
                  ("pullBytes", "pull bytes")):
    values = [figures[key] for figures in results]
    lines.append(f"- {name}, largest over smallest history: {max(values) / min(values):.2f}× (target: within 2×)")
report = "\n".join(lines)
print(report)
with open(os.path.join(options.out_dir, "note-history.md"), "w") as file:
    file.write(report + "\n")
