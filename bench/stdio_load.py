#!/usr/bin/env python3
"""Closed-loop tools/call load on an MCP server that speaks only stdio (newline-delimited JSON-RPC).

Usage: stdio_load.py IN_FLIGHT SECONDS TOOL ARGS_JSON -- COMMAND...
stdio has one client per process, so "clients" here is the number of requests kept in flight on the
one pipe. Prints the same JSON line as bench/load (mode "stdio") plus the server's VmHWM.
"""
import json
import os
import selectors
import subprocess
import sys
import time


def vm_hwm(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    sep = sys.argv.index("--")
    in_flight, seconds, tool, args = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
    proc = subprocess.Popen(sys.argv[sep + 1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=os.environ)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    buf = b""

    def send(msg):
        proc.stdin.write((json.dumps(msg) + "\n").encode())
        proc.stdin.flush()

    def read_messages(deadline):
        nonlocal buf
        out = []
        while not out and time.monotonic() < deadline:
            if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
                break
            chunk = os.read(proc.stdout.fileno(), 1 << 16)
            if not chunk:
                raise SystemExit("server closed stdout")
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if line.strip():
                    try:
                        out.append(json.loads(line))
                    except ValueError:
                        pass
        return out

    try:
        send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "mssql-mcp-bench", "version": "1"}}})
        init_deadline = time.monotonic() + 30
        answered = False
        while not answered and time.monotonic() < init_deadline:
            answered = any(m.get("id") == 0 for m in read_messages(init_deadline))
        if not answered:
            raise SystemExit("no initialize answer in 30 s")
        send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        pending, lat, errors, first_error = {}, [], 0, ""
        next_id = 1
        start = time.monotonic()
        stop = start + seconds
        while time.monotonic() < stop or pending:
            while time.monotonic() < stop and len(pending) < in_flight:
                pending[next_id] = time.monotonic()
                send({"jsonrpc": "2.0", "id": next_id, "method": "tools/call",
                      "params": {"name": tool, "arguments": args}})
                next_id += 1
            for m in read_messages(stop + 30):
                sent = pending.pop(m.get("id"), None)
                if sent is None:
                    continue
                result = m.get("result")
                if result is not None and not result.get("isError"):
                    lat.append((time.monotonic() - sent) * 1000)
                else:
                    errors += 1
                    first_error = first_error or json.dumps(m)[:300]
            if time.monotonic() > stop + 30:
                break
        elapsed = time.monotonic() - start
        hwm = vm_hwm(proc.pid)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    lat.sort()

    def pct(p):
        return lat[min(len(lat) - 1, int(p * (len(lat) - 1) + 0.5))] if lat else 0.0
    print(json.dumps({"mode": "stdio", "clients": in_flight, "ok": len(lat), "errors": errors,
                      "seconds": round(elapsed, 3), "rps": round(len(lat) / elapsed, 1),
                      "p50_ms": round(pct(0.5), 3), "p99_ms": round(pct(0.99), 3),
                      "first_error": first_error, "vm_hwm_kb": hwm}))


main()
