#!/usr/bin/env python3
"""The findings page of the web UI with about 10,000 open findings in one product: four releases of the full-scale
status file (2,500 packages) on the full-scale feed. Logs in through the API as a browser would (through a local
"TLS proxy": X-Forwarded-Proto) once the server says it is ready, and times page loads on loopback: the first, then
pages, filters and sorts.

usage: web-findings.py VIGIL WORKDIR FEEDDIR
"""
import json, os, random, shutil, statistics, subprocess, sys, time, urllib.request

vigil, work, feeddir = sys.argv[1], sys.argv[2], sys.argv[3]
PORT, RELEASES = 18432, 4
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
data = ["--data-dir", os.path.join(work, "data")]

def run(*args, input=None):
    return subprocess.run([vigil, *args, *data], check=True, capture_output=True, text=True, input=input).stdout.strip()

run("feeds", "import", "debian", os.path.join(feeddir, "tracker.json"), "--quiet")
run("user", "add", "sec", "--role", "security-manager")
run("user", "password", "sec", "--password-fd", "0", input="a long benchmark passphrase\n")
status = os.path.join(feeddir, "status")
for r in range(RELEASES):
    run("product", "add", "big", "--release", f"r{r}", "--dpkg-status", status, "--debian-release", "bookworm")
    run("scan", "--product", "big", "--product-release", f"r{r}", "--offline", "--quiet")

started = time.perf_counter()
server = subprocess.Popen([vigil, "serve", "--listen", f"127.0.0.1:{PORT}", "--quiet", "--no-scheduler", *data], stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{PORT}"
proxy = {"X-Forwarded-Proto": "https"}
try:
    # Ready (GET /healthz 200) once the server has built the findings views, as a load balancer would wait for.
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            break
        except Exception:
            time.sleep(0.05)
    ready = time.perf_counter() - started
    login = urllib.request.Request(base + "/api/v1/session", method="POST", data=json.dumps({"name": "sec", "password": "a long benchmark passphrase"}).encode(),
                                   headers={**proxy, "Content-Type": "application/json"})
    with urllib.request.urlopen(login) as response:
        cookies = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie"))

    def load(path):
        started = time.perf_counter()
        with urllib.request.urlopen(urllib.request.Request(base + path, headers={**proxy, "Cookie": cookies}), timeout=60) as response:
            body = response.read()
        return (time.perf_counter() - started) * 1000, body

    cold, body = load("/products/big")
    total = body.decode().split("<caption>")[1].split(" open findings")[0]
    random.seed(1)
    paths = [f"/products/big?page={random.randint(1, 200)}" for _ in range(40)] \
        + [f"/products/big?risk={r}&page=2" for r in ("high", "medium", "low") for _ in range(5)] \
        + [f"/products/big?sort={s}&page={random.randint(1, 100)}" for s in ("cve", "component") for _ in range(10)] \
        + ["/products/big?q=linux"] * 5
    times = sorted(load(p)[0] for p in paths)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"| {total} open findings in one product ({RELEASES} releases) | {ready:.1f} s | {cold:.0f} ms | {statistics.median(times):.0f} ms | {p95:.0f} ms | {times[-1]:.0f} ms | {len(times)} |")
finally:
    server.terminate()
    server.wait(timeout=30)
