#!/usr/bin/env python3
"""vigil --version against a trivial ReadyToRun console app, whole processes, alternating (issue 15: within 1.5x).

usage: startup.py VIGIL TRIVIAL RUNS
"""
import sys

from peers import alternate

vigil, trivial, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
floor, ours, floor_rss, our_rss = alternate(runs, [trivial], [vigil, "--version"])
print("| process | median wall | peak RSS |")
print("|---|---|---|")
print(f"| trivial ReadyToRun console app (`bench/trivial`) | {floor * 1000:.1f} ms | {floor_rss:.0f} MB |")
print(f"| `vigil --version` | {ours * 1000:.1f} ms ({ours / floor:.2f}x) | {our_rss:.0f} MB |")
