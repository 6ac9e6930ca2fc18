#!/usr/bin/env python3
"""Opens N legacy SSE streams (GET <path>, Accept: text/event-stream) on one gateway and holds them.

Usage: sse_hold.py PORT PATH N GATEWAY_PID [SECONDS_TO_OPEN]
Each stream counts once its `endpoint` event has arrived (MCP 2024-11-05 "HTTP with SSE").
Prints one JSON line: streams opened, seconds to open them, gateway VmRSS before and with them held,
and the gateway's CPU (user + system, % of one core) over SSE_IDLE_SECONDS (default 10) of holding
them idle.
Everything is bounded: SECONDS_TO_OPEN (default 60) to open all, sockets closed at exit.
"""
import json
import os
import resource
import selectors
import socket
import sys
import time


def vm(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])  # kB
    return 0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def main():
    port, path, n, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    open_seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 60
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, n + 256)), hard))
    rss_before = vm(pid, "VmRSS")
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               "Accept: text/event-stream\r\n\r\n").encode()
    sel = selectors.DefaultSelector()
    socks, got = [], {}
    start = time.monotonic()
    deadline = start + open_seconds
    opened = 0
    while time.monotonic() < deadline and (opened < n or len(got) < opened):
        # Few connects in flight: the listen backlog may be small (a dropped SYN costs 1 s).
        while opened < n and opened - len(got) < 2:
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(request)
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, bytearray())
            socks.append(s)
            opened += 1
        for key, _ in sel.select(timeout=0.5):
            try:
                data = key.fileobj.recv(4096)
            except BlockingIOError:
                continue
            if not data:
                sel.unregister(key.fileobj)
                got[key.fileobj] = False
                continue
            key.data.extend(data)
            if b"event: endpoint" in key.data and b"\n\n" in key.data.split(b"event: endpoint", 1)[1]:
                got[key.fileobj] = True
                sel.unregister(key.fileobj)
    elapsed = time.monotonic() - start
    ok = sum(1 for v in got.values() if v)
    time.sleep(1)
    rss_held = vm(pid, "VmRSS")
    idle_seconds = float(os.environ.get("SSE_IDLE_SECONDS", "10"))
    cpu_start, idle_start = cpu_seconds(pid), time.monotonic()
    time.sleep(idle_seconds)
    idle_cpu = (cpu_seconds(pid) - cpu_start) / (time.monotonic() - idle_start)
    print(json.dumps({"requested": n, "streams": ok, "closed_early": sum(1 for v in got.values() if not v),
                      "open_seconds": round(elapsed, 2), "rss_before_kb": rss_before,
                      "rss_held_kb": rss_held, "threads": vm(pid, "Threads"),
                      "rss_per_stream_kb": round((rss_held - rss_before) / max(ok, 1), 1),
                      "idle_cpu_percent": round(100 * idle_cpu, 2)}))
    for s in socks:
        s.close()


main()
