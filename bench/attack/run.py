#!/usr/bin/env python3
"""Load-generator benchmark: faaswise attack against wrk and hey, on Debian's nginx, in one run.

Measures, on this machine:
  1. rate accuracy of `faaswise attack` at 100..5,000 requests/s for 10 s;
  2. the closed-loop maximum of wrk and of hey (best of a few connection counts);
  3. the highest rate `faaswise attack` sustains open-loop (achieved within 1 %, no drops);
  4. CPU seconds per 10,000 requests of faaswise and hey at the same rates (hey rate-limited with -q).
Then rewrites the "Load generator" section of docs/benchmarks.md. CPU is the whole process's user + system
time from wait4(2), start-up included, as a user pays it.

Needs nginx, wrk and hey (Debian packages: apt-get install nginx wrk hey) and the .NET SDK.
Usage: bench/attack/run.py [--quick]
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchdoc import machine, replace_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DLL = ROOT / ".build/cli/faaswise.dll"  # built by ./faaswise (Release, ReadyToRun)
URL = "http://127.0.0.1:18080/"
QUICK = "--quick" in sys.argv
SECONDS = 4 if QUICK else 10


def run(cmd, timeout=300):
    """Runs a command; returns (stdout, cpu seconds of the process, wall seconds)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=timeout)
    wall = time.monotonic() - start
    # communicate() reaped the child; its rusage is in the children's totals, read as a difference.
    return out, err, wall, proc.returncode


def cpu_of(cmd, timeout=300):
    before = os.times()
    out, err, wall, code = run(cmd, timeout)
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if code != 0:
        raise SystemExit(f"{cmd[0]} failed ({code}): {err.strip()[-400:]}")
    return out, cpu, wall


def faaswise(rate, seconds, extra=()):
    out, cpu, wall = cpu_of(["dotnet", str(DLL), "attack", "--url", URL, "--rate", str(rate),
                             "--duration", f"{seconds}s", "--json", "-q", *extra])
    d = json.loads(out)
    return {"rate": d["rate"], "requests": d["requests"], "dropped": d["dropped"], "success": d["success"],
            "lag99_ms": d["schedule_lag"]["99th"] / 1e6, "p99_ms": d["latencies"]["99th"] / 1e6,
            "svc99_ms": d["service_times"]["99th"] / 1e6, "cpu": cpu, "wall": wall}


def wrk(threads, conns, seconds):
    out, cpu, _ = cpu_of(["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", URL])
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), cpu


def hey(conns, seconds, qps_per_worker=None):
    cmd = ["hey", "-z", f"{seconds}s", "-c", str(conns)]
    if qps_per_worker:
        cmd += ["-q", f"{qps_per_worker:g}"]
    out, cpu, _ = cpu_of(cmd + [URL])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    responses = sum(int(n) for n in re.findall(r"\[\d+\]\s+(\d+) responses", out))
    return rps, responses, cpu


def sustained(r):
    return r["dropped"] == 0 and abs(r["rate"] / r["target"] - 1) <= 0.01 and r["success"] == 1.0


def main():
    for tool in ("nginx", "wrk", "hey", "dotnet"):
        if not shutil.which(tool):
            raise SystemExit(f"bench: {tool} is missing (apt-get install nginx wrk hey; the .NET 10 SDK)")
    subprocess.run([str(ROOT / "faaswise"), "--help"], check=True, stdout=subprocess.DEVNULL)
    scratch = tempfile.mkdtemp(prefix="faaswise-bench-")
    os.makedirs(f"{scratch}/logs")
    nginx = subprocess.Popen(["nginx", "-c", str(ROOT / "bench/attack/nginx.conf"), "-p", scratch],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(URL, timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        results = measure()
    finally:
        nginx.terminate()
        nginx.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    write(results)


def measure():
    res = {"accuracy": [], "wrk": [], "hey": [], "search": [], "cpu": []}
    print("rate accuracy", flush=True)
    for rate in (100, 1000, 2000, 5000):
        r = faaswise(rate, SECONDS) | {"target": rate}
        res["accuracy"].append(r)
        print(f"  {rate}/s -> {r['rate']:.2f}/s", flush=True)

    print("closed-loop maxima", flush=True)
    for t, c in ((1, 50), (2, 50), (1, 100)):
        rps, _ = wrk(t, c, SECONDS)
        res["wrk"].append({"threads": t, "conns": c, "rps": rps})
        print(f"  wrk -t{t} -c{c}: {rps:.0f}/s", flush=True)
    for c in (50, 100, 200):
        rps, _, _ = hey(c, SECONDS)
        res["hey"].append({"conns": c, "rps": rps})
        print(f"  hey -c{c}: {rps:.0f}/s", flush=True)

    # The peers' ceilings swing by ±20 % between minutes on a shared virtual machine: wrk's best setting is
    # measured again in the middle and at the end, and the verdict uses the median of the three.
    best_wrk = max(res["wrk"], key=lambda w: w["rps"])
    res["wrk_repeats"] = [best_wrk["rps"]]

    print("open-loop maximum of faaswise attack", flush=True)
    step, rate, best, failed = 5000, 20000, 0, None
    while rate <= 200000:
        r = faaswise(rate, SECONDS) | {"target": rate}
        res["search"].append(r)
        print(f"  {rate}/s -> {r['rate']:.0f}/s, dropped {r['dropped']}, lag p99 {r['lag99_ms']:.2f} ms", flush=True)
        if not sustained(r):
            failed = rate
            break
        best = rate
        rate += step
    for _ in range(2):
        if failed is None or failed - best <= 1000:
            break
        mid = (best + failed) // 2 // 500 * 500
        r = faaswise(mid, SECONDS) | {"target": mid}
        res["search"].append(r)
        print(f"  {mid}/s -> {r['rate']:.0f}/s, dropped {r['dropped']}, lag p99 {r['lag99_ms']:.2f} ms", flush=True)
        if sustained(r):
            best = mid
        else:
            failed = mid
    rps, _ = wrk(best_wrk["threads"], best_wrk["conns"], SECONDS)
    res["wrk_repeats"].append(rps)
    print(f"  wrk -t{best_wrk['threads']} -c{best_wrk['conns']} again: {rps:.0f}/s", flush=True)
    # Confirm the maximum: sustained in at least two of three trials, else step down.
    while best > 0:
        trials = [r for r in res["search"] if r["target"] == best]
        for _ in range(2):
            r = faaswise(best, SECONDS) | {"target": best}
            res["search"].append(r)
            trials.append(r)
            print(f"  {best}/s again -> {r['rate']:.0f}/s, dropped {r['dropped']}, lag p99 {r['lag99_ms']:.2f} ms", flush=True)
        if sum(sustained(t) for t in trials) >= 2:
            break
        best -= 2500
    res["open_loop_max"] = best
    rps, _ = wrk(best_wrk["threads"], best_wrk["conns"], SECONDS)
    res["wrk_repeats"].append(rps)
    print(f"  wrk -t{best_wrk['threads']} -c{best_wrk['conns']} again: {rps:.0f}/s", flush=True)
    kept = [s["target"] for s in res["search"] if sustained(s) and s["lag99_ms"] <= 10 and s["target"] <= best]
    res["schedule_kept_max"] = max(kept, default=0)

    print("CPU per 10,000 requests at the same rate", flush=True)
    cpu_seconds = 2 * SECONDS
    for rate in (1000, 5000, 10000, 20000):
        f = faaswise(rate, cpu_seconds)
        conns = 50
        h_rps, h_n, h_cpu = hey(conns, cpu_seconds, rate / conns)
        res["cpu"].append({"rate": rate, "faaswise_requests": f["requests"], "faaswise_cpu": f["cpu"],
                           "faaswise_rate": f["rate"], "hey_requests": h_n, "hey_cpu": h_cpu, "hey_rate": h_rps})
        print(f"  {rate}/s: faaswise {f['cpu']:.2f} CPU-s for {f['requests']}, hey {h_cpu:.2f} CPU-s for {h_n}", flush=True)
    _, startup, _ = cpu_of(["dotnet", str(DLL), "attack", "--url", URL, "--rate", "1", "--duration", "1ms", "-q"])
    res["startup_cpu"] = startup
    return res


def write(res):
    wrk_best = max(res["wrk"], key=lambda w: w["rps"])
    hey_best = max(res["hey"], key=lambda h: h["rps"])
    repeats = sorted(res["wrk_repeats"])
    wrk_median = repeats[len(repeats) // 2]
    top = res["open_loop_max"]
    lines = [
        "## Load generator (`faaswise attack`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `bench/attack/run.py{' --quick' if QUICK else ''}` "
        f"in one run, every tool against the same nginx (`bench/attack/nginx.conf`: one worker, a 17-byte static "
        f"response on 127.0.0.1:18080) on the same machine: {machine()}. "
        f"Each measurement lasts {SECONDS} s unless stated.",
        "",
        "### Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
    ]
    worst = max(abs(a["rate"] / a["target"] - 1) for a in res["accuracy"])
    lines.append(f"| achieved rate within 0.5 % of the requested rate up to 5,000/s | worst error {worst * 100:.3f} % | "
                 f"{'met' if worst <= 0.005 else 'NOT met'} |")
    r_wrk, r_hey = top / wrk_median, top / hey_best["rps"]
    lines.append(f"| open-loop maximum ≥ 0.7 × wrk's closed-loop maximum | {top:,}/s ÷ {wrk_median:,.0f}/s (median of wrk -t{wrk_best['threads']} "
                 f"-c{wrk_best['conns']} at start, middle, end: {', '.join(f'{x:,.0f}' for x in res['wrk_repeats'])}) = **{r_wrk:.2f}**; "
                 f"against the best single wrk run {top / max(repeats):.2f} | {'met' if r_wrk >= 0.7 else 'NOT met'} |")
    lines.append(f"| open-loop maximum ≥ 1.2 × hey's closed-loop maximum | {top:,}/s ÷ {hey_best['rps']:,.0f}/s = **{r_hey:.2f}** | "
                 f"{'met' if r_hey >= 1.2 else 'NOT met'} |")
    kept = res["schedule_kept_max"]
    lines.append(f"| (stricter, ours) highest rate with p99 schedule lag ≤ 10 ms as well | {kept:,}/s = **{kept / wrk_median:.2f}** × wrk, "
                 f"**{kept / hey_best['rps']:.2f}** × hey | |")
    for c in res["cpu"]:
        f10k = c["faaswise_cpu"] / c["faaswise_requests"] * 1e4
        h10k = c["hey_cpu"] / c["hey_requests"] * 1e4
        lines.append(f"| CPU per 10,000 requests ≤ hey's at the same rate ({c['rate']:,}/s) | faaswise {f10k:.3f} CPU-s, "
                     f"hey {h10k:.3f} CPU-s: ratio **{f10k / h10k:.2f}** | {'met' if f10k <= h10k else 'NOT met'} |")
    lines += ["", "### Rate accuracy (constant arrivals, event-loop engine)", "",
              "| requested | achieved | error | p99 schedule lag | p99 latency (intended) | p99 service time | dropped |",
              "|---|---|---|---|---|---|---|"]
    for a in res["accuracy"]:
        lines.append(f"| {a['target']:,}/s | {a['rate']:,.2f}/s | {(a['rate'] / a['target'] - 1) * 100:+.3f} % | "
                     f"{a['lag99_ms']:.3f} ms | {a['p99_ms']:.3f} ms | {a['svc99_ms']:.3f} ms | {a['dropped']} |")
    lines += ["", "### Closed-loop maxima of the peers", "", "| tool | setting | requests/s |", "|---|---|---|"]
    lines += [f"| wrk | -t{w['threads']} -c{w['conns']} | {w['rps']:,.0f} |" for w in res["wrk"]]
    lines += [f"| hey | -c {h['conns']} | {h['rps']:,.0f} |" for h in res["hey"]]
    lines += ["", "### Open-loop search (faaswise attack; sustained = achieved within 1 %, no drops, all 200)", "",
              "| requested | achieved | dropped | p99 schedule lag | p99 latency (intended) | sustained |", "|---|---|---|---|---|---|"]
    # in the order run: the ascending search, two bisections, then two confirmation trials of the maximum
    for s in res["search"]:
        lines.append(f"| {s['target']:,}/s | {s['rate']:,.0f}/s | {s['dropped']} | {s['lag99_ms']:.2f} ms | {s['p99_ms']:.2f} ms | "
                     f"{'yes' if sustained(s) else 'no'} |")
    lines += ["", f"### CPU at the same rate ({2 * SECONDS} s each; hey with -c 50 and -q rate/50)", "",
              "| rate | faaswise requests | faaswise CPU | per 10k | hey requests | hey achieved | hey CPU | per 10k |",
              "|---|---|---|---|---|---|---|---|"]
    for c in res["cpu"]:
        lines.append(f"| {c['rate']:,}/s | {c['faaswise_requests']:,} | {c['faaswise_cpu']:.2f} s | "
                     f"{c['faaswise_cpu'] / c['faaswise_requests'] * 1e4:.3f} s | {c['hey_requests']:,} | {c['hey_rate']:,.0f}/s | "
                     f"{c['hey_cpu']:.2f} s | {c['hey_cpu'] / c['hey_requests'] * 1e4:.3f} s |")
    lines += ["", f"faaswise's CPU includes its start-up and the engine warm-up (a 1 ms attack costs {res['startup_cpu']:.2f} CPU-s "
              "in all); hey's includes its own start-up. wrk's figure is closed-loop: it sends the next request on a "
              "connection as soon as the previous response arrives, so it measures nginx's ceiling, not a schedule.", ""]
    section = "\n".join(lines)
    replace_section("## Load generator", section)
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
