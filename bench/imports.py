#!/usr/bin/env python3
"""Vigil's feed imports against their floor (bench/floor: the same JSON walked with Utf8JsonReader), whole processes.

usage: imports.py VIGIL FLOOR WORKDIR RUNS TRACKER_JSON VULNS_TREE
Each import writes into the same data directory every run (an import always reads and stores the whole feed).
Prints one Markdown row per feed.
"""
import os, sys

from peers import alternate

vigil, floor, work, runs, tracker, vulns = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
data = os.path.join(work, "vigil-data")
print("| feed | floor | vigil import | vigil / floor | floor peak RSS | vigil peak RSS |")
print("|---|---|---|---|---|---|")
for name, source in (("debian", tracker), ("kernel", vulns)):
    theirs = [floor, name, source]
    ours = [vigil, "feeds", "import", name, source, "--data-dir", data, "--quiet"]
    floor_median, our_median, floor_rss, our_rss = alternate(runs, theirs, ours)
    print(f"| {name} ({source.split('/')[-1]}) | {floor_median:.2f} s | {our_median:.2f} s | {our_median / floor_median:.2f} | {floor_rss:.0f} MB | {our_rss:.0f} MB |", flush=True)
