#!/usr/bin/env bash
# Team server load (issue 11): 50 products with about 3,000 findings each on a full-scale tracker feed (seed 1),
# then for 60 s 64 wrk connections reading findings pages and 8 writing triage decisions, on SQLite and on
# PostgreSQL (a throwaway cluster started here). Reports requests/s, p50/p99 latency and 5xx counts, and checks that
# every write acknowledged with 2xx is present afterwards. Prints the table the README quotes.
set -euo pipefail
source "$(dirname "$0")/common.sh"
# wrk and PostgreSQL from Debian, installed when missing (as root, like .ci/run).
missing=()
command -v wrk >/dev/null || missing+=(wrk)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -f "$out/feed-seed1/tracker.json" ]; then
  python3 "$shared/tools/make-debian-feed.py" --out "$out/feed-seed1" --seed 1
fi
publish_vigil
duration=${DURATION:-60}

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgroot=$(mktemp -d /tmp/vigil-bench-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres "$pgroot"; as_pg=(runuser -u postgres --); fi
trap '"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgroot/data" -m fast stop >/dev/null 2>&1; rm -rf "$pgroot"' EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$pgroot/data" -A trust -U postgres >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgroot/data" -l "$pgroot/log" -w \
  -o "-p 55490 -k $pgroot -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null

echo "$(nproc) cores; ${duration} s per run"
echo
echo "| database | reads/s | read p50 | read p99 | writes/s | write p50 | write p99 | 5xx | writes acknowledged | present after |"
echo "|---|---|---|---|---|---|---|---|---|---|"
python3 "$here/server-load.py" "$vigil" "$out/server-load-sqlite" "$out/feed-seed1" sqlite "$duration"
python3 "$here/server-load.py" "$vigil" "$out/server-load-pg" "$out/feed-seed1" "Host=127.0.0.1;Port=55490;Username=postgres;Database=vigil_bench" "$duration"
