#!/usr/bin/env python3
"""Closed-loop load on the panel's JSON API: CLIENTS threads, each with its own keep-alive connection, for SECONDS.
Each client cycles through the mix (list snapshots, settings, events) and every 20th request creates a snapshot.
Prints one JSON object: per kind the count and p50/p95/p99 in ms, the errors (no answer, 5xx, unexpected 4xx) and
the creates refused because a run was in progress (409, the panel's answer by design).
Usage: load.py URL API_KEY CLIENTS SECONDS"""
import http.client
import json
import sys
import threading
import time
import urllib.parse

url, key, clients, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
target = urllib.parse.urlsplit(url)
reads = [("snapshots", "/api/modules/hetzner/snapshots?page=1&pageSize=50"),
         ("settings", "/api/modules/hetzner/settings"),
         ("events", "/api/events?take=50")]
results = []
lock = threading.Lock()
deadline = time.monotonic() + seconds


def client(index):
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    mine = []
    i = index
    while time.monotonic() < deadline:
        i += 1
        if i % 20 == 0:
            kind, method, path = "create", "POST", "/api/modules/hetzner/snapshots"
            body = json.dumps({"description": f"load {index}-{i}"})
        else:
            kind, path = reads[i % len(reads)]
            method, body = "GET", None
        headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        mine.append((kind, (time.perf_counter() - start) * 1000, status))
    conn.close()
    with lock:
        results.extend(mine)


threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


summary = {"requests": len(results), "errors": 0, "refused_409": 0, "kinds": {}}
for kind in ["snapshots", "settings", "events", "create", "reads"]:
    rows = [r for r in results if (r[0] != "create" if kind == "reads" else r[0] == kind)]
    times = [r[1] for r in rows]
    summary["kinds"][kind] = {"count": len(rows), **{f"p{p}": round(percentile(times, p), 1) for p in (50, 95, 99)}}
for kind, _, status in results:
    if kind == "create" and status == 409:
        summary["refused_409"] += 1
    elif status == 0 or status >= 500 or (status >= 400 and status != 409):
        summary["errors"] += 1
    elif kind == "create" and status not in (200, 201, 202):
        summary["errors"] += 1
print(json.dumps(summary))
