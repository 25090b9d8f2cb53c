#!/usr/bin/env bash
# Issue 15's figures in one run, each against its peer on this machine: start-up against a trivial ReadyToRun app,
# Debian scans against the real debsecan (bench/debian-peer.sh), kernel scans against Yocto's script
# (bench/kernel-peer.sh), feed imports against a bare Utf8JsonReader walk of the same JSON (bench/imports.sh).
# Then the figures without a peer: the portfolio rescan (bench/portfolio-rescan.sh) and the team server under load
# (bench/server-load.sh, which starts its own PostgreSQL). Needs ../shared (VIGIL_SHARED_DIR) and root for the
# apt-get of a missing peer.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/common.sh"
publish_vigil
export VIGIL_BENCH_PUBLISHED=1
dotnet publish "$here/trivial/trivial.csproj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out/trivial" >/dev/null
echo "## Start-up ($(nproc) cores, median of 21 alternating runs)"
echo
python3 "$here/startup.py" "$vigil" "$out/trivial/trivial" 21 "$out/bin/managed/vigil"
echo
echo "## Debian scan against debsecan"
echo
bash "$here/debian-peer.sh" | tail -n +2
echo
echo "## Kernel scan against Yocto's improve_kernel_cve_report.py"
echo
bash "$here/kernel-peer.sh" | tail -n +2
echo
echo "## Feed imports against their floor"
echo
bash "$here/imports.sh" | tail -n +2
echo
echo "## Portfolio rescan"
echo
bash "$here/portfolio-rescan.sh"
echo
echo "## Team server under load"
echo
bash "$here/server-load.sh"
