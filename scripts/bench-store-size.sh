#!/usr/bin/env bash
# Store size (issue 14): what a generated library takes on disk, by table, and the sqlite3
# baseline: the same articles loaded by the sqlite3 CLI into one table with an FTS5 index over
# title and text (same tokenizer and prefix indexes as Folio's), once with FTS5 keeping its own
# copy of the text and once as an external content index over the table (each text once).
#
#   scripts/bench-store-size.sh STORE.sqlite [OUT-FOLDER]
#
# Every database is VACUUMed first (in a copy), so that free pages do not count.
set -euo pipefail
store="$1"
out="${2:-$(mktemp -d)}"
sqlite="${BENCH_SQLITE3:-sqlite3}"
mkdir -p "$out"
size() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

cp "$store" "$out/store.sqlite"
"$sqlite" "$out/store.sqlite" "VACUUM"
echo "store (vacuumed): $(mib "$(size "$out/store.sqlite")")"
"$sqlite" "$out/store.sqlite" \
    "SELECT printf('  %-26s %6.1f MiB', part, sum(pgsize) / 1048576.0) FROM (
         SELECT CASE WHEN name LIKE 'searchIndex%' THEN 'search index (all tables)' ELSE name END AS part, pgsize FROM dbstat)
     GROUP BY part HAVING sum(pgsize) > 1048576 / 10 ORDER BY sum(pgsize) DESC"

for kind in copy external; do
    baseline="$out/baseline-$kind.sqlite"
    rm -f "$baseline"
    if [[ "$kind" == external ]]; then content=", content = 'article', content_rowid = 'id'"; else content=""; fi
    "$sqlite" "$baseline" <<SQL
ATTACH '$out/store.sqlite' AS store;
CREATE TABLE article (id INTEGER PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL);
INSERT INTO article SELECT docid, title, content FROM store.article ORDER BY docid;
DETACH store;
CREATE VIRTUAL TABLE articleIndex USING fts5(title, text$content,
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO articleIndex(rowid, title, text) SELECT id, title, text FROM article;
INSERT INTO articleIndex(articleIndex) VALUES('optimize');
VACUUM;
SQL
    if [[ "$kind" == external ]]; then label="external content index (each text once)"; else label="FTS5 keeping its own copy"; fi
    echo "sqlite3 baseline, $label: $(mib "$(size "$baseline")")"
done
