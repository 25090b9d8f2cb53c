#!/usr/bin/env python3
"""Sets up the server-load data through the API, runs wrk readers and writers at once, and checks the writes.

usage: server-load.py VIGIL WORKDIR FEEDDIR (sqlite|CONNECTION) SECONDS
"""
import json, os, re, shutil, signal, subprocess, sys, tempfile, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

vigil, work, feeddir, database, seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
PRODUCTS, PORT = 50, 18431
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
env = dict(os.environ)
if database != "sqlite":
    env["VIGIL_DATABASE"] = database
data = ["--data-dir", os.path.join(work, "data")]

def run(*args):
    return subprocess.run([vigil, *args, *data], env=env, check=True, capture_output=True, text=True).stdout.strip()

if database != "sqlite":
    run("db", "migrate")
run("feeds", "import", "debian", os.path.join(feeddir, "tracker.json"), "--quiet")
admin = run("user", "add", "loadadmin", "--role", "admin")
reader = run("user", "add", "reader", "--role", "auditor")
writer = run("user", "add", "writer", "--role", "security-manager")

# About 3,000 findings a product: the first 1,410 packages of the 2,500-package status (2.1 open findings a package).
stanzas = open(os.path.join(feeddir, "status")).read().split("\n\n")
status = os.path.join(work, "status")
open(status, "w").write("\n\n".join(stanzas[:1410]) + "\n")

# With the server garbage collector, as the README's systemd unit runs it (the command line keeps the workstation one).
server = subprocess.Popen([vigil, "serve", "--listen", f"127.0.0.1:{PORT}", "--quiet", *data], env={**env, "DOTNET_gcServer": "1"},
                          stderr=subprocess.PIPE, text=True)
base = f"http://127.0.0.1:{PORT}"

def call(method, path, token, body=None, content="application/json"):
    request = urllib.request.Request(base + path, method=method, data=body, headers={"Authorization": f"Bearer {token}", "Content-Type": content})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"null")

for _ in range(100):
    try:
        call("GET", "/api/v1/me", admin)
        break
    except Exception:
        time.sleep(0.2)

def make(i):
    call("POST", f"/api/v1/products/p{i}/releases", admin, json.dumps({"release": "1", "dpkgStatus": status, "debianRelease": "bookworm"}).encode())
    return call("POST", f"/api/v1/products/p{i}/scans", admin)["open"]

with ThreadPoolExecutor(2) as pool:
    open_counts = list(pool.map(make, range(PRODUCTS)))
cves = [f["cve"] for f in call("GET", "/api/v1/products/p0/findings?pageSize=500&sort=cve", reader)["items"]]
components = {f["cve"]: f["component"] for f in call("GET", "/api/v1/products/p0/findings?pageSize=500&sort=cve", reader)["items"]}
decisions_before = sum(len(call("GET", f"/api/v1/products/p{i}/triage", reader)) for i in range(PRODUCTS))

lua = os.path.join(work, "lua")
os.makedirs(lua)
open(os.path.join(lua, "read.lua"), "w").write(f"""
local n = 0
request = function()
  n = n + 1
  local product = math.random(0, {PRODUCTS - 1})
  local page = math.random(1, 60)
  return wrk.format("GET", "/api/v1/products/p" .. product .. "/findings?pageSize=50&page=" .. page, {{["Authorization"] = "Bearer {reader}"}})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.errors.status, latency:percentile(50), latency:percentile(99), summary.duration))
end
""")
pairs = ",".join('{"%s","%s"}' % (c, components[c]) for c in cves[:400])
open(os.path.join(lua, "write.lua"), "w").write(f"""
local pairs = {{ {pairs} }}
local states = {{"in_triage", "affected", "fixed"}}
request = function()
  local p = pairs[math.random(1, #pairs)]
  local body = '{{"cve":"' .. p[1] .. '","component":"' .. p[2] .. '","state":"' .. states[math.random(1, 3)] .. '","response":"update","threat":"TM-1"}}'
  return wrk.format("POST", "/api/v1/products/p" .. math.random(0, {PRODUCTS - 1}) .. "/triage", {{["Authorization"] = "Bearer {writer}", ["Content-Type"] = "application/json"}}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.errors.status, latency:percentile(50), latency:percentile(99), summary.duration))
end
""")

def wrk(script, connections, threads):
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "-s", os.path.join(lua, script), base],
                         capture_output=True, text=True).stdout
    requests, bad, p50, p99, duration = map(int, re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+)", out).groups())
    five = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return requests, bad, p50 / 1000, p99 / 1000, duration / 1e6, out

results = {}
threads = [threading.Thread(target=lambda: results.__setitem__("read", wrk("read.lua", 64, 2))),
           threading.Thread(target=lambda: results.__setitem__("write", wrk("write.lua", 8, 1)))]
for t in threads: t.start()
for t in threads: t.join()

# Every write wrk saw acknowledged (2xx) must be stored; a request cut off by the end of the run may be stored too.
reads, read_bad, rp50, rp99, rdur, _ = results["read"]
writes, write_bad, wp50, wp99, wdur, _ = results["write"]
acknowledged = writes - write_bad
decisions_after = sum(len(call("GET", f"/api/v1/products/p{i}/triage", reader)) for i in range(PRODUCTS))
present = decisions_after - decisions_before
server.send_signal(signal.SIGTERM)
server.wait(timeout=60)
name = "SQLite" if database == "sqlite" else "PostgreSQL"
print(f"| {name} ({PRODUCTS} products, {min(open_counts):,}-{max(open_counts):,} findings each) | {reads / rdur:,.0f} | {rp50:.0f} ms | {rp99:.0f} ms | {writes / wdur:,.1f} | {wp50:.0f} ms | {wp99:.0f} ms | {read_bad + write_bad} non-2xx | {acknowledged:,} | {present:,} |")
if present < acknowledged:
    print(f"LOST WRITES: {acknowledged - present} acknowledged decisions are missing", file=sys.stderr)
    sys.exit(1)
