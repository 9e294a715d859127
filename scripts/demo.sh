#!/usr/bin/env bash
# A real Folio session with the release build, in a fresh library of its own:
# add the seed article and a few corpus articles, save web pages (served on loopback), queue a
# URL for later, take notes, search, export; then sync with a second device through a real
# folio-server on loopback, where a note edited on both devices merges, and then conflicts
# and is resolved.
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir="$(swift build -c release --static-swift-stdlib --product folio --show-bin-path)"
folio_bin="$bin_dir/folio"
server_bin="$bin_dir/folio-server"
shared="${FOLIO_SHARED_DATA:-../shared/data}"
export FOLIO_HOME="${FOLIO_DEMO_HOME:-$(mktemp -d /tmp/folio-demo.XXXXXX)}"

run() {
  printf '\n\033[1m$ folio %s\033[0m\n' "$*" >&2
  "$folio_bin" "$@"
}

echo "Library for this demo: $FOLIO_HOME" >&2

run add "$shared/seed/000_a59b72f464577484.txt" --tag politics --tag russia
seed_id=$("$folio_bin" list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

# A few articles from the shared news corpus, through standard input.
mkdir -p "$FOLIO_HOME/sample"
python3 - "$shared/corpus/news.jsonl" "$FOLIO_HOME/sample" > "$FOLIO_HOME/sample/index.tsv" <<'PY'
import json, os, sys
wanted = {"bbc": 4, "reuters21578": 3}
with open(sys.argv[1], encoding="utf-8") as corpus:
    for number, line in enumerate(corpus):
        item = json.loads(line)
        if wanted.get(item["source"], 0) > 0 and len(item["text"]) > 400:
            wanted[item["source"]] -= 1
            path = os.path.join(sys.argv[2], f"{number}.txt")
            with open(path, "w", encoding="utf-8") as out:
                out.write(item["text"])
            tag = item["category"] or item["source"]
            print(f"{path}\t{item['title']}\t{tag}")
PY
while IFS=$'\t' read -r path title tag; do
  run add - --title "$title" --tag "$tag" < "$path"
done < "$FOLIO_HOME/sample/index.tsv"

# Saving from the web: real news pages (from the shared extraction test data) served on
# loopback, fetched and extracted; then a URL queued for later, as offline.
web_root="$FOLIO_HOME/web"
mkdir -p "$web_root"
cp "$shared/extraction/readability/guardian-1/source.html" "$web_root/guardian.html"
cp "$shared/extraction/readability/seattletimes-1/source.html" "$web_root/seattletimes.html"
python3 -u -m http.server --bind 127.0.0.1 --directory "$web_root" 0 > "$FOLIO_HOME/web.log" 2>&1 &
web_pid=$!
trap 'kill "$web_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "port" "$FOLIO_HOME/web.log" 2>/dev/null && break; sleep 0.1; done
web_port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$FOLIO_HOME/web.log" | head -n 1)
run add "http://127.0.0.1:$web_port/guardian.html" --tag web
run extract "http://127.0.0.1:$web_port/seattletimes.html" | head -n 12
run add "https://apnews.com/article/russia-ukraine-putin-trump?utm_source=demo" --no-fetch
run add "https://APNEWS.com/article/russia-ukraine-putin-trump" --no-fetch || true
run list --pending

run note add "$seed_id" --quote "Echoes of Helsinki" "Compare with the 2018 Helsinki summit"
run note add "$seed_id" "Experts agree Putin has little incentive to negotiate" --tag thesis
echo "Questions for the essay: who gains from a ceasefire?" | run note add --standalone --tag essay

run list
run show "${seed_id:0:13}" --no-pager | head -20
run search helsinki
run search 'putin OR kremlin -trump'
run search '"peace deal" tag:politics'
run search 'negotiat* in:notes'
run star "$seed_id"
run search 'is:starred'
run status
run export --format markdown --output "$FOLIO_HOME/markdown"
ls "$FOLIO_HOME/markdown" >&2

# Sync: a folio-server on loopback, this library as the laptop and a second device, the
# phone, with its own library.
server_data="$FOLIO_HOME/server"
phone_home="$FOLIO_HOME/phone"
mkdir -p "$server_data" "$phone_home"
token=$("$server_bin" user add demo --data-dir "$server_data")
FOLIO_SERVER_LOG_LEVEL=warning "$server_bin" serve --port 0 --data-dir "$server_data" > "$FOLIO_HOME/server.out" 2>&1 &
server_pid=$!
trap 'kill "$web_pid" "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening on" "$FOLIO_HOME/server.out" 2>/dev/null && break; sleep 0.1; done
server_url=$(sed -n 's/^listening on \(.*\)$/\1/p' "$FOLIO_HOME/server.out" | head -n 1)
[[ -n "$server_url" ]] || { echo "demo: folio-server did not start" >&2; exit 1; }
phone() {
  printf '\n\033[1m$ folio %s\033[0m   (on the phone)\n' "$*" >&2
  FOLIO_HOME="$phone_home" "$folio_bin" "$@"
}
# The token goes in on standard input (or FOLIO_TOKEN, or a no-echo prompt): never in `ps`.
run login "$server_url" --token - --device-name laptop <<< "$token"
run sync
phone login "$server_url" --token - --device-name phone <<< "$token"
phone sync
phone list --limit 3

# A plan for the essay, edited on both devices before they sync: different lines merge.
plan_id=$(printf 'Essay plan\nIntro: the Helsinki summit\nMiddle: what the experts say\nEnd: open questions' \
  | "$folio_bin" note add --standalone --tag essay --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
run sync
phone sync
printf 'Essay plan\nIntro: the Helsinki summit of 2018\nMiddle: what the experts say\nEnd: open questions' | run note edit "$plan_id" --text -
printf 'Essay plan\nIntro: the Helsinki summit\nMiddle: what the experts say\nEnd: who gains from a ceasefire?' | phone note edit "$plan_id" --text -
run sync
phone sync
run sync
run note history "$plan_id" | tail -n 8
phone note list

# The same line edited on both devices: one note, flagged, until resolved on one of them.
printf 'Essay plan\nIntro: the Helsinki summit of 2018\nMiddle: Putin has little incentive to negotiate\nEnd: who gains from a ceasefire?' | run note edit "$plan_id" --text -
printf 'Essay plan\nIntro: the Helsinki summit of 2018\nMiddle: Ukraine and Europe are not at the table\nEnd: who gains from a ceasefire?' | phone note edit "$plan_id" --text -
run sync
phone sync
run sync
run note list --conflicts
run note resolve "$plan_id"
run note resolve "$plan_id" --keep 2
run sync
phone sync
phone status
echo >&2
echo "Demo done. Explore it with: FOLIO_HOME=$FOLIO_HOME $folio_bin list" >&2
