#!/usr/bin/env python3
"""Import benchmark (issue 12): Pocket CSV exports of 10,000 and 100,000 rows derived from the
news corpus, imported by a whole `folio import` process into a new store; rows per second and
peak memory, beside the sqlite3 CLI's `.import` of the same CSV into one table as a baseline.

The rows: each corpus document gives a title (cut at 75 characters where longer, as Pocket
did), a URL on its source's host with the document id and a counter (so 100,000 rows stay
distinct), a time_added going back one minute a row, tags from its category, and every third
row archived. Deterministic: the same files every run.
"""
import argparse, csv, json, os, resource, subprocess, sys, tempfile, time


def make_csv(corpus, rows, path):
    documents = []
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            document = json.loads(line)
            if document.get("title"):
                documents.append(document)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["title", "url", "time_added", "tags", "status"])
        for index in range(rows):
            document = documents[index % len(documents)]
            title = " ".join(document["title"].split())[:75]
            url = f"https://{document['source']}.example.org/{document['id']}/{index}?utm_source=pocket"
            tags = "|".join(filter(None, [document.get("category", ""), document["source"]]))
            status = "archive" if index % 3 == 0 else "unread"
            writer.writerow([title, url, 1_700_000_000 - 60 * index, tags, status])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folio", required=True)
    parser.add_argument("--sqlite3", default="/usr/bin/sqlite3")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--sizes", default="10000 100000")
    parser.add_argument("--data", default="bench-data/import")
    args = parser.parse_args()
    os.makedirs(args.data, exist_ok=True)
    print("| rows | folio import | rows/s | peak memory | sqlite3 .import | folio / sqlite3 |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in [int(value) for value in args.sizes.split()]:
        path = os.path.join(args.data, f"pocket-{size}.csv")
        if not os.path.exists(path):
            make_csv(args.corpus, size, path)
        with tempfile.TemporaryDirectory(dir=args.data) as home:
            env = dict(os.environ, FOLIO_HOME=home)
            # Each measurement in its own Python child, so that ru_maxrss is this process's.
            seconds, peak, output = measure([args.folio, "import", path], env)
            if f"added {size:,}" not in output:
                sys.exit(f"bench-import: unexpected summary for {size} rows: {output}")
        with tempfile.TemporaryDirectory(dir=args.data) as folder:
            database = os.path.join(folder, "baseline.sqlite")
            baseline, _, _ = measure([args.sqlite3, database, "-cmd", ".mode csv", f".import {path} pocket"], None)
        print(f"| {size:,} | {seconds:.2f} s | {size / seconds:,.0f} | {peak:.0f} MiB | {baseline:.2f} s | {seconds / baseline:.1f}× |")
        sys.stdout.flush()


def measure(command, env):
    """Runs `command` under a fresh Python, which reports its child's time and peak memory."""
    probe = (
        "import resource, subprocess, sys, time, json\n"
        "start = time.perf_counter()\n"
        "result = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': seconds, 'peak': peak, 'status': result.returncode, 'out': result.stdout, 'err': result.stderr}))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe] + command, env=env, capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    if report["status"] != 0:
        sys.exit(f"bench-import: {' '.join(command)} failed: {report['err'].strip()}")
    return report["seconds"], report["peak"], report["out"].strip()


if __name__ == "__main__":
    main()
