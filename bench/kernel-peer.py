#!/usr/bin/env python3
"""Vigil's kernel scan against Yocto's improve_kernel_cve_report.py on the same kernel CNA snapshot, whole processes.

usage: kernel-peer.py VIGIL WORKDIR VULNS_TREE RUNS VERSION...
Both are asked about the same kernel version with no other input (no SPDX, no old report): Yocto's script walks every
CVE record of the unpacked tree, vigil reads its imported feed. Prints one Markdown row per version.
"""
import os, subprocess, sys

from peers import alternate, counted

vigil, work, tree, runs, versions = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
shared = os.environ.get("VIGIL_SHARED_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared"))
yocto = os.path.join(shared, "peers", "improve_kernel_cve_report.py")
os.makedirs(work, exist_ok=True)
data = os.path.join(work, "vigil-data")
subprocess.run([vigil, "feeds", "import", "kernel", tree, "--data-dir", data, "--quiet"], check=True)

print("| kernel | open findings (vigil) | Yocto's script | vigil | vigil / Yocto | Yocto peak RSS | vigil peak RSS |")
print("|---|---|---|---|---|---|---|")
for version in versions:
    theirs = ["/usr/bin/python3", yocto, "--datadir", tree, "--kernel-version", version, "--new-cve-report", os.path.join(work, f"yocto-{version}.json")]
    ours = [vigil, "kernel", "scan", "--version", version, "--data-dir", data, "--format", "json", "--quiet"]
    their_median, our_median, their_rss, our_rss = alternate(runs, theirs, ours)
    opened = counted(ours, "sum(1 for f in r['findings'] if f.get('status') in ('affected', 'needs-review'))")
    print(f"| {version} | {opened:,} | {their_median:.3f} s | {our_median:.3f} s | {our_median / their_median:.2f} | {their_rss:.0f} MB | {our_rss:.0f} MB |", flush=True)
