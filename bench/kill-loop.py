#!/usr/bin/env python3
"""Kill loop (issue 9): kill -9 and SIGTERM at 20 moments of each operation, then check that the next commands
finish (bounded), succeed and find everything stored before.

kill-loop.py VIGIL WORKDIR DEBIAN_FEED STATUS KERNEL_SNAPSHOT

Operations: start-up on a new database (product add: creates and migrates it), a recorded scan (scan --product),
the Debian feed import and the kernel feed import. Moments are spread evenly over each operation's own duration,
measured first. After each kill: product list, feeds status, a recorded scan and a kernel scan must exit 0 within
60 s each; the feeds must still hold what they held (same SHA-256), the product must still be there; temporary files
a kill left must be gone after the next import. Prints a Markdown table and exits 1 if anything failed.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

vigil, work, debian_feed, status, snapshot = sys.argv[1:6]
MOMENTS = 20
BOUND = 60


def run(*args, data, check=True, timeout=BOUND):
    started = time.perf_counter()
    try:
        done = subprocess.run([vigil, *args, "--data-dir", data, "--quiet"], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - started, f"hung: vigil {' '.join(args)} did not finish in {timeout} s"
    problem = None
    if check and done.returncode != 0:
        problem = f"vigil {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}"
    return done, time.perf_counter() - started, problem


def feeds(data):
    done, _, problem = run("feeds", "status", "--format", "json", data=data)
    if problem:
        return None, problem
    return {f["kind"]: f.get("sha256") for f in json.loads(done.stdout)["feeds"] if f.get("sha256")}, None


def temporary_files(data):
    folder = os.path.join(data, "feeds")
    return sorted(f for f in os.listdir(folder) if f.endswith(".tmp")) if os.path.isdir(folder) else []


def timed(command):
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - started


def kill_at(command, sig, delay):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(delay)
    try:
        process.send_signal(sig)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=BOUND)
    except subprocess.TimeoutExpired:
        process.kill()
        return "the killed process itself did not stop"
    return process.returncode


shutil.rmtree(work, ignore_errors=True)
data = os.path.join(work, "data")
for args in (["feeds", "import", "debian", debian_feed], ["feeds", "import", "kernel", snapshot],
             ["product", "add", "gateway", "--release", "1", "--dpkg-status", status, "--debian-release", "bookworm", "--kernel-version", "6.1.119-cip33"],
             ["scan", "--product", "gateway"]):
    _, _, problem = run(*args, data=data)
    if problem:
        sys.exit(f"set-up failed: {problem}")
baseline, problem = feeds(data)
if problem:
    sys.exit(problem)

operations = {
    "start-up on a new database (product add)": lambda fresh: [vigil, "product", "add", "p", "--release", "1", "--kernel-version", "6.1.1", "--data-dir", fresh, "--quiet"],
    "recorded scan (scan --product)": lambda _: [vigil, "scan", "--product", "gateway", "--data-dir", data, "--quiet"],
    "Debian feed import": lambda _: [vigil, "feeds", "import", "debian", debian_feed, "--data-dir", data, "--quiet"],
    "kernel feed import (.tar.xz)": lambda _: [vigil, "feeds", "import", "kernel", snapshot, "--data-dir", data, "--quiet"],
}

rows, failures = [], []
for name, make in operations.items():
    fresh = os.path.join(work, "fresh")
    shutil.rmtree(fresh, ignore_errors=True)
    duration = timed(make(fresh))
    for sig in (signal.SIGKILL, signal.SIGTERM):
        worst, left, cleaned, codes = 0.0, 0, True, set()
        for i in range(MOMENTS):
            shutil.rmtree(fresh, ignore_errors=True)
            delay = duration * i / MOMENTS
            code = kill_at(make(fresh), sig, delay)
            codes.add(code)
            if isinstance(code, str):
                failures.append(f"{name}, {sig.name} at {delay:.3f} s: {code}")
                continue
            # Start-up: the new database must open, whatever moment the kill hit.
            if name.startswith("start-up"):
                for args in (["product", "list"], ["db", "migrate"], ["product", "list"]):
                    _, took, problem = run(*args, data=fresh)
                    worst = max(worst, took)
                    if problem:
                        failures.append(f"{name}, {sig.name} at {delay:.3f} s: {problem}")
                continue
            left += len(temporary_files(data))
            for args in (["product", "list"], ["scan", "--product", "gateway"], ["kernel", "scan", "--product", "gateway"]):
                done, took, problem = run(*args, data=data, check=args[0] != "kernel" and args[0] != "scan")
                worst = max(worst, took)
                if problem or done is None or done.returncode not in (0, 2) or (args == ["product", "list"] and "gateway" not in done.stdout):
                    failures.append(f"{name}, {sig.name} at {delay:.3f} s: {problem or (done.stderr.strip() if done else 'no result')}")
            now, problem = feeds(data)
            if problem or now != baseline:
                failures.append(f"{name}, {sig.name} at {delay:.3f} s: feeds changed or unreadable: {problem or now}")
        if not name.startswith("start-up"):
            run("feeds", "import", "debian", debian_feed, data=data)
            cleaned = not temporary_files(data)
            if not cleaned:
                failures.append(f"{name}, {sig.name}: temporary files survived the next import: {temporary_files(data)}")
        exits = ", ".join(str(c) for c in sorted(c for c in codes if isinstance(c, int)))
        rows.append(f"| {name} | {sig.name} | {MOMENTS} over {duration:.2f} s | {exits} | {worst:.2f} s | {left} | {'yes' if cleaned else 'NO'} |")

print(f"{len(rows) * MOMENTS} kills, {len(failures)} failures (hangs, errors, lost or changed data)")
print()
print("| operation | signal | moments | exit codes seen | slowest next command | temp files left | removed by next import |")
print("|---|---|---|---|---|---|---|")
print("\n".join(rows))
for failure in failures:
    print("FAILED:", failure)
sys.exit(1 if failures else 0)
