#!/usr/bin/env bash
# Kill loop (issue 9): kill -9 and SIGTERM at 20 moments during start-up on a new database, a recorded scan, and
# the Debian and kernel feed imports (full-scale data from ../shared); after each kill the next commands must finish
# within 60 s, succeed, and find every feed and product as it was. Prints the table the README quotes.
set -euo pipefail
source "$(dirname "$0")/common.sh"
snapshot=$shared/data/kernel-vulns-2026-08-21.tar.xz
[ -f "$snapshot" ] || { echo "needs $snapshot (set VIGIL_SHARED_DIR)" >&2; exit 1; }
if [ ! -f "$out/feed-seed1/tracker.json" ]; then
  python3 "$shared/tools/make-debian-feed.py" --out "$out/feed-seed1" --seed 1
fi
publish_vigil
echo "$(nproc) cores"
python3 "$here/kill-loop.py" "$vigil" "$out/kill-loop" "$out/feed-seed1/tracker.json" "$out/feed-seed1/status" "$snapshot"
