#!/usr/bin/env python3
"""Scores extraction results (JSON lines from folio-extract-bench and scripts/extraction_baselines.py,
on stdin or in files) against the shared data, per set, per extractor and per half of the keys.

Halves: each set's keys (Readability: case names) sorted; "dev" = even positions (0, 2, 4...), the
half rules are developed on; "held-out" = odd positions, never tuned on.

Body, shingle metric (scrapinghub and wcxb against articleBody, readability against the text of
expected.html), as /work/shared/data/README.md describes the ScrapingHub benchmark's method:
  tokens are the runs of \\w characters (Unicode, case kept); each text is a multiset of 4-token
  shingles (a text shorter than 4 tokens is one shingle); per page, TP = shingles in both (with
  multiplicity), FP = extra predicted, FN = missing true, each divided by TP+FP+FN; precision and
  recall are averaged over pages (both texts empty counts as 1.0), F1 = 2PR/(P+R) of the averages.
Snippets (trafilatura, and wcxb's with/without lists), as trafilatura's evaluation counts them:
  whitespace collapsed in the text and in each segment; a "with" segment found is a TP, missing a
  FN; a "without" segment found is a FP; summed over pages, P = TP/(TP+FP), R = TP/(TP+FN).

Metadata (Readability test pages, against expected-metadata.json). "Right" means:
  title     equal after collapsing whitespace and trimming (case and punctuation kept);
  byline    equal after collapsing whitespace, trimming, case folding and dropping a leading "by ";
            when the expected byline is null, right only if none was extracted (also reported on
            the pages with an expected byline only);
  published the same instant to the millisecond, when both parse as dates (an expected value without a time zone is
            read as UTC, as the extractor does); when the expected value is null, right only if
            none was extracted. Also reported on the pages with an expected date only.
Timing: median and p90 of the per-page extraction time (each page's median over its repeats).
"""
import argparse
import collections
import datetime
import json
import math
import os
import re
import statistics
import sys

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text, size=4):
    tokens = TOKEN.findall(text or "")
    if len(tokens) < size:
        return collections.Counter([tuple(tokens)]) if tokens else collections.Counter()
    return collections.Counter(tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


def page_scores(predicted, expected):
    """Normalized (precision, recall) of one page."""
    p, e = shingles(predicted), shingles(expected)
    if not p and not e:
        return 1.0, 1.0
    tp = sum((p & e).values())
    fp = sum(p.values()) - tp
    fn = sum(e.values()) - tp
    total = tp + fp + fn
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return precision, recall


def aggregate(pairs):
    if not pairs:
        return None
    precision = sum(p for p, _ in pairs) / len(pairs)
    recall = sum(r for _, r in pairs) / len(pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"pages": len(pairs), "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def normalize_space(text):
    return " ".join((text or "").split())


def normalize_byline(text):
    text = normalize_space(text).casefold()
    if text.startswith("by "):
        text = text[3:]
    return text.strip(" ,.;:")


def parse_date(text):
    if not text:
        return None
    text = text.strip()
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)  # +0100 -> +01:00
    text = text.replace("Z", "+00:00").replace("z", "+00:00")
    try:
        value = datetime.datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


SHINGLE_SETS = ("scrapinghub", "wcxb", "readability")
SNIPPET_SETS = ("trafilatura", "wcxb")
SET_ORDER = ("scrapinghub", "readability", "wcxb", "trafilatura")
EXTRACTOR_ORDER = ("folio", "trafilatura", "readability-lxml")
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "tr",
              "td", "th", "section", "article", "figure", "figcaption", "dd", "dt", "dl", "hr", "header", "footer"}


def html_text(markup):
    """The text of an HTML fragment, with a line break at each block boundary."""
    import html.parser

    class Collector(html.parser.HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts = []

        def handle_starttag(self, tag, attrs):
            if tag in BLOCK_TAGS:
                self.parts.append("\n")

        def handle_endtag(self, tag):
            if tag in BLOCK_TAGS:
                self.parts.append("\n")

        def handle_data(self, data):
            self.parts.append(data)

    collector = Collector()
    collector.feed(markup)
    collector.close()
    return "".join(collector.parts)


def snippet_counts(text, truth):
    """(TP, FN, FP) of one page's with/without segments."""
    text = normalize_space(text)
    tp = fn = fp = 0
    for segment in truth.get("with") or []:
        if normalize_space(segment) in text:
            tp += 1
        else:
            fn += 1
    for segment in truth.get("without") or []:
        if normalize_space(segment) and normalize_space(segment) in text:
            fp += 1
    return tp, fn, fp


def snippet_aggregate(counts):
    if not counts:
        return None
    tp = sum(c[0] for c in counts)
    fn = sum(c[1] for c in counts)
    fp = sum(c[2] for c in counts)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pages": len(counts), "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def load_truth(data):
    truth = {}
    for name in ("scrapinghub", "wcxb", "trafilatura"):
        path = os.path.join(data, name, "ground-truth.json")
        if os.path.exists(path):
            truth[name] = json.load(open(path, encoding="utf-8"))
    folder = os.path.join(data, "readability")
    if os.path.isdir(folder):
        cases = {}
        for case in sorted(os.listdir(folder)):
            expected = os.path.join(folder, case, "expected.html")
            if os.path.exists(expected):
                cases[case] = {"articleBody": html_text(open(expected, encoding="utf-8").read()),
                               "metadata": json.load(open(os.path.join(folder, case, "expected-metadata.json"), encoding="utf-8"))}
        truth["readability"] = cases
    return truth


def score_metadata(rows, truth, details):
    metadata = {"title": [0, 0], "byline": [0, 0], "byline_when_expected": [0, 0], "published": [0, 0],
                "published_when_expected": [0, 0]}
    for row in rows:
        expected = truth[row["key"]]["metadata"]
        title_ok = normalize_space(row.get("title")) == normalize_space(expected.get("title"))
        exp_byline, got_byline = expected.get("byline"), row.get("byline")
        byline_ok = normalize_byline(exp_byline) == normalize_byline(got_byline) if exp_byline else not got_byline
        if exp_byline:
            metadata["byline_when_expected"][0] += byline_ok
            metadata["byline_when_expected"][1] += 1
        exp_date, got_date = parse_date(expected.get("publishedTime")), parse_date(row.get("published"))
        if expected.get("publishedTime"):
            date_ok = exp_date is not None and got_date is not None and abs((exp_date - got_date).total_seconds()) < 0.002
            metadata["published_when_expected"][0] += date_ok
            metadata["published_when_expected"][1] += 1
        else:
            date_ok = got_date is None
        for name, ok in (("title", title_ok), ("byline", byline_ok), ("published", date_ok)):
            metadata[name][0] += ok
            metadata[name][1] += 1
        if details:
            for name, ok, want, got in (
                ("title", title_ok, expected.get("title"), row.get("title")),
                ("byline", byline_ok, exp_byline, got_byline),
                ("published", date_ok, expected.get("publishedTime"), row.get("published")),
            ):
                if not ok:
                    print(f"  {row['key']}: {name} expected {want!r}, got {got!r}")
    return {name: {"right": right, "pages": total, "accuracy": round(right / total, 4) if total else None}
            for name, (right, total) in metadata.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="*", help="JSON lines files (default stdin); rows without \"extractor\" are Folio's")
    parser.add_argument("--data", default=os.path.join("..", "shared", "data", "extraction"))
    parser.add_argument("--details", action="store_true", help="print Folio's worst pages per set and metadata mismatches")
    parser.add_argument("--half", choices=("dev", "held-out"), help="with --details, only pages of this half")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()

    rows = []
    for path in args.results or [None]:
        stream = open(path, encoding="utf-8") if path else sys.stdin
        rows.extend(json.loads(line) for line in stream if line.strip())
    truth = load_truth(args.data)
    halves = {name: {key: ("dev" if index % 2 == 0 else "held-out") for index, key in enumerate(sorted(pages))}
              for name, pages in truth.items()}

    grouped = collections.defaultdict(list)
    for row in rows:
        grouped[(row.get("extractor", "folio"), row["set"])].append(row)

    summary = {"sets": {}, "errors": {}}
    worst = collections.defaultdict(list)
    for (extractor, name), set_rows in grouped.items():
        if name not in truth:
            continue
        result = {}
        for half in ("all", "dev", "held-out"):
            chosen = [row for row in set_rows if half == "all" or halves[name].get(row["key"]) == half]
            entry = {"pages": len(chosen)}
            times = [row["elapsed_ms"] for row in chosen]
            entry["median_ms"] = round(statistics.median(times), 2) if times else None
            entry["p90_ms"] = round(percentile(times, 0.9), 2) if times else None
            if name in SHINGLE_SETS:
                pairs = []
                for row in chosen:
                    scores = page_scores(row.get("text") or "", truth[name][row["key"]]["articleBody"])
                    pairs.append(scores)
                    if extractor == "folio" and half != "all":
                        f1 = 2 * scores[0] * scores[1] / (scores[0] + scores[1]) if sum(scores) else 0
                        worst[(name, half)].append((f1, row["key"], scores))
                entry["body"] = aggregate(pairs)
            if name in SNIPPET_SETS:
                entry["snippets"] = snippet_aggregate([snippet_counts(row.get("text") or "", truth[name][row["key"]]) for row in chosen])
            result[half] = entry
        if extractor == "folio" and name == "readability":
            result["metadata"] = score_metadata(set_rows, truth["readability"], args.details)
        summary["sets"].setdefault(name, {})[extractor] = result
        summary["errors"].setdefault(extractor, 0)
        summary["errors"][extractor] += sum(1 for row in set_rows if row.get("error"))
        if args.details:
            for row in set_rows:
                if row.get("error") and extractor == "folio":
                    print(f"  error: {name} {row['key']} {row['error']}")

    if args.details:
        for (name, half), entries in sorted(worst.items()):
            if args.half and half != args.half:
                continue
            print(f"Worst Folio pages, {name} {half}:")
            for f1, key, (p, r) in sorted(entries)[:15]:
                print(f"  {key[:20]:20} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    if args.json:
        print(json.dumps(summary, indent=2, sort_keys=True))
        return
    for name in SET_ORDER:
        if name not in summary["sets"]:
            continue
        by_extractor = summary["sets"][name]
        metric = "shingle P/R/F1 of the body" if name in SHINGLE_SETS else "snippets found (with) and kept out (without)"
        print(f"{name} ({metric}; median ms per page):")
        print(f"  {'extractor':17} {'half':8} {'pages':>5}   {'F1':>5}  {'P':>5}  {'R':>5}  {'ms':>6}" + ("   snippets F1/P/R" if name == "wcxb" else ""))
        for extractor in EXTRACTOR_ORDER:
            if extractor not in by_extractor:
                continue
            for half in ("dev", "held-out", "all"):
                entry = by_extractor[extractor][half]
                score = entry.get("body") or entry.get("snippets")
                if not score:
                    continue
                line = f"  {extractor:17} {half:8} {entry['pages']:5}   {score['f1']:.3f}  {score['precision']:.3f}  {score['recall']:.3f}  {entry['median_ms']:6.2f}"
                if name == "wcxb" and entry.get("snippets"):
                    s = entry["snippets"]
                    line += f"   {s['f1']:.3f}/{s['precision']:.3f}/{s['recall']:.3f}"
                print(line)
        metadata = by_extractor.get("folio", {}).get("metadata")
        if metadata:
            print("  Folio metadata, Readability test pages:")
            for key, value in metadata.items():
                if value["pages"]:
                    print(f"    {key:24} {value['right']:3}/{value['pages']:<3} {value['accuracy']:.1%}")
    print("Errors (pages without a result): " + ", ".join(f"{k} {v}" for k, v in sorted(summary["errors"].items())))


if __name__ == "__main__":
    main()
