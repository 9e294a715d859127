#!/usr/bin/env python3
"""Scores folio-extract-bench output (JSON lines on stdin or in a file) against the shared data.

Body (ScrapingHub pages), as /work/shared/data/README.md describes the benchmark's method:
  tokens are the runs of \\w characters (Unicode, case kept); each text is a multiset of 4-token
  shingles (a text shorter than 4 tokens is one shingle); per page, TP = shingles in both (with
  multiplicity), FP = extra predicted, FN = missing true, each divided by TP+FP+FN; precision and
  recall are averaged over pages (both texts empty counts as 1.0), F1 = 2PR/(P+R) of the averages.
  Reported for all pages and for the two halves of the sorted keys: "even" (positions 0, 2, 4...,
  the half rules were developed on) and "odd" (held out).

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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="?", help="JSON lines from folio-extract-bench (default stdin)")
    parser.add_argument("--data", default=os.path.join("..", "shared", "data", "extraction"))
    parser.add_argument("--details", action="store_true", help="print per-page scores and metadata mismatches")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()

    stream = open(args.results, encoding="utf-8") if args.results else sys.stdin
    rows = [json.loads(line) for line in stream if line.strip()]
    truth = json.load(open(os.path.join(args.data, "scrapinghub", "ground-truth.json"), encoding="utf-8"))
    sorted_keys = sorted(truth)
    half = {key: ("even" if index % 2 == 0 else "odd") for index, key in enumerate(sorted_keys)}

    body = {"all": [], "even": [], "odd": []}
    details = []
    times = {"scrapinghub": [], "readability": []}
    errors = []
    metadata = {"title": [0, 0], "byline": [0, 0], "byline_when_expected": [0, 0], "published": [0, 0],
                "published_when_expected": [0, 0]}
    for row in rows:
        times[row["set"]].append(row["elapsed_ms"])
        if row.get("error"):
            errors.append((row["set"], row["key"], row["error"]))
        if row["set"] == "scrapinghub":
            expected = truth[row["key"]]["articleBody"]
            scores = page_scores(row.get("text") or "", expected)
            body["all"].append(scores)
            body[half[row["key"]]].append(scores)
            details.append((2 * scores[0] * scores[1] / (scores[0] + scores[1]) if sum(scores) else 0, row["key"], half[row["key"]], scores))
        else:
            path = os.path.join(args.data, "readability", row["key"], "expected-metadata.json")
            expected = json.load(open(path, encoding="utf-8"))
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
            if args.details:
                for name, ok, want, got in (
                    ("title", title_ok, expected.get("title"), row.get("title")),
                    ("byline", byline_ok, exp_byline, got_byline),
                    ("published", date_ok, expected.get("publishedTime"), row.get("published")),
                ):
                    if not ok:
                        print(f"  {row['key']}: {name} expected {want!r}, got {got!r}")

    summary = {
        "body": {name: aggregate(pairs) for name, pairs in body.items()},
        "metadata": {name: {"right": right, "pages": total, "accuracy": round(right / total, 4) if total else None}
                     for name, (right, total) in metadata.items()},
        "time_ms": {name: {"pages": len(values), "median": round(statistics.median(values), 2) if values else None,
                           "p90": round(percentile(values, 0.9), 2) if values else None}
                    for name, values in times.items()},
        "errors": len(errors),
    }
    if args.details:
        for f1, key, which, (p, r) in sorted(details)[:25]:
            print(f"  {key[:16]} ({which}) P={p:.3f} R={r:.3f} F1={f1:.3f}")
        for error in errors:
            print("  error:", *error)
    if args.json:
        print(json.dumps(summary, indent=2, sort_keys=True))
        return
    print("Body, ScrapingHub pages (shingle P/R/F1, averaged per page):")
    for name in ("all", "even", "odd"):
        result = summary["body"][name]
        if result:
            print(f"  {name:5} {result['pages']:3} pages  P {result['precision']:.3f}  R {result['recall']:.3f}  F1 {result['f1']:.3f}")
    print("Metadata, Readability test pages:")
    for name, value in summary["metadata"].items():
        if value["pages"]:
            print(f"  {name:24} {value['right']:3}/{value['pages']:<3} {value['accuracy']:.1%}")
    print("Extraction time per page (release build, median of repeats):")
    for name, value in summary["time_ms"].items():
        if value["pages"]:
            print(f"  {name:12} {value['pages']:3} pages  median {value['median']:.2f} ms  p90 {value['p90']:.2f} ms")
    print(f"Errors: {len(errors)}")


if __name__ == "__main__":
    main()
