#!/usr/bin/env python3
"""GET /health latency on one gateway while one scope's database runs, then while it is frozen (SIGSTOP).

Usage: health_latency.py PORT DEVSERVER_PID SECONDS
The gateway's scope /frozen uses the devserver DEVSERVER_PID; /health lists every scope. Each phase sends
GET /health and GET /frozen/health back to back for SECONDS on fresh connections; the frozen phase starts
once the gateway's health probe of /frozen is pending (database_probe_running_s), so every answer is
given while a probe waits on the frozen database. The devserver is resumed (SIGCONT) at exit.
Prints one JSON line: p50 and max in ms per phase and path.
"""
import http.client
import json
import os
import signal
import sys
import time


def get(port, path):
    start = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return (time.monotonic() - start) * 1e3, json.loads(body)


def phase(port, seconds):
    out = {"/health": [], "/frozen/health": []}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for path in out:
            out[path].append(get(port, path)[0])
    return {path: {"p50_ms": round(sorted(v)[len(v) // 2], 2), "max_ms": round(max(v), 2), "n": len(v)}
            for path, v in out.items()}


def main():
    port, pid, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    result = {"running": phase(port, seconds)}
    os.kill(pid, signal.SIGSTOP)
    try:
        deadline = time.monotonic() + 15
        while "database_probe_running_s" not in get(port, "/frozen/health")[1] and time.monotonic() < deadline:
            time.sleep(0.05)
        result["frozen"] = phase(port, seconds)
    finally:
        os.kill(pid, signal.SIGCONT)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
