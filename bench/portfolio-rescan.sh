#!/usr/bin/env bash
# Portfolio rescan (issue 15): 100 product releases of a 3,000-package status scanned on the seed-1 feed, then the
# seed-2 feed imported and every release rescanned through the use cases the server's rescan job calls
# (bench/Vigil.Bench, in-process, SQLite in a fresh data directory; VIGIL_DATABASE naming an empty PostgreSQL
# database runs it there instead). Target: the rescan in under 30 s on 2 cores.
set -euo pipefail
source "$(dirname "$0")/common.sh"
for seed in 1 2; do
  [ -f "$out/feed-seed$seed/tracker.json" ] || python3 "$shared/tools/make-debian-feed.py" --out "$out/feed-seed$seed" --seed "$seed"
done
if [ ! -f "$out/rescan/status-3000" ]; then
  python3 "$shared/tools/make-debian-feed.py" --out "$out/rescan/generated" --seed 1 --installed 3000 >/dev/null
  mv "$out/rescan/generated/status" "$out/rescan/status-3000" && rm -rf "$out/rescan/generated"
fi
rm -rf "$out/rescan/data"
echo "$(nproc) cores; ${RELEASES:-100} releases of $(grep -c '^Package:' "$out/rescan/status-3000") packages"
echo
echo "| step | wall |"
echo "|---|---|"
dotnet run -c Release --project "$here/Vigil.Bench" -- rescan "$out/rescan/data" "$out/feed-seed1/tracker.json" "$out/feed-seed2/tracker.json" \
  "$out/rescan/status-3000" "${RELEASES:-100}"
