#!/usr/bin/env python3
"""Renders scripts/bench results (JSON lines) as markdown tables; every figure a ratio to its baseline."""
import json
import sys


def ratio(a, b):
    return f"{a / b:.3g}x" if a and b else "n/a"


def runs(rows, section, target):
    return {r["run"]["clients"]: r["run"] for r in rows
            if r["section"] == section and r.get("target") == target and "clients" in r.get("run", {})}


def err(run):
    return f"{run['errors']} ({run['first_error'][:80]})" if run.get("errors") else "0"


def median(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def rounds_of(rows, section, target):
    """{clients: [run, ...]} in round order."""
    out = {}
    for r in rows:
        if r["section"] == section and r.get("target") == target and "clients" in r.get("run", {}):
            out.setdefault(r["run"]["clients"], []).append(r["run"])
    return out


def fmt(value, spec):
    return "n/a" if value is None else format(value, spec)


def overhead(rows):
    raw = rounds_of(rows, "overhead", "raw db-lib")
    if not raw:
        return
    n = max(len(v) for v in raw.values())
    print(f"\n### Gateway overhead: execute_sql through the gateway / raw db-lib round trip "
          f"({n} interleaved rounds; ratios of the medians, min..median per round)\n")
    print("| clients | load generator | throughput ratio | p50 ratio | gateway rps min/median | "
          "raw rps min/median | gateway p50 ms | raw p50 ms | gateway CPU us/call | "
          "devserver CPU us/call (gateway / raw) | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for target in ("gateway", "gateway (wrk)", "baseline gateway", "baseline gateway (wrk)"):
        gw = rounds_of(rows, "overhead", target)
        for c in sorted(raw):
            rs, gs = raw[c], gw.get(c, [])
            if not gs:
                continue
            per_round = [g["rps"] / r["rps"] for r, g in zip(rs, gs) if r.get("rps")]
            rr, gr = median(x["rps"] for x in rs), median(x["rps"] for x in gs)
            rp, gp = median(x["p50_ms"] for x in rs), median(x["p50_ms"] for x in gs)
            errors = sum(g.get("errors", 0) for g in gs)
            first = next((g["first_error"] for g in gs if g.get("errors")), "")
            name = ("wrk" if target.endswith("(wrk)") else "bench/load") + \
                (" (baseline gateway)" if target.startswith("baseline") else "")
            print(f"| {c} | {name} | {ratio(gr, rr)} ({fmt(min(per_round, default=None), '.3g')}.."
                  f"{fmt(median(per_round), '.3g')}) | {ratio(gp, rp)} | "
                  f"{min(x['rps'] for x in gs):.0f}/{gr:.0f} | {min(x['rps'] for x in rs):.0f}/{rr:.0f} | "
                  f"{gp:.3f} | {rp:.3f} | {fmt(median(x.get('cpu_us_per_call') for x in gs), '.0f')} | "
                  f"{fmt(median(x.get('devserver_cpu_us_per_call') for x in gs), '.0f')} / "
                  f"{fmt(median(x.get('devserver_cpu_us_per_call') for x in rs), '.0f')} | "
                  f"{errors}{' (' + first[:80] + ')' if errors else ''} |")


def peers(rows):
    gw = runs(rows, "peers", "gateway")
    if not gw:
        return
    print("\n### Peers: same tools/call workload, peer / gateway (throughput >1x: peer faster; "
          "latency >1x: peer slower)\n")
    print("| peer | clients | throughput ratio | p50 ratio | p99 ratio | peer rps | peer p50/p99 ms |"
          " gateway rps | peer errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in ("DBHub", "mssql-mcp-server (stdio)"):
        for c, p in sorted(runs(rows, "peers", name).items()):
            g = gw.get(c) or gw[min(gw)]
            print(f"| {name} | {c} | {ratio(p['rps'], g['rps'])} | {ratio(p['p50_ms'], g['p50_ms'])} | "
                  f"{ratio(p['p99_ms'], g['p99_ms'])} | {p['rps']:.0f} | "
                  f"{p['p50_ms']:.2f}/{p['p99_ms']:.2f} | {g['rps']:.0f} | {err(p)} |")
    mem = {r["target"]: r["vm_hwm_kb"] for r in rows if r["section"] == "memory"}
    stdio = [r["run"].get("vm_hwm_kb") for r in rows if r.get("target") == "mssql-mcp-server (stdio)"]
    gw_hwm = mem.get("gateway")
    if gw_hwm:
        print("\nPeak memory (VmHWM) after the runs above, peer / gateway: "
              f"DBHub {ratio(mem.get('DBHub'), gw_hwm)} ({mem.get('DBHub', 0) // 1024} MiB vs "
              f"{gw_hwm // 1024} MiB)" +
              (f"; mssql-mcp-server {ratio(max(stdio), gw_hwm)} ({max(stdio) // 1024} MiB)"
               if stdio and max(stdio) else ""))


def scale(rows):
    sse = [r["run"] for r in rows if r["section"] == "sse"]
    if sse:
        print("\n### Open SSE streams on one gateway process\n")
        print("| streams asked | streams open | seconds to open | RSS before MiB | RSS held MiB |"
              " RSS per stream KiB | threads | idle CPU % of a core |")
        print("|---|---|---|---|---|---|---|---|")
        for s in sse:
            print(f"| {s['requested']} | {s['streams']} | {s['open_seconds']} | {s['rss_before_kb'] // 1024} | "
                  f"{s['rss_held_kb'] // 1024} | {s['rss_per_stream_kb']} | {s['threads']} | "
                  f"{s.get('idle_cpu_percent', 'n/a')} |")
    for b in (r for r in rows if r["section"] == "bigrows"):
        print(f"\n1,000,000-row SELECT (max_rows 1000000, max_result_bytes 1000000): peak memory after / "
              f"before = {ratio(b['hwm_after_kb'], b['hwm_before_kb'])} ({b['hwm_before_kb'] // 1024} -> "
              f"{b['hwm_after_kb'] // 1024} MiB), {b['ms']} ms, response {b['response_bytes']} bytes, "
              f"{b['note'] or 'no truncated flag found'}")
    one = [r["run"] for r in rows if r["section"] == "scopes" and r["target"] == "1 scope"]
    three = [r["run"] for r in rows if r["section"] == "scopes" and r["target"].startswith("3 scopes")]
    if one and three:
        total = sum(t["rps"] for t in three)
        print(f"\nThree scopes at once (16 clients each) / one scope (16 clients): total throughput "
              f"{ratio(total, one[0]['rps'])} ({total:.0f} vs {one[0]['rps']:.0f} rps); per-scope p99 "
              f"{', '.join('%.1f' % t['p99_ms'] for t in three)} ms vs {one[0]['p99_ms']:.1f} ms; errors "
              f"{sum(t['errors'] for t in three)}")


def catalog(rows):
    cat = [r for r in rows if r["section"] == "catalog"]
    if not cat:
        return
    print("\n### Catalog size: latency / latency on 10 tables (1 client)\n")
    print("| tool | tables | p50 ratio | p99 ratio | p50 ms | p99 ms | errors | p50 / one raw catalog query |")
    print("|---|---|---|---|---|---|---|---|")
    raw = {r["tables"]: r["run"] for r in cat if r["tool"] == "raw sys.tables"}
    for tool in ("list_tables", "describe_table", "raw sys.tables"):
        base = next((r["run"] for r in cat if r["tool"] == tool and r["tables"] == 10), None)
        for r in (r for r in cat if r["tool"] == tool):
            x = r["run"]
            print(f"| {tool} | {r['tables']} | {ratio(x['p50_ms'], base and base['p50_ms'])} | "
                  f"{ratio(x['p99_ms'], base and base['p99_ms'])} | {x['p50_ms']:.2f} | {x['p99_ms']:.2f} | "
                  f"{err(x)} | {ratio(x['p50_ms'], raw.get(r['tables'], {}).get('p50_ms'))} |")


def health(rows):
    for r in (r for r in rows if r["section"] == "health"):
        run, frozen = r["run"]["running"], r["run"]["frozen"]
        print("\n### GET /health with one scope's database frozen (SIGSTOP) / running\n")
        print("| path | p50 ratio | max ratio | p50 ms running | p50 ms frozen | max ms frozen |")
        print("|---|---|---|---|---|---|")
        for path in run:
            a, b = run[path], frozen[path]
            print(f"| {path} | {ratio(b['p50_ms'], a['p50_ms'])} | {ratio(b['max_ms'], a['max_ms'])} | "
                  f"{a['p50_ms']:.2f} | {b['p50_ms']:.2f} | {b['max_ms']:.2f} |")


def large(rows):
    rounds = [r for r in rows if r["section"] == "large"]
    mem = next((r for r in rows if r["section"] == "large_memory"), None)
    if not rounds or not mem:
        return
    raw = sorted(r["raw"]["p50_ms"] for r in rounds if r["raw"]["ok"])
    gw = sorted(r["gateway"]["p50_ms"] for r in rounds if r["gateway"]["ok"])
    errors = sum(r["raw"]["errors"] + r["gateway"]["errors"] for r in rounds)
    first = next((r["gateway"]["first_error"] for r in rounds if r["gateway"]["errors"]), "")
    med = lambda v: v[len(v) // 2] if v else 0
    print(f"\n### 100,000 rows x 6 columns: execute_sql / raw db-lib ({len(rounds)} interleaved rounds)\n")
    print("| | min ms | median ms | min ratio | median ratio |")
    print("|---|---|---|---|---|")
    print(f"| raw db-lib | {min(raw, default=0):.1f} | {med(raw):.1f} | 1x | 1x |")
    print(f"| execute_sql | {min(gw, default=0):.1f} | {med(gw):.1f} | "
          f"{ratio(min(gw, default=0), min(raw, default=0))} | {ratio(med(gw), med(raw))} |")
    # The same call answered as an SSE event streamed while the rows arrive (a second gateway).
    sse = sorted(r["streamed"]["p50_ms"] for r in rounds if r.get("streamed", {}).get("ok"))
    errors += sum(r["streamed"]["errors"] for r in rounds if "streamed" in r)
    if sse:
        print(f"| execute_sql, streamed SSE answer | {min(sse):.1f} | {med(sse):.1f} | "
              f"{ratio(min(sse), min(raw, default=0))} | {ratio(med(sse), med(raw))} |")
    print(f"\nResponse {rounds[-1]['gateway'].get('bytes', 0)} bytes (curl, 2025-06-18, plain JSON answer).")
    streamed_mem = next((r for r in rows if r["section"] == "large_streamed_memory"), None)
    for label, m in (("plain JSON", mem), ("streamed SSE", streamed_mem)):
        if not m:
            continue
        grow = (m["hwm_after_kb"] - m["hwm_before_kb"]) / 1024
        print(f"\nGateway memory ({label}): peak (VmHWM) {m['hwm_before_kb'] // 1024} -> "
              f"{m['hwm_after_kb'] // 1024} MiB (+{grow:.1f} MiB); RSS before the first large call "
              f"{m['rss_before_kb'] / 1024:.1f} MiB, one second after the last {m['rss_after_kb'] / 1024:.1f} MiB")
    print(f"\nErrors {errors}" + (f" ({first[:80]})" if first else ""))


def load(rows):
    """The load average marks of a run (bench/conn_report.py prints them too)."""
    marks = [r for r in rows if r["section"] == "load"]
    if marks:
        print("Load average (1/5/15 min) during the run: " +
              "; ".join(f"{m['when']} {m['utc']} UTC: {m['loadavg']}" for m in marks))


def read_rows(path):
    return [json.loads(line) for line in open(path) if line.strip()]


if __name__ == "__main__":
    rows = read_rows(sys.argv[1])
    load(rows)
    overhead(rows)
    peers(rows)
    scale(rows)
    catalog(rows)
    health(rows)
    large(rows)
