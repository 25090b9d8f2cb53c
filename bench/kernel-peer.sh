#!/usr/bin/env bash
# Kernel scanning against Yocto's improve_kernel_cve_report.py (issue 15), from ../shared/peers, on the kernel CNA
# snapshot in ../shared (14,626 published CVEs), same versions, whole processes, alternating; Python's `packaging`
# (Debian's python3-packaging, which the script imports) installed when missing; Debian's own python3 runs it.
# Targets: vigil <= 0.12 s for any version, at least 20 times faster than the script, peak memory <= 60 MB.
set -euo pipefail
source "$(dirname "$0")/common.sh"
snapshot=$shared/data/kernel-vulns-2026-08-21.tar.xz
[ -f "$snapshot" ] || { echo "needs $snapshot (set VIGIL_SHARED_DIR)" >&2; exit 1; }
/usr/bin/python3 -c 'import packaging' 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-packaging >/dev/null; }
if [ ! -d "$out/kernel-vulns/cve/published" ]; then
  mkdir -p "$out/kernel-vulns" && tar -xJf "$snapshot" -C "$out/kernel-vulns"
fi
publish_vigil
echo "$(nproc) cores; median of $runs alternating runs each"
echo
VIGIL_SHARED_DIR=$shared python3 "$here/kernel-peer.py" "$vigil" "$out/kernel-peer" "$out/kernel-vulns" "$runs" ${VERSIONS:-4.19.325 5.10.240 6.1.119 6.12.30}
