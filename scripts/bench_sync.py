#!/usr/bin/env python3
"""Sync benchmarks of issue 3 (run by scripts/bench-sync.sh; see docs/benchmarks.md).

For each library size N it builds a writer library of N articles derived from the corpus
(`folio-bench generate`), starts a real `folio-server` (release build, embedded SQLite) on a
loopback port, and measures with the real `folio` binary:

  push         the writer's first sync (N creates pushed);
  initial      an empty reader's first sync (N creates pulled): wall time, bytes on the wire
               (HTTP headers and bodies as `folio sync --json` counts them with libcurl), peak
               memory of the process (ru_maxrss from wait4);
  incremental  one article edited on the writer and pushed, then the reader's sync: the
               median of several trials, time and bytes;
  curl         the raw baseline in the same run: `curl --compressed` fetching the same pull
               pages (same URLs, cursors and page size) from the same server, in one curl
               process, so folio's cost reads as a ratio.
  sqlite3      the other half of the baseline (issue 14): the `sqlite3` CLI bulk-loading the
               same rows (the reader's article table as `.dump` writes it, with its indexes) and
               building their FTS5 index (external content over the table, Folio's tokenizer
               and prefixes), in one process. The initial sync's target is at most 2x curl plus
               sqlite3, with peak memory under 150 MB (max RSS, as `/usr/bin/time -v` reports it).

Prints one Markdown table and writes it to OUT_DIR/sync.md; raw figures go to sync.json.
"""
import argparse, json, os, shutil, sqlite3, statistics, subprocess, sys, time, urllib.request

from bench_process import home_env, run_measured
from bench_server import start_server

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, help="folder with release folio, folio-server, folio-bench")
parser.add_argument("--corpus", required=True)
parser.add_argument("--sizes", default="1000,10000,100000")
parser.add_argument("--work", default="bench-data/sync")
parser.add_argument("--out-dir", default="bench-data/results")
parser.add_argument("--trials", type=int, default=7, help="incremental syncs per size")
parser.add_argument("--page-size", type=int, default=500)
options = parser.parse_args()


def note(message):
    print(message, file=sys.stderr, flush=True)


def folio(home, *arguments):
    return subprocess.run([os.path.join(options.bin, "folio"), *arguments], env=home_env(home), check=True,
                          capture_output=True, text=True).stdout


def cursor_of(home):
    with sqlite3.connect(os.path.join(home, "library.sqlite")) as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'syncCursor'").fetchone()
        return row[0] if row else None


def pull_url(server, cursor):
    url = f"{server}/v1/pull?limit={options.page_size}"
    return url + (f"&cursor={cursor}" if cursor else "")


def page_urls(server, token, cursor=None):
    """The URLs of every pull page after `cursor`, as folio would request them."""
    urls = []
    while True:
        url = pull_url(server, cursor)
        urls.append(url)
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request) as answer:
            page = json.load(answer)
        cursor = page["cursor"]
        if not page["hasMore"]:
            return urls


def curl(urls, token):
    """Fetches `urls` with one curl process (connection reused, gzip asked for); returns
    (wall seconds, bytes received, bytes sent)."""
    config = os.path.join(options.work, "curl.cfg")
    with open(config, "w") as file:
        for url in urls:
            file.write(f'url = "{url}"\noutput = "/dev/null"\n')
    started = time.perf_counter()
    result = subprocess.run(
        ["curl", "-s", "-S", "--fail", "--compressed", "-H", f"Authorization: Bearer {token}", "-K", config,
         "-w", "%{size_download} %{size_header} %{size_request}\n"],
        capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    received = sent = 0
    for line in result.stdout.split("\n"):
        if line.strip():
            download, header, request = map(int, line.split())
            received += download + header
            sent += request
    return wall, received, sent


BASELINE_INDEX = """
CREATE VIRTUAL TABLE articleIndex USING fts5(title, tags, content, content = 'article', content_rowid = 'docid',
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO articleIndex(articleIndex) VALUES('rebuild');
"""


def sqlite_load(reader, work):
    """The sqlite3 CLI loading the reader's article rows into a new database and indexing them
    (the SQL text is written first, untimed); returns (wall seconds, peak RSS in MiB, bytes of SQL,
    bytes of the database: the store-size baseline, each text once in one table plus its index)."""
    script = os.path.join(work, "baseline.sql")
    with open(script, "w") as file:
        subprocess.run(["sqlite3", os.path.join(reader, "library.sqlite"), ".dump article"], stdout=file, check=True)
        file.write(BASELINE_INDEX)
    database = os.path.join(work, "baseline.sqlite")
    if os.path.exists(database):
        os.remove(database)
    wall, rss, _ = run_measured(["sqlite3", database, f".read {script}"], dict(os.environ))
    with sqlite3.connect(database) as db:
        count = db.execute("SELECT count(*) FROM articleIndex WHERE articleIndex MATCH 'the'").fetchone()[0]
    assert count > 0, "the baseline's index finds nothing"
    return wall, rss, os.path.getsize(script), os.path.getsize(database)


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(folder) for name in names)


def store_bytes(home):
    """The store's size once its write-ahead log is checkpointed (what it holds, not what is in flight)."""
    with sqlite3.connect(os.path.join(home, "library.sqlite")) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder_bytes(home)


def everyday_commands(home, runs=21):
    """Median and p99 (nearest rank) of whole `folio` processes: search, list, show, status."""
    article = json.loads(folio(home, "list", "--limit", "1", "--json"))[0]["id"]
    commands = {
        "search": ["search", "market", "--limit", "20"],
        "list": ["list", "--limit", "20"],
        "show": ["show", article, "--no-pager"],
        "status": ["status"],
    }
    figures = {}
    for name, arguments in commands.items():
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([os.path.join(options.bin, "folio"), *arguments], env=home_env(home), check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            samples.append(time.perf_counter() - started)
        samples.sort()
        figures[name] = {"median": statistics.median(samples), "p99": samples[max(0, -(-99 * len(samples) // 100) - 1)]}
    return figures


def kib(count):
    return f"{count / 1024:,.1f} KiB" if count < 1 << 20 else f"{count / (1 << 20):,.1f} MiB"


def bench(size):
    work = os.path.join(options.work, str(size))
    shutil.rmtree(work, ignore_errors=True)
    writer, reader, data = (os.path.join(work, name) for name in ("writer", "reader", "server"))
    for folder in (writer, reader, data):
        os.makedirs(folder)
    note(f"== {size} articles: generate the writer's library")
    generated = subprocess.run([os.path.join(options.bin, "folio-bench"), "generate", "--count", str(size), "--notes", "0",
                                "--corpus", options.corpus, "--out", os.path.join(writer, "library.sqlite")],
                               check=True, capture_output=True, text=True).stdout
    server, url, token = start_server(options.bin, data)
    # "import N articles (+0 notes): S s, R articles/s": the store's import path, as `folio import`.
    rate = generated.strip().rsplit(" ", 2)[-2].replace(",", "")
    figures = {"size": size, "importRate": float(rate) if rate.replace(".", "").isdigit() else None}
    try:
        for home in (writer, reader):
            folio(home, "login", url, "--token", token)
        note("-- push (the writer's first sync)")
        wall, rss, out = run_measured([os.path.join(options.bin, "folio"), "sync", "--json"], home_env(writer))
        summary = json.loads(out)
        assert summary["pushed"] == size, summary
        figures["push"] = {"seconds": wall, "bytesSent": summary["bytesSent"], "bytesReceived": summary["bytesReceived"],
                           "peakMiB": rss}
        note("-- initial sync of an empty reader")
        wall, rss, out = run_measured([os.path.join(options.bin, "folio"), "sync", "--json"], home_env(reader))
        summary = json.loads(out)
        assert summary["pulled"] == size, summary
        status = json.loads(folio(reader, "status", "--json"))
        assert status["articles"] == size, status
        figures["initial"] = {"seconds": wall, "bytesSent": summary["bytesSent"], "bytesReceived": summary["bytesReceived"],
                              "peakMiB": rss}
        urls = page_urls(url, token)
        seconds, received, sent = curl(urls, token)
        figures["initialCurl"] = {"seconds": seconds, "bytesReceived": received, "bytesSent": sent, "requests": len(urls)}
        seconds, rss, script, loaded_bytes = sqlite_load(reader, work)
        figures["initialSQLite"] = {"seconds": seconds, "peakMiB": rss, "sqlBytes": script}

        note("-- the reader's store and its everyday commands, one process each")
        figures["sizes"] = {"readerBytes": store_bytes(reader), "serverBytes": folder_bytes(data), "baselineBytes": loaded_bytes}
        figures["commands"] = everyday_commands(reader)

        note(f"-- incremental: {options.trials} trials of one edited article")
        article = json.loads(folio(writer, "list", "--limit", "1", "--json"))[0]["id"]
        trials = []
        for trial in range(options.trials):
            folio(writer, "edit", article, "--title", f"Edited {trial}")
            folio(writer, "sync")
            cursor = cursor_of(reader)
            wall, rss, out = run_measured([os.path.join(options.bin, "folio"), "sync", "--json"], home_env(reader))
            summary = json.loads(out)
            assert summary["pulled"] == 1 and summary["merged"] == 1, summary
            seconds, received, sent = curl([pull_url(url, cursor)], token)
            trials.append({"seconds": wall, "bytes": summary["bytesSent"] + summary["bytesReceived"], "peakMiB": rss,
                           "curlSeconds": seconds, "curlBytes": received + sent})
        shown = json.loads(folio(reader, "show", article, "--json"))
        assert shown["article"]["title"] == f"Edited {options.trials - 1}", shown
        figures["incremental"] = {
            key: statistics.median(trial[key] for trial in trials) for key in trials[0]
        }
        figures["incremental"]["trials"] = trials
    finally:
        server.terminate()
        server.wait()
    return figures


results = [bench(int(size)) for size in options.sizes.split(",")]
os.makedirs(options.out_dir, exist_ok=True)
with open(os.path.join(options.out_dir, "sync.json"), "w") as file:
    json.dump(results, file, indent=2)

lines = [
    "| articles | push: time | initial sync: time | bytes on the wire (in / out) | peak memory | curl, same pages: time, bytes in | sqlite3 load + FTS5: time, peak | ratio to curl + sqlite3 (target ≤ 2×) | ratio to curl alone |",
    "|---|---|---|---|---|---|---|---|---|",
]
for figures in results:
    push, initial, baseline, loaded = figures["push"], figures["initial"], figures["initialCurl"], figures["initialSQLite"]
    lines.append(
        f"| {figures['size']:,} | {push['seconds']:.1f} s | {initial['seconds']:.1f} s "
        f"| {kib(initial['bytesReceived'])} / {kib(initial['bytesSent'])} | {initial['peakMiB']:.0f} MiB "
        f"| {baseline['seconds']:.2f} s, {kib(baseline['bytesReceived'])} ({baseline['requests']} pages) "
        f"| {loaded['seconds']:.2f} s, {loaded['peakMiB']:.0f} MiB "
        f"| {initial['seconds'] / (baseline['seconds'] + loaded['seconds']):.2f}× "
        f"| {initial['seconds'] / baseline['seconds']:.1f}× |")
lines.append("")
lines.append("| articles | incremental sync: time | bytes | curl, same page: time | ratio |")
lines.append("|---|---|---|---|---|")
for figures in results:
    incremental = figures["incremental"]
    lines.append(
        f"| {figures['size']:,} | {incremental['seconds'] * 1000:.0f} ms | {incremental['bytes']:,.0f} B "
        f"| {incremental['curlSeconds'] * 1000:.0f} ms | {incremental['seconds'] / incremental['curlSeconds']:.1f}× |")
lines.append("")
lines.append("The writer's library made by `folio-bench generate` (the store's import path, as `folio import`): "
             + ", ".join(f"{figures['size']:,} articles at {figures['importRate']:,.0f} articles/s"
                         for figures in results if figures.get("importRate")) + ".")
lines.append("")
lines.append("Whole `folio` processes on the synced reader, median / p99 over 21 runs:")
lines.append("")
lines.append("| articles | reader store | sqlite3 load + FTS5 | ratio (target ≤ 1.3×) | server data | search | list | show | status |")
lines.append("|---|---|---|---|---|---|---|---|---|")
for figures in results:
    commands = figures["commands"]
    shown = " | ".join(f"{commands[name]['median'] * 1000:.1f} / {commands[name]['p99'] * 1000:.1f} ms"
                       for name in ("search", "list", "show", "status"))
    sizes = figures["sizes"]
    lines.append(f"| {figures['size']:,} | {kib(sizes['readerBytes'])} | {kib(sizes['baselineBytes'])} "
                 f"| {sizes['readerBytes'] / sizes['baselineBytes']:.2f}× | {kib(sizes['serverBytes'])} | {shown} |")
times = [figures["incremental"]["seconds"] for figures in results]
lines.append("")
sizes = ", ".join(f"{figures['incremental']['bytes']:,.0f}" for figures in results)
lines.append(f"Incremental sync time, largest over smallest library: {max(times) / min(times):.2f}× (target: within 2×); "
             f"bytes: {sizes} (target: under 4 KB).")
report = "\n".join(lines)
print(report)
with open(os.path.join(options.out_dir, "sync.md"), "w") as file:
    file.write(report + "\n")
