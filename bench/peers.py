"""Timing whole processes against a peer, shared by the bench/*-peer.py scripts."""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd, ok=(0,)):
    """Wall time (s) and peak RSS (MB) of one whole process, its output discarded.

    Linux counts the spawning process's peak RSS at the fork into the child's (/bin/true reports 213 MB spawned from a
    200 MB Python), so the scripts that time keep themselves small: reports are read in a separate process (counted()).
    """
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in ok:
        sys.exit(f"{cmd[0]} failed with exit code {os.waitstatus_to_exitcode(status)}: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def counted(cmd, expression):
    """Runs cmd with its output in a file and returns what a separate Python makes of it: `expression` over the parsed
    JSON `r`. Holding a report in this process would inflate every peak RSS measured after it (see timed())."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(cmd, stdout=report, check=True)
        script = f"import json, sys; r = json.load(open(sys.argv[1])); print({expression})"
        return int(subprocess.run([sys.executable, "-c", script, report.name], capture_output=True, text=True, check=True).stdout)


def alternate(runs, theirs, ours, ours_ok=(0,)):
    """Runs the peer and vigil one after the other, `runs` times, after one untimed run of each (page cache warm).
    Returns (peer median, vigil median, peer peak RSS, vigil peak RSS)."""
    timed(theirs), timed(ours, ours_ok)
    their_walls, our_walls, their_rss, our_rss = [], [], 0, 0
    for _ in range(runs):
        wall, rss = timed(theirs)
        their_walls.append(wall)
        their_rss = max(their_rss, rss)
        wall, rss = timed(ours, ours_ok)
        our_walls.append(wall)
        our_rss = max(our_rss, rss)
    return statistics.median(their_walls), statistics.median(our_walls), their_rss, our_rss
