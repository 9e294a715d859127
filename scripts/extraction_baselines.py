#!/usr/bin/env python3
"""Runs trafilatura and readability-lxml over the shared extraction pages, for comparison with Folio.

Writes JSON lines in folio-extract-bench's shape (set, key, text, title, elapsed_ms, error) plus
"extractor", so scripts/extraction_score.py scores all three alike. Only for the benchmark: the
two libraries come from PyPI into a virtual environment under bench-data/ (see
scripts/bench-extraction.sh) and are never a dependency of Folio.

  trafilatura       trafilatura.extract(html, url=url, include_comments=False), plain text
  readability-lxml  readability.Document(html).summary(), its text blocks joined by newlines

Time per page is the median of --repeat runs of the call above on the page's bytes (decoded as the
library does it), in CPU time of the calling thread (time.thread_time), as folio-extract-bench
measures Folio: wall time means little on a machine that runs other builds at the same time.
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time
import warnings

PAGE_SETS = ("scrapinghub", "wcxb", "trafilatura")


def pages(data, sets, key=None):
    """(set, key, url, html bytes) of every page of the chosen sets, in sorted key order."""
    for name in PAGE_SETS:
        if name not in sets:
            continue
        truth = json.load(open(os.path.join(data, name, "ground-truth.json"), encoding="utf-8"))
        for page_key in sorted(truth):
            if key and page_key != key:
                continue
            with gzip.open(os.path.join(data, name, "html", f"{page_key}.html.gz")) as stream:
                yield name, page_key, (truth[page_key].get("url") or "").strip(), stream.read()
    if "readability" in sets:
        folder = os.path.join(data, "readability")
        for case in sorted(os.listdir(folder)):
            source = os.path.join(folder, case, "source.html")
            if (key and case != key) or not os.path.exists(source):
                continue
            with open(source, "rb") as stream:
                yield "readability", case, "http://fakehost/test/page.html", stream.read()


def make_trafilatura():
    import trafilatura

    def run(html, url):
        text = trafilatura.extract(html, url=url or None, include_comments=False)
        return text or "", None

    return run


def make_readability():
    import lxml.html
    from readability import Document

    def run(html, url):
        document = Document(html, url=url or None)
        summary = document.summary(html_partial=True)
        tree = lxml.html.fromstring(summary) if summary.strip() else None
        if tree is None:
            return "", document.short_title()
        blocks = []
        for element in tree.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "td", "blockquote", "div"):
            if element.tag == "div" and any(child.tag in ("p", "div", "ul", "ol", "table", "pre", "blockquote") for child in element):
                continue
            text = " ".join(element.text_content().split())
            if text:
                blocks.append(text)
        if not blocks:
            blocks = [" ".join(tree.text_content().split())]
        return "\n".join(blocks), document.short_title()

    return run


EXTRACTORS = {"trafilatura": make_trafilatura, "readability-lxml": make_readability}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.path.join("..", "shared", "data", "extraction"))
    parser.add_argument("--extractor", choices=sorted(EXTRACTORS), required=True)
    parser.add_argument("--set", action="append", choices=PAGE_SETS + ("readability",), help="default: all sets")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--key")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import logging
    logging.disable(logging.CRITICAL)
    extract = EXTRACTORS[args.extractor]()
    sets = set(args.set or PAGE_SETS + ("readability",))
    for name, key, url, html in pages(args.data, sets, args.key):
        times, text, title, error = [], "", None, None
        for _ in range(max(1, args.repeat)):
            start = time.thread_time()
            try:
                text, title = extract(html, url)
                error = None
            except Exception as exception:  # a library failing on a page scores as an empty text
                text, title, error = "", None, f"{type(exception).__name__}: {exception}"[:200]
            times.append((time.thread_time() - start) * 1000)
        row = {"extractor": args.extractor, "set": name, "key": key, "text": text, "title": title,
               "elapsed_ms": round(statistics.median(times), 3)}
        if error:
            row["error"] = error
        sys.stdout.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
