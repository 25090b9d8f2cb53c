#!/usr/bin/env python3
"""vigil --version against a trivial ReadyToRun console app, whole processes, alternating (issue 15: within 1.5x).

usage: startup.py VIGIL TRIVIAL RUNS [MANAGED]
MANAGED: the managed build the native front end hands other commands to, timed the same way for comparison.
"""
import sys

from peers import alternate

vigil, trivial, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
managed = sys.argv[4] if len(sys.argv) > 4 else None
floor, ours, floor_rss, our_rss = alternate(runs, [trivial], [vigil, "--version"])
print("| process | median wall | peak RSS |")
print("|---|---|---|")
print(f"| trivial ReadyToRun console app (`bench/trivial`) | {floor * 1000:.1f} ms | {floor_rss:.0f} MB |")
print(f"| `vigil --version` | {ours * 1000:.1f} ms ({ours / floor:.2f}x) | {our_rss:.0f} MB |")
if managed:
    floor, ours, floor_rss, our_rss = alternate(runs, [trivial], [managed, "--version"])
    print(f"| `vigil --version`, the managed build alone (trivial app {floor * 1000:.1f} ms in these runs) | {ours * 1000:.1f} ms ({ours / floor:.2f}x) | {our_rss:.0f} MB |")
