#!/usr/bin/env bash
# Feed imports against their floor (issue 15): the generated Debian tracker feed (seed 1, 92 MB) and the kernel CNA
# snapshot's unpacked tree (14,626 records) imported by vigil, and the same JSON walked token by token with
# Utf8JsonReader by bench/floor (ReadyToRun like vigil), whole processes, alternating.
# Targets: each import within 2x its floor, peak memory <= 150 MB.
set -euo pipefail
source "$(dirname "$0")/common.sh"
snapshot=$shared/data/kernel-vulns-2026-08-21.tar.xz
[ -f "$snapshot" ] || { echo "needs $snapshot (set VIGIL_SHARED_DIR)" >&2; exit 1; }
[ -f "$out/feed-seed1/tracker.json" ] || python3 "$shared/tools/make-debian-feed.py" --out "$out/feed-seed1" --seed 1
if [ ! -d "$out/kernel-vulns/cve/published" ]; then
  mkdir -p "$out/kernel-vulns" && tar -xJf "$snapshot" -C "$out/kernel-vulns"
fi
publish_vigil
dotnet publish "$here/floor/floor.csproj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out/floor" >/dev/null
echo "$(nproc) cores; median of $runs alternating runs each"
echo
python3 "$here/imports.py" "$vigil" "$out/floor/floor" "$out/imports" "$runs" "$out/feed-seed1/tracker.json" "$out/kernel-vulns"
