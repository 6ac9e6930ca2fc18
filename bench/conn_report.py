#!/usr/bin/env python3
"""Renders scripts/bench-conn results (JSON lines) as markdown: ratios within one run, min/median
over the interleaved rounds, errors counted."""
import statistics
import sys

from report import load, read_rows  # bench/report.py, beside this file


def fmt_ratio(values):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    return f"{min(values):.2f}x / {statistics.median(values):.2f}x"


def cpu_us_per_call(row):
    ok = row["run"].get("ok", 0)
    return row["cpu_ticks"] * 1e6 / row["hz"] / ok if ok else None


def close(rows):
    runs = [r for r in rows if r["section"] == "close"]
    if not runs:
        return
    targets = sorted({r["target"] for r in runs}, key=lambda t: t != "new")
    print("\n### A connection per call (\"Connection: close\") / keep-alive, tools/call execute_sql\n")
    rounds = max(sum(1 for r in runs if r["target"] == t and r["tool"] == "load") for t in targets)
    rounds //= 2 * len({r["clients"] for r in runs})
    print(f"{rounds} rounds; ratios are min / median over the rounds, each pair measured back to "
          "back.\n")
    print("| gateway | client | clients | close / keep-alive rps | close rps | keep-alive rps | "
          "CPU us per call, close / keep-alive | close p50 ms | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    keys = sorted({(r["target"], r["tool"], r["clients"]) for r in runs},
                  key=lambda k: (k[0] != "new", k[1], k[2]))
    for t, tool, c in keys:
        pick = [r for r in runs if (r["target"], r["tool"], r["clients"]) == (t, tool, c)]
        ka = [r for r in pick if r["keep_alive"] == "yes"]
        no = [r for r in pick if r["keep_alive"] == "no"]
        ratios = [n["run"]["rps"] / k["run"]["rps"] if k["run"]["rps"] else None
                  for k, n in zip(ka, no)]
        med = lambda xs: statistics.median(xs) if xs else 0  # noqa: E731
        cpu_no = med([v for v in map(cpu_us_per_call, no) if v is not None])
        cpu_ka = med([v for v in map(cpu_us_per_call, ka) if v is not None])
        errors = sum(r["run"].get("errors", 0) for r in pick)
        first = next((r["run"]["first_error"] for r in pick if r["run"].get("first_error")), "")
        print(f"| {t} | {tool} | {c} | {fmt_ratio(ratios)} | {med([r['run']['rps'] for r in no]):.0f} | "
              f"{med([r['run']['rps'] for r in ka]):.0f} | {cpu_no:.0f} / {cpu_ka:.0f} | "
              f"{med([r['run']['p50_ms'] for r in no]):.3f} | {errors}{' (' + first[:60] + ')' if first else ''} |")
    if "base" in targets:
        print("\nAfter / before (gateway 'new' / 'base', same round, same client): close rps "
              "min / median\n")
        print("| client | clients | close rps new / base | keep-alive rps new / base |")
        print("|---|---|---|---|")
        for tool, c in sorted({(k[1], k[2]) for k in keys}):
            out = []
            for ka in ("no", "yes"):
                new = [r["run"]["rps"] for r in runs if (r["target"], r["tool"], r["clients"],
                                                          r["keep_alive"]) == ("new", tool, c, ka)]
                base = [r["run"]["rps"] for r in runs if (r["target"], r["tool"], r["clients"],
                                                           r["keep_alive"]) == ("base", tool, c, ka)]
                out.append(fmt_ratio([n / b if b else None for n, b in zip(new, base)]))
            print(f"| {tool} | {c} | {out[0]} | {out[1]} |")
    threads = [r for r in rows if r["section"] == "threads"]
    if threads:
        print("\nThreads after the runs (the parked ones included): " +
              ", ".join(f"{r['target']} {r['threads']}" for r in threads))


def streams(rows):
    held = [r for r in rows if r["section"] == "streams"]
    if not held:
        return
    print("\n### Idle legacy SSE streams held on one fresh gateway process\n")
    print("| gateway | streams asked | streams open | seconds to open | RSS before MiB | RSS held MiB |"
          " RSS per stream KiB | threads | idle CPU % of a core |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in held:
        s = r["run"]
        print(f"| {r['target']} | {s['requested']} | {s['streams']} | {s['open_seconds']} | "
              f"{s['rss_before_kb'] / 1024:.0f} | {s['rss_held_kb'] / 1024:.0f} | {s['rss_per_stream_kb']} | "
              f"{s['threads']} | {s.get('idle_cpu_percent', 'n/a')} |")


def syscalls(rows):
    for r in (r for r in rows if r["section"] == "syscalls"):
        calls = r["calls"]
        if not calls:
            continue
        print(f"\n### System calls of the gateway per tools/call (strace -f -c, 1 client, {calls} calls)\n")
        print("| system call | per call |")
        print("|---|---|")
        counts = sorted(r["counts"].items(), key=lambda kv: -kv[1])
        for name, n in counts:
            if n / calls >= 0.05:
                print(f"| {name} | {n / calls:.2f} |")
        print(f"| all | {sum(n for _, n in counts) / calls:.2f} |")


def packet(rows):
    runs = [r for r in rows if r["section"] == "packet"]
    if not runs:
        return
    small = [r["run"] for r in runs if r["packet"] == 4096]
    big = [r["run"] for r in runs if r["packet"] == 16383]
    print("\n### TDS packet size, raw db-lib, SELECT of 100,000 rows x 3 columns, 1 client\n")
    print("| | 16,383 / 4,096 (min / median) | p50 ms at 4,096 | p50 ms at 16,383 | errors |")
    print("|---|---|---|---|---|")
    print(f"| query time (p50) | {fmt_ratio([b['p50_ms'] / s['p50_ms'] for s, b in zip(small, big)])} | "
          f"{statistics.median(s['p50_ms'] for s in small):.1f} | "
          f"{statistics.median(b['p50_ms'] for b in big):.1f} | "
          f"{sum(r['errors'] for r in small + big)} |")


rows = read_rows(sys.argv[1])
load(rows)
close(rows)
streams(rows)
syscalls(rows)
packet(rows)
