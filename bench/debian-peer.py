#!/usr/bin/env python3
"""Vigil's Debian scan against the real debsecan on the same data, whole processes, alternating runs.

usage: debian-peer.py VIGIL WORKDIR FEEDDIR RUNS SIZE...
FEEDDIR holds tracker.json (make-debian-feed.py, seed 1); for each SIZE a status of that many installed packages is
generated with the same seed, the feed is converted to debsecan's VERSION 1 data with tracker2debsecan.py (bookworm's
verdict kept) and imported into Vigil, and both scan the same status: debsecan --format detail from file://, vigil
scan --format json. Prints one Markdown row per size: medians, their ratio, and peak RSS.
"""
import os, shutil, subprocess, sys

from peers import alternate, counted

vigil, work, feeddir, runs, sizes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), [int(s) for s in sys.argv[5:]]
shared = os.environ.get("VIGIL_SHARED_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared"))
os.makedirs(work, exist_ok=True)
tracker = os.path.join(feeddir, "tracker.json")
debsecan_data = os.path.join(work, "debsecan")
if not os.path.exists(os.path.join(debsecan_data, "bookworm")):
    subprocess.run(["python3", os.path.join(shared, "tools", "tracker2debsecan.py"), tracker, debsecan_data, "--suite", "bookworm"], check=True, stdout=subprocess.DEVNULL)
data = os.path.join(work, "vigil-data")
subprocess.run([vigil, "feeds", "import", "debian", tracker, "--data-dir", data, "--quiet"], check=True)

print("| installed packages | findings (vigil) | debsecan | vigil | vigil / debsecan | debsecan peak RSS | vigil peak RSS |")
print("|---|---|---|---|---|---|---|")
for size in sizes:
    status = os.path.join(work, f"status-{size}")
    if not os.path.exists(status):
        generated = os.path.join(work, f"gen-{size}")
        subprocess.run(["python3", os.path.join(shared, "tools", "make-debian-feed.py"), "--out", generated, "--seed", "1", "--installed", str(size)],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.move(os.path.join(generated, "status"), status)
        shutil.rmtree(generated)
    debsecan = ["debsecan", "--suite", "bookworm", "--source", f"file://{debsecan_data}/", "--status", status, "--format", "detail"]
    ours = [vigil, "scan", "--dpkg-status", status, "--release", "bookworm", "--data-dir", data, "--format", "json", "--quiet"]
    theirs, mine, theirs_rss, our_rss = alternate(runs, debsecan, ours)
    findings = counted(ours, "r['summary']['findings']")
    packages = sum(1 for line in open(status) if line.startswith("Package:"))
    print(f"| {packages:,} | {findings:,} | {theirs:.3f} s | {mine:.3f} s | {mine / theirs:.2f} | {theirs_rss:.0f} MB | {our_rss:.0f} MB |", flush=True)
