#!/usr/bin/env bash
# Web UI (issue 12): the findings page with about 10,000 findings in one product, timed on loopback (target: under
# 300 ms server time). Prints the row the README quotes.
set -euo pipefail
source "$(dirname "$0")/common.sh"
if [ ! -f "$out/feed-seed1/tracker.json" ]; then
  python3 "$shared/tools/make-debian-feed.py" --out "$out/feed-seed1" --seed 1
fi
publish_vigil
echo "| findings | ready after start | first page | median | p95 | slowest | pages timed |"
echo "|---|---|---|---|---|---|---|"
python3 "$here/web-findings.py" "$vigil" "$out/web-findings" "$out/feed-seed1"
