#!/usr/bin/env python3
"""Helpers for scripts/bench.sh (the search benchmarks of issue 2, see docs/benchmarks.md).

  queries  --corpus news.jsonl --count 200 --seed 7 --out-dir DIR
           Writes DIR/queries.txt (one Folio query a line) and DIR/queries.tsv (shape<TAB>query),
           derived deterministically from the corpus vocabulary.
  process  --tool folio|sqlite3 ... --out TIMES
           Runs one process per query (a warm-up pass, then --passes measured passes) and writes
           every sample as `queryIndex<TAB>milliseconds`.
  processes --folio F --home H --db FILE --fts FTS --folio-out T1 --sqlite3-out T2
           The same for folio and the sqlite3 baseline side by side: each query's two processes
           one after the other, so that both see the same load (what bench.sh runs).
  sqlite   --db FILE --fts FTS --out TIMES [--passes 3]
           Runs the same FTS5 queries as the sqlite3 baseline in this process (Python's sqlite3
           module, the same libsqlite3 as folio), for the cost of SQLite alone without start-up.
  startup  --out FILE [--runs 20] -- COMMAND...
           Median wall time of a command, for the cost of process start-up alone.
  report   --kinds queries.tsv --results DIR --sizes 10000,100000
           Prints the summary table and the per-shape breakdown from the results folders.
"""

import argparse
import collections
import json
import math
import os
import random
import re
import subprocess
import sys
import time

WORD = re.compile(r"[a-z]+")
# Tags the generator gives (see LibraryGenerator.tags): sources and common categories.
TAGS = ["business", "sport", "politics", "tech", "entertainment", "earn", "acq", "crude",
        "trade", "money-fx", "interest", "world", "sports", "sci/tech", "reuters", "bbc",
        "ag-news", "newsgroups", "grain", "sci.space", "rec.autos"]
SHAPES = [  # (shape, how many of 200)
    ("common", 30), ("rare", 30), ("and", 30), ("phrase", 20), ("prefix", 20),
    ("exclude", 20), ("or", 20), ("tag", 15), ("notes", 15),
]


def read_corpus(path):
    docs = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if not record.get("text", "").strip():
                continue
            docs.append((record.get("title", "") + "\n" + record["text"]).lower())
    return docs


def make_queries(args):
    docs = read_corpus(args.corpus)
    frequency = collections.Counter()
    for doc in docs:
        frequency.update(set(WORD.findall(doc)))
    ranked = sorted((w for w in frequency if len(w) >= 4), key=lambda w: (-frequency[w], w))
    common = ranked[20:400]          # frequent, past the function words
    middle = ranked[400:4000]
    rare = sorted(w for w in frequency if 3 <= frequency[w] <= 12 and len(w) >= 5)
    middle_set = set(middle) | set(common)
    rng = random.Random(args.seed)
    total = sum(n for _, n in SHAPES)
    scale = args.count / total

    def doc_words(kind_set, at_least=2):
        while True:
            words = sorted(set(w for w in WORD.findall(rng.choice(docs)) if w in kind_set))
            if len(words) >= at_least:
                return words

    def phrase():
        while True:
            words = WORD.findall(rng.choice(docs))
            if len(words) < 6:
                continue
            start = rng.randrange(len(words) - 3)
            length = 2 if rng.random() < 0.7 else 3
            chosen = words[start:start + length]
            if all(len(w) >= 3 for w in chosen) and any(w in middle_set for w in chosen):
                return '"' + " ".join(chosen) + '"'

    queries = []
    for shape, n in SHAPES:
        for _ in range(max(1, round(n * scale))):
            if shape == "common":
                q = rng.choice(common)
            elif shape == "rare":
                q = rng.choice(rare)
            elif shape == "and":
                q = " ".join(rng.sample(doc_words(middle_set), 2))
            elif shape == "phrase":
                q = phrase()
            elif shape == "prefix":
                word = rng.choice(common + middle[:600])
                q = word[: rng.choice([3, 4, 5])] + "*"
            elif shape == "exclude":
                q = rng.choice(common) + " -" + rng.choice(middle)
            elif shape == "or":
                q = rng.choice(middle) + " OR " + rng.choice(middle)
            elif shape == "tag":
                q = rng.choice(common + middle[:1000]) + " tag:" + rng.choice(TAGS)
            else:
                q = rng.choice(common + middle[:1000]) + " in:notes"
            queries.append((shape, q))
    queries = queries[: args.count]
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "queries.txt"), "w", encoding="utf-8") as out:
        out.write("".join(q + "\n" for _, q in queries))
    with open(os.path.join(args.out_dir, "queries.tsv"), "w", encoding="utf-8") as out:
        out.write("".join(f"{shape}\t{q}\n" for shape, q in queries))
    print(f"queries: {len(queries)} written to {args.out_dir}/queries.txt", file=sys.stderr)


def process_commands(args, tool, queries):
    """The command of each query for `tool`, and its environment (None for a query the sqlite3
    baseline has no full-text statement for)."""
    commands = []
    if tool == "folio":
        env = dict(os.environ, FOLIO_HOME=args.home, NO_COLOR="1")
        for q in queries:
            commands.append([args.folio, "search", q, "--limit", str(args.limit)])
    else:
        env = dict(os.environ)
        with open(args.fts, encoding="utf-8") as handle:
            expressions = [line.rstrip("\n") for line in handle]
        if len(expressions) != len(queries):
            sys.exit(f"bench_search: {args.fts} has {len(expressions)} lines for {len(queries)} queries")
        for expression in expressions:
            if not expression:
                commands.append(None)  # qualifiers only: no full-text query to compare with
                continue
            commands.append([args.sqlite3, "-init", "/dev/null", args.db, baseline_sql(expression, args.limit)])
    return commands, env


def run_one(command, env, tool, query):
    """Milliseconds of one whole process; exits with its message when it fails."""
    start = time.perf_counter()
    result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        sys.exit(f"bench_search: {tool} failed on query {query!r}: {message}")
    return elapsed


def run_processes(args):
    with open(args.queries, encoding="utf-8") as handle:
        queries = [line.rstrip("\n") for line in handle if line.strip()]
    commands, env = process_commands(args, args.tool, queries)
    lines = []
    for run in range(args.passes + 1):  # run 0 is the warm-up
        for index, command in enumerate(commands):
            if command is None:
                continue
            elapsed = run_one(command, env, args.tool, queries[index])
            if run > 0:
                lines.append(f"{index}\t{elapsed:.4f}\n")
    write_samples(args.out, args.tool, lines)


def run_processes_side_by_side(args):
    """folio and the sqlite3 baseline, query by query: each query's two processes run one after
    the other (which goes first alternates between passes), so that both see the same load on
    a shared machine, rather than one tool's whole pass and then the other's."""
    with open(args.queries, encoding="utf-8") as handle:
        queries = [line.rstrip("\n") for line in handle if line.strip()]
    tools = {tool: process_commands(args, tool, queries) for tool in ("folio", "sqlite3")}
    lines = {tool: [] for tool in tools}
    for run in range(args.passes + 1):  # run 0 is the warm-up
        order = ("folio", "sqlite3") if run % 2 else ("sqlite3", "folio")
        for index in range(len(queries)):
            for tool in order:
                commands, env = tools[tool]
                if commands[index] is None:
                    continue
                elapsed = run_one(commands[index], env, tool, queries[index])
                if run > 0:
                    lines[tool].append(f"{index}\t{elapsed:.4f}\n")
    write_samples(args.folio_out, "folio", lines["folio"])
    write_samples(args.sqlite3_out, "sqlite3", lines["sqlite3"])


def write_samples(path, tool, lines):
    with open(path, "w", encoding="utf-8") as out:
        out.write("".join(lines))
    samples = [float(line.split("\t")[1]) for line in lines]
    median, p99 = summary(samples)
    print(f"{tool} process search: {len(samples)} samples, median {median:.2f} ms, p99 {p99:.2f} ms")


BASELINE_SQL = None


def baseline_sql(expression, limit):
    """Store.baselineSearchSQL() (printed by `folio-bench fts-expression --sql`, kept in
    $BENCH_SEARCH_SQL) with the expression and limit filled in: folio's statement with SQLite's
    bm25 in place of folio_rank (the same rows, scores and snippets)."""
    global BASELINE_SQL
    if BASELINE_SQL is None:
        BASELINE_SQL = os.environ["BENCH_SEARCH_SQL"]
    literal = "'" + expression.replace("'", "''") + "'"
    snippet_part, ranking_part, limit_part, after = BASELINE_SQL.split("?")
    return snippet_part + literal + ranking_part + literal + limit_part + str(limit) + after + ";"


def run_sqlite_inprocess(args):
    import sqlite3
    with open(args.fts, encoding="utf-8") as handle:
        expressions = [line.rstrip("\n") for line in handle]
    connection = sqlite3.connect(args.db)
    lines = []
    for run in range(args.passes + 1):  # run 0 is the warm-up
        for index, expression in enumerate(expressions):
            if not expression:
                continue
            sql = baseline_sql(expression, args.limit)
            start = time.perf_counter()
            connection.execute(sql).fetchall()
            elapsed = (time.perf_counter() - start) * 1000
            if run > 0:
                lines.append(f"{index}\t{elapsed:.4f}\n")
    connection.close()
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("".join(lines))
    median, p99 = summary([float(line.split("\t")[1]) for line in lines])
    print(f"sqlite in-process search (libsqlite3 {sqlite3.sqlite_version}): {len(lines)} samples, "
          f"median {median:.3f} ms, p99 {p99:.3f} ms")


def summary(samples):
    if not samples:
        return (math.nan, math.nan)
    s = sorted(samples)
    middle = len(s) // 2
    median = s[middle] if len(s) % 2 else (s[middle - 1] + s[middle]) / 2
    p99 = s[max(0, min(len(s) - 1, math.ceil(0.99 * len(s)) - 1))]
    return (median, p99)


def read_times(path):
    times = collections.defaultdict(list)
    if not os.path.exists(path):
        return times
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            index, ms = line.split("\t")
            times[int(index)].append(float(ms))
    return times


def run_startup(args):
    """Median wall time of a command run --runs times (after one warm-up run)."""
    command = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
    samples = []
    for run in range(args.runs + 1):
        start = time.perf_counter()
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        if run > 0:
            samples.append((time.perf_counter() - start) * 1000)
    median, _ = summary(samples)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(f"{median:.3f}\n")
    print(f"{' '.join(command)}: median {median:.2f} ms over {args.runs} runs")


def read_number(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return float(handle.read().strip())
    except (OSError, ValueError):
        return math.nan


def read_phases(path):
    phases = collections.defaultdict(list)
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                for part in line.split():
                    name, _, value = part.partition("=")
                    phases[name].append(float(value))
    except OSError:
        pass
    return phases


def report(args):
    with open(args.kinds, encoding="utf-8") as handle:
        shapes = [line.split("\t", 1)[0] for line in handle if line.strip()]
    sizes = [int(s) for s in args.sizes.split(",")]
    tools = ("inprocess", "sqlite", "folio", "sqlite3")
    print("| articles | import articles/s | in-process median / p99 | folio process median / p99 "
          "| sqlite3 process median / p99 | folio / sqlite3 (median) | SQLite alone in-process median / p99 |")
    print("|" + "---|" * 7)
    verdicts = []
    per_size = {}
    for size in sizes:
        folder = os.path.join(args.results, str(size))
        rate = "?"
        try:
            with open(os.path.join(folder, "import.txt"), encoding="utf-8") as handle:
                found = re.search(r"(\d+) articles/s", handle.read())
                rate = found.group(1) if found else "?"
        except OSError:
            pass
        columns = {tool: read_times(os.path.join(folder, tool + ".tsv")) for tool in tools}
        stats = {t: summary([ms for v in columns[t].values() for ms in v]) for t in tools}
        ratio = stats["folio"][0] / stats["sqlite3"][0] if stats["sqlite3"][0] else math.nan
        per_size[size] = columns
        print(f"| {size} | {rate} | {stats['inprocess'][0]:.2f} / {stats['inprocess'][1]:.2f} "
              f"| {stats['folio'][0]:.1f} / {stats['folio'][1]:.1f} "
              f"| {stats['sqlite3'][0]:.1f} / {stats['sqlite3'][1]:.1f} | {ratio:.2f} "
              f"| {stats['sqlite'][0]:.2f} / {stats['sqlite'][1]:.2f} |")
        if size == 100000:
            verdicts.append(f"target: median whole-process search under 50 ms at 100,000 articles: "
                            f"{stats['folio'][0]:.1f} ms, " + ("met" if stats["folio"][0] < 50 else "NOT met"))
            verdicts.append(f"target: within 1.5x of the sqlite3 CLI: {ratio:.2f}x, "
                            + ("met" if ratio <= 1.5 else "NOT met"))
    print()
    for verdict in verdicts:
        print(verdict)
    startup = {name: read_number(os.path.join(args.results, f"startup-{name}.txt"))
               for name in ("folio-version", "folio-bench-help", "sqlite3-select1")}
    if not all(math.isnan(v) for v in startup.values()):
        print()
        print("process start-up alone (median ms): "
              f"`folio --version` {startup['folio-version']:.1f}, "
              f"`folio-bench help` {startup['folio-bench-help']:.1f}, "
              f"`sqlite3 file 'SELECT 1'` {startup['sqlite3-select1']:.1f}")
    for size in sizes:
        phases = read_phases(os.path.join(args.results, str(size), "phases.txt"))
        if phases:
            print()
            print(f"inside a fresh `folio-bench phases` process at {size} articles (median ms over "
                  f"{len(next(iter(phases.values())))} queries): "
                  + ", ".join(f"{name} {summary(values)[0]:.2f}" for name, values in phases.items()))
    for size in sizes:
        columns = per_size[size]
        print()
        print(f"per query shape at {size} articles (median ms):")
        print("| shape | queries | folio in-process | folio in-process p99 | SQLite alone in-process "
              "| folio process | sqlite3 process | slowest folio in-process query |")
        print("|" + "---|" * 8)
        for shape in dict.fromkeys(shapes):
            indexes = [i for i, s in enumerate(shapes) if s == shape]
            row = {tool: summary([ms for i in indexes for ms in columns[tool].get(i, [])]) for tool in tools}
            per_query = {i: summary(columns["inprocess"].get(i, []))[0] for i in indexes}
            worst = max(per_query, key=lambda i: per_query[i] if not math.isnan(per_query[i]) else -1)
            print(f"| {shape} | {len(indexes)} | {row['inprocess'][0]:.2f} | {row['inprocess'][1]:.2f} "
                  f"| {row['sqlite'][0]:.2f} | {row['folio'][0]:.1f} | {row['sqlite3'][0]:.1f} "
                  f"| `{query_text(args.kinds, worst)}` {per_query[worst]:.1f} ms |")


def query_text(kinds_path, index):
    with open(kinds_path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n").split("\t", 1)[1] for line in handle if line.strip()]
    return lines[index]


def add_process_arguments(parser, required):
    """The queries, passes and each tool's binary and store (`process` needs one tool's only)."""
    parser.add_argument("--queries", required=True)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--folio", required=required, help="the folio binary")
    parser.add_argument("--home", required=required, help="FOLIO_HOME holding library.sqlite")
    parser.add_argument("--sqlite3", default="/usr/bin/sqlite3")
    parser.add_argument("--db", required=required, help="the store file, for sqlite3")
    parser.add_argument("--fts", required=required, help="FTS5 expressions, one per query line, for sqlite3")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    q = commands.add_parser("queries")
    q.add_argument("--corpus", required=True)
    q.add_argument("--count", type=int, default=200)
    q.add_argument("--seed", type=int, default=7)
    q.add_argument("--out-dir", required=True)
    p = commands.add_parser("process")
    p.add_argument("--tool", choices=["folio", "sqlite3"], required=True)
    p.add_argument("--out", required=True)
    add_process_arguments(p, required=False)
    s = commands.add_parser("processes")
    s.add_argument("--folio-out", required=True)
    s.add_argument("--sqlite3-out", required=True)
    add_process_arguments(s, required=True)
    b = commands.add_parser("sqlite")
    b.add_argument("--db", required=True)
    b.add_argument("--fts", required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--passes", type=int, default=3)
    b.add_argument("--limit", type=int, default=20)
    u = commands.add_parser("startup")
    u.add_argument("--out", required=True)
    u.add_argument("--runs", type=int, default=20)
    u.add_argument("argv", nargs=argparse.REMAINDER)
    r = commands.add_parser("report")
    r.add_argument("--kinds", required=True)
    r.add_argument("--results", required=True)
    r.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    if args.command == "queries":
        make_queries(args)
    elif args.command == "process":
        if args.tool == "folio" and not (args.folio and args.home):
            parser.error("--tool folio needs --folio and --home")
        if args.tool == "sqlite3" and not (args.db and args.fts):
            parser.error("--tool sqlite3 needs --db and --fts")
        run_processes(args)
    elif args.command == "processes":
        run_processes_side_by_side(args)
    elif args.command == "sqlite":
        run_sqlite_inprocess(args)
    elif args.command == "startup":
        run_startup(args)
    else:
        report(args)


if __name__ == "__main__":
    main()
