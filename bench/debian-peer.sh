#!/usr/bin/env bash
# Debian scanning against the real debsecan (issue 15): Debian's debsecan package, installed when missing, reads the
# same generated tracker feed converted to its own VERSION 1 data by ../shared/tools/tracker2debsecan.py; both scan
# the same dpkg status of 500 to 44,376 installed packages (the generator's maximum), whole processes, alternating.
# Target: vigil at most a third of debsecan's time at every size.
set -euo pipefail
source "$(dirname "$0")/common.sh"
command -v debsecan >/dev/null || { apt-get update -qq && apt-get install -y -qq debsecan >/dev/null; }
if [ ! -f "$out/feed-seed1/tracker.json" ]; then
  python3 "$shared/tools/make-debian-feed.py" --out "$out/feed-seed1" --seed 1
fi
publish_vigil
echo "$(nproc) cores; debsecan $(dpkg-query -W -f '${Version}' debsecan); median of $runs alternating runs each"
echo
VIGIL_SHARED_DIR=$shared python3 "$here/debian-peer.py" "$vigil" "$out/debian-peer" "$out/feed-seed1" "$runs" ${SIZES:-500 2500 10000 44376}
