#!/usr/bin/env python3
"""Times a command: measure.py RUNS NAME CMD... prints a Markdown row: median and worst wall time, peak RSS."""
import resource
import statistics
import subprocess
import sys
import time

runs, name, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
walls, rss = [], 0
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    walls.append(time.perf_counter() - start)
    rss = max(rss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(f"| {name} | {statistics.median(walls):.3f} s | {max(walls):.3f} s | {rss / 1024:.0f} MB |")
