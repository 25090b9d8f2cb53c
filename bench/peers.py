"""Timing whole processes against a peer, shared by the bench/*-peer.py scripts."""
import os
import statistics
import subprocess
import sys
import time


def timed(cmd, ok=(0,)):
    """Wall time (s) and peak RSS (MB) of one whole process, its output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in ok:
        sys.exit(f"{cmd[0]} failed with exit code {os.waitstatus_to_exitcode(status)}: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


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
