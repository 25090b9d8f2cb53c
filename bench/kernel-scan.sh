#!/usr/bin/env bash
# Kernel scanning benchmark (issue 3): the kernel CNA snapshot in ../shared (14,626 published CVEs).
# Measures whole processes: `vigil feeds import kernel` (packed .tar.xz and unpacked tree), `vigil kernel scan`
# for kernels of several branches, and for comparison the load-every-JSON approach Yocto's script takes.
# Then the in-process numbers from bench/Vigil.Bench (feed load, evaluation of every record for one version).
# Targets on the 2-core machine: import <= 10 s, scan process <= 0.3 s, in-process evaluation <= 50 ms.
set -euo pipefail
source "$(dirname "$0")/common.sh"
snapshot=$shared/data/kernel-vulns-2026-08-21.tar.xz
[ -f "$snapshot" ] || { echo "needs $snapshot (set VIGIL_SHARED_DIR)" >&2; exit 1; }
if [ ! -d "$out/kernel-vulns/cve/published" ]; then
  mkdir -p "$out/kernel-vulns" && tar -xJf "$snapshot" -C "$out/kernel-vulns"
fi

publish_vigil

data=$out/kernel-data
echo "$(nproc) cores; $runs runs each"
echo
echo "| step | median wall | worst wall | peak RSS |"
echo "|---|---|---|---|"
runs=3 measure "feeds import kernel (.tar.xz snapshot)" "$vigil" feeds import kernel "$snapshot" --data-dir "$data" --quiet
runs=3 measure "feeds import kernel (unpacked tree)" "$vigil" feeds import kernel "$out/kernel-vulns" --data-dir "$data" --quiet
for v in 4.19.325-cip115 5.10.240-cip60 6.1.119-cip33 6.12.30; do
  measure "kernel scan --version $v --format json" "$vigil" kernel scan --version "$v" --data-dir "$data" --format json --quiet
done
measure "kernel scan --version 6.1.119-cip33 (table)" "$vigil" kernel scan --version 6.1.119-cip33 --data-dir "$data" --quiet
measure "kernel fixed-in 6.1.120" "$vigil" kernel fixed-in 6.1.120 --data-dir "$data" --quiet
runs=3 measure "load every JSON each run (Yocto's approach, Python) for 6.1.119" python3 "$here/load-every-json.py" "$out/kernel-vulns" 6.1.119
echo
echo "In-process (bench/Vigil.Bench):"
echo
dotnet run -c Release --project "$here/Vigil.Bench" -- "$data"
