#!/usr/bin/env python3
"""kill -9 during writes, and a PostgreSQL restart during reads, against `vigil serve` (see server-faults.sh).

usage: server-faults.py VIGIL WORKDIR CONNECTION "PG RESTART COMMAND"
"""
import json, os, random, shutil, signal, subprocess, sys, threading, time, urllib.error, urllib.request

vigil, work, database, restart_pg = sys.argv[1:5]
here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "..", "tests", "Vigil.Tests", "Fixtures")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
env = dict(os.environ, VIGIL_DATABASE=database)
data = ["--data-dir", os.path.join(work, "data")]
PORT = 18432
base = f"http://127.0.0.1:{PORT}"

def run(*args):
    return subprocess.run([vigil, *args, *data], env=env, check=True, capture_output=True, text=True).stdout.strip()

def call(method, path, token, body=None, timeout=30):
    request = urllib.request.Request(base + path, method=method, data=body, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None

def serve():
    server = subprocess.Popen([vigil, "serve", "--listen", f"127.0.0.1:{PORT}", "--quiet", *data], env=env, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if call("GET", "/api/v1/me", admin, timeout=2)[0] == 200:
                return server
        except Exception:
            pass
        time.sleep(0.1)
    raise SystemExit("the server did not start")

run("db", "migrate")
run("feeds", "import", "debian", os.path.join(fixtures, "tracker-excerpt.json"), "--quiet")
admin = run("user", "add", "admin", "--role", "admin")
server = serve()
status = os.path.join(fixtures, "status-bookworm-excerpt")
call("POST", "/api/v1/products/gateway/releases", admin, json.dumps({"release": "1", "dpkgStatus": os.path.abspath(status), "debianRelease": "bookworm"}).encode())
call("POST", "/api/v1/products/gateway/scans", admin)

# 1. kill -9 during writes.
acknowledged, counter, lock = set(), [0], threading.Lock()
def writer(stop):
    while not stop.is_set():
        with lock:
            counter[0] += 1
            n = counter[0]
        body = json.dumps({"cve": "CVE-2025-4802", "component": "glibc", "state": "in_triage", "detail": f"w{n}"}).encode()
        try:
            code, _ = call("POST", "/api/v1/products/gateway/triage", admin, body, timeout=10)
        except Exception:
            continue
        if code == 201:
            with lock:
                acknowledged.add(f"w{n}")
kills = 10
for _ in range(kills):
    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(stop,)) for _ in range(8)]
    for t in threads: t.start()
    time.sleep(random.uniform(0.5, 2.0))
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for t in threads: t.join()
    server = serve()
code, history = call("GET", "/api/v1/products/gateway/triage?cve=CVE-2025-4802", admin)
stored = {d["detail"] for d in history}
_, audit = call("GET", "/api/v1/audit/verify", admin)
_, entries = call("GET", "/api/v1/audit?limit=10000", admin)
audited = sum(1 for e in entries if e["action"] == "triage.decide")
lost = acknowledged - stored
print(f"kill -9 during writes: {kills} kills, {len(acknowledged)} decisions acknowledged, {len(lost)} lost, "
      f"{len(stored)} stored, {audited} audited, audit chain {'holds' if audit['holds'] else 'BROKEN: ' + str(audit['problem'])} ({audit['entries']} entries)")

# 2. PostgreSQL restart during reads.
statuses, first_good_after, restarted_at = {}, [None], [None]
def reader(stop):
    while not stop.is_set():
        try:
            code, _ = call("GET", "/api/v1/products/gateway/findings?pageSize=10", admin, timeout=10)
        except Exception as e:
            code = type(e).__name__
        with lock:
            statuses[code] = statuses.get(code, 0) + 1
            if code == 200 and restarted_at[0] is not None and first_good_after[0] is None and time.monotonic() > restarted_at[0]:
                first_good_after[0] = time.monotonic()
stop = threading.Event()
threads = [threading.Thread(target=reader, args=(stop,)) for _ in range(16)]
for t in threads: t.start()
time.sleep(2)
began = time.monotonic()
subprocess.run(restart_pg, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
restarted_at[0] = time.monotonic()
time.sleep(8)
stop.set()
for t in threads: t.join()
server.send_signal(signal.SIGTERM)
server.wait(timeout=60)
recovery = f"{first_good_after[0] - restarted_at[0]:.2f} s after PostgreSQL was back ({restarted_at[0] - began:.1f} s restart)" if first_good_after[0] else "never"
print(f"PostgreSQL restart during reads: answers {dict(sorted(statuses.items(), key=str))}; first good answer {recovery}")
bad = {k: v for k, v in statuses.items() if k not in (200, 503)}
if lost or not audit["holds"] or audited != len(stored) or first_good_after[0] is None or bad:
    print(f"FAILED: lost={len(lost)} chain={audit['holds']} audited={audited}/{len(stored)} other={bad}", file=sys.stderr)
    sys.exit(1)
