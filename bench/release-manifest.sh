#!/usr/bin/env bash
# Release integrity benchmark (issue 5): a manifest of a release directory holding a 2 GiB image and 1,000 small
# files, made by `vigil release manifest` and checked by `vigil release verify`, against coreutils' sha256sum
# on the same files. Shows that memory stays flat however large the image (files are read in 1 MiB pieces).
set -euo pipefail
source "$(dirname "$0")/common.sh"
runs=1  # a 2 GiB image per run: one run each
release=$out/release
mkdir -p "$release/small"
if [ ! -f "$release/image.wic" ]; then
  head -c $((2 * 1024 * 1024 * 1024)) /dev/urandom > "$release/image.wic"
  for i in $(seq 1 1000); do head -c 4096 /dev/urandom > "$release/small/f$i.bin"; done
fi
publish_vigil

echo "$(du -sh "$release" | cut -f1) in $(find "$release" -type f | wc -l) files; $(nproc) cores"
echo
echo "| step | wall | worst wall | peak RSS |"
echo "|---|---|---|---|"
measure "vigil release manifest" "$vigil" release manifest "$release" --out "$out/SHA256SUMS" --quiet
measure "vigil release verify" "$vigil" release verify "$release" --manifest "$out/SHA256SUMS" --quiet
measure "sha256sum -c (coreutils, same files)" sh -c "cd '$release' && sha256sum -c --quiet '$out/SHA256SUMS' >/dev/null 2>&1"
