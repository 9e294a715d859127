#!/usr/bin/env python3
"""The edit-heavy library (issue 14; run by scripts/bench-sync.sh, see docs/benchmarks.md).

Two libraries that hold the same thing in the end: ARTICLES articles and NOTES notes derived
from the corpus (`folio-bench generate`, same seed), one made with no edits, the other with a
long history (`folio-bench edit-history`: every title edited 10 times, a tag toggled 10 times
on every article, every note edited 100 times, each ending where it began). For each, with a
real `folio-server` (release build, embedded SQLite) on a loopback port and the real `folio`:

  push     the writer's first sync (its whole log pushed); its next sync, with nothing to
           push, whose pull acknowledges the whole log (as any device's next sync does: until
           every known device has, the server keeps note versions and purged items' history);
           then `folio compact` on the writer and `folio-server compact` on the server;
  sizes    the writer's store, the server's data and the reader's store, each VACUUMed into a
           copy (what they hold, not their free pages);
  initial  an empty reader's first sync, INITIAL_RUNS times (3; a new reader each time): the
           median wall time, bytes on the wire, the highest peak memory.

The figures of the edit-heavy library over the edit-free one are the ratios (target: at most
1.25x for store sizes and initial-sync bytes and time). Prints one Markdown table and writes it
to OUT_DIR/edit-history.md (raw figures: edit-history.json).

Making the history takes long (half an hour on a loaded 2-core machine): the generated stores
are kept in WORK/generated, named by their arguments, and used again by later runs with the
same arguments (delete the folder to make them again).
"""
import argparse, glob, json, os, shutil, sqlite3, subprocess, sys

from bench_process import home_env, run_measured
from bench_server import start_server

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="folder with release folio, folio-server, folio-bench")
parser.add_argument("--corpus", required=True)
parser.add_argument("--articles", type=int, default=10_000)
parser.add_argument("--notes", type=int, default=2_000)
parser.add_argument("--title-edits", type=int, default=10)
parser.add_argument("--tag-toggles", type=int, default=10)
parser.add_argument("--note-edits", type=int, default=100)
parser.add_argument("--work", default="bench-data/edit-history")
parser.add_argument("--out-dir", default="bench-data/results")
parser.add_argument("--initial-runs", type=int, default=3,
                    help="initial syncs of a new reader per library; the time is their median (these machines are noisy)")
options = parser.parse_args()


def note(message):
    print(message, file=sys.stderr, flush=True)


def tool(name):
    return os.path.join(options.bin, name)


def folio(home, *arguments):
    return subprocess.run([tool("folio"), *arguments], env=home_env(home), check=True, capture_output=True, text=True).stdout


def vacuumed_bytes(database, work):
    """The size of a SQLite database VACUUMed into a copy (its WAL checkpointed first)."""
    copy = os.path.join(work, "vacuumed.sqlite")
    if os.path.exists(copy):
        os.remove(copy)
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("VACUUM INTO ?", (copy,))
    size = os.path.getsize(copy)
    os.remove(copy)
    return size


def server_can_compact():
    """Whether `folio-server compact` exists. Its exit status alone does not say: an unknown
    subcommand followed by --help prints the root's help and exits 0; its own help names it."""
    answer = subprocess.run([tool("folio-server"), "compact", "--help"], capture_output=True, text=True)
    return answer.returncode == 0 and "folio-server compact" in answer.stdout


def bench(kind):
    work = os.path.join(options.work, kind)
    shutil.rmtree(work, ignore_errors=True)
    writer, reader, data = (os.path.join(work, name) for name in ("writer", "reader", "server"))
    for folder in (writer, reader, data):
        os.makedirs(folder)
    note(f"== {kind}: {options.articles:,} articles, {options.notes:,} notes")
    store = os.path.join(writer, "library.sqlite")
    generated = os.path.join(options.work, "generated", f"{kind}-{options.articles}-{options.notes}" + (
        f"-{options.title_edits}-{options.tag_toggles}-{options.note_edits}" if kind == "edit-heavy" else "") + ".sqlite")
    if os.path.exists(generated):
        note(f"-- the generated store of an earlier run: {generated}")
        shutil.copyfile(generated, store)
    else:
        subprocess.run([tool("folio-bench"), "generate", "--count", str(options.articles), "--notes", str(options.notes),
                        "--corpus", options.corpus, "--out", store], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        if kind == "edit-heavy":
            subprocess.run([tool("folio-bench"), "edit-history", "--store", store, "--title-edits", str(options.title_edits),
                            "--tag-toggles", str(options.tag_toggles), "--note-edits", str(options.note_edits)], check=True)
        with sqlite3.connect(store) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.makedirs(os.path.dirname(generated), exist_ok=True)
        shutil.copyfile(store, generated)
    with sqlite3.connect(store) as db:
        changes = db.execute("SELECT count(*) FROM change").fetchone()[0]
    server, url, token = start_server(options.bin, data)
    figures = {"kind": kind, "changes": changes}
    try:
        folio(writer, "login", url, "--token", token)
        note("-- push (the writer's first sync), its next sync, then compaction")
        wall, rss, _ = run_measured([tool("folio"), "sync", "--json"], home_env(writer))
        figures["push"] = {"seconds": wall, "peakMiB": rss}
        folio(writer, "sync")
        folio(writer, "compact")
        figures["serverCompacted"] = server_can_compact()
        if figures["serverCompacted"]:
            subprocess.run([tool("folio-server"), "compact", "--data-dir", data], check=True, stdout=subprocess.DEVNULL)
        runs = []
        for run in range(max(1, options.initial_runs)):
            note(f"-- initial sync of an empty reader ({run + 1} of {max(1, options.initial_runs)})")
            shutil.rmtree(reader, ignore_errors=True)
            os.makedirs(reader)
            folio(reader, "login", url, "--token", token)
            wall, rss, out = run_measured([tool("folio"), "sync", "--json"], home_env(reader))
            summary = json.loads(out)
            status = json.loads(folio(reader, "status", "--json"))
            assert status["articles"] == options.articles, status
            runs.append({"seconds": wall, "bytes": summary["bytesReceived"] + summary["bytesSent"], "peakMiB": rss,
                         "pulled": summary["pulled"]})
        times = sorted(run["seconds"] for run in runs)
        figures["initial"] = dict(runs[-1], seconds=times[len(times) // 2], allSeconds=[run["seconds"] for run in runs],
                                  peakMiB=max(run["peakMiB"] for run in runs))
    finally:
        server.terminate()
        server.wait()
    figures["sizes"] = {
        "writer": vacuumed_bytes(store, work),
        "server": sum(vacuumed_bytes(path, work) for path in glob.glob(os.path.join(data, "*.sqlite"))),
        "reader": vacuumed_bytes(os.path.join(reader, "library.sqlite"), work),
    }
    return figures


def mib(count):
    return f"{count / (1 << 20):,.1f} MiB"


free, heavy = bench("edit-free"), bench("edit-heavy")
os.makedirs(options.out_dir, exist_ok=True)
with open(os.path.join(options.out_dir, "edit-history.json"), "w") as file:
    json.dump([free, heavy], file, indent=2)

rows = [
    ("changes in the writer's log", lambda f: f["changes"], lambda v: f"{v:,}"),
    ("writer store (after `folio compact`)", lambda f: f["sizes"]["writer"], mib),
    ("server data" + ("" if heavy["serverCompacted"] else " (no `folio-server compact` yet)"), lambda f: f["sizes"]["server"], mib),
    ("reader store after its initial sync", lambda f: f["sizes"]["reader"], mib),
    ("initial sync: changes pulled", lambda f: f["initial"]["pulled"], lambda v: f"{v:,}"),
    ("initial sync: bytes on the wire", lambda f: f["initial"]["bytes"], mib),
    (f"initial sync: time (median of {max(1, options.initial_runs)})", lambda f: f["initial"]["seconds"], lambda v: f"{v:.1f} s"),
    ("initial sync: peak memory", lambda f: f["initial"]["peakMiB"], lambda v: f"{v:.0f} MiB"),
]
lines = [
    f"Edit-heavy library: {options.articles:,} articles (titles edited {options.title_edits} times, a tag toggled "
    f"{options.tag_toggles} times) and {options.notes:,} notes (edited {options.note_edits} times), against the same "
    f"library made with no edits. Target: at most 1.25× for sizes and initial-sync bytes and time.",
    "",
    "| | edit-free | edit-heavy | ratio |",
    "|---|---|---|---|",
]
for label, value, shown in rows:
    ratio = value(heavy) / value(free) if value(free) else float("nan")
    lines.append(f"| {label} | {shown(value(free))} | {shown(value(heavy))} | {ratio:.2f}× |")
report = "\n".join(lines)
print(report)
with open(os.path.join(options.out_dir, "edit-history.md"), "w") as file:
    file.write(report + "\n")
