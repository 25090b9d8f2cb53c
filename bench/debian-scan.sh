#!/usr/bin/env bash
# Debian scanning benchmark (issue 2): full-scale tracker feed (~95 MB, seed 1) and a 2,500-package dpkg status
# from ../shared/tools/make-debian-feed.py. Measures wall time and peak memory (max RSS) of whole processes:
# `vigil feeds import debian` and `vigil scan` (json and table output).
# Targets on the 2-core machine: import <= 3 s, scan process <= 0.5 s, peak memory <= 500 MB.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if [ ! -f "$shared/tools/make-debian-feed.py" ]; then
  echo "needs $shared/tools/make-debian-feed.py (set VIGIL_SHARED_DIR)" >&2
  exit 1
fi
if [ ! -f "$out/feed-seed1/tracker.json" ]; then
  python3 "$shared/tools/make-debian-feed.py" --out "$out/feed-seed1" --seed 1
fi

publish_vigil

data=$out/data
feed=$out/feed-seed1/tracker.json
status=$out/feed-seed1/status
echo "feed: $(du -m "$feed" | cut -f1) MB, $(grep -c '^Package:' "$status") packages in status; $runs runs each; $(nproc) cores"
echo
echo "| step | median wall | worst wall | peak RSS |"
echo "|---|---|---|---|"
measure "feeds import debian (95 MB JSON)" "$vigil" feeds import debian "$feed" --data-dir "$data" --quiet
measure "scan --format json (2,500 packages)" "$vigil" scan --dpkg-status "$status" --release bookworm --data-dir "$data" --format json --quiet
measure "scan, table output" "$vigil" scan --dpkg-status "$status" --release bookworm --data-dir "$data" --quiet

echo
"$vigil" scan --dpkg-status "$status" --release bookworm --data-dir "$data" --format json --quiet -o "$out/scan-seed1.json"
echo "agreement with debsecan's rules (independent Python check): $(python3 "$here/check-debian-scan.py" "$feed" "$status" "$out/scan-seed1.json" | head -1)"
