#!/usr/bin/env python3
"""Gateway benchmark: `faaswise gateway` against the function process called directly, in one run.

Measures, on this machine, with the built-in `echo` (one replica, http mode) and `faaswise attack`:
  1. latency added by the gateway at 1,000 requests/s: rounds of 30 s direct then 30 s through the gateway,
     the added latency being the difference of the p50s and of the p99s within a round;
  2. the gateway at 5,000 requests/s for 30 s: success ratio, achieved rate, latency;
  3. the gateway process's CPU per 10,000 requests.
"Direct" is `faaswise functions serve echo`: the same code, runtime settings and HTTP server as the replica the
gateway forwards to, on its own port. Then rewrites the "Gateway" section of docs/benchmarks.md.

Needs the .NET SDK only. Usage: bench/gateway/run.py [--quick]
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchdoc import cpu_seconds, machine, replace_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DLL = ROOT / ".build/cli/faaswise.dll"  # built by ./faaswise (Release, ReadyToRun)
QUICK = "--quick" in sys.argv
SECONDS = 5 if QUICK else 30
ROUNDS = 1 if QUICK else 3
GATEWAY_PORT, DIRECT_PORT = 18091, 18092
GATEWAY = f"http://127.0.0.1:{GATEWAY_PORT}/function/echo"
DIRECT = f"http://127.0.0.1:{DIRECT_PORT}/"
REPLICA_ENV = {"DOTNET_TieredCompilation": "1", "DOTNET_TieredPGO": "0", "DOTNET_gcServer": "0", "DOTNET_GCgen0size": "0x400000"}


def attack(url, rate, seconds):
    out = subprocess.run(["dotnet", str(DLL), "attack", "--url", url, "--method", "POST", "--body", "hello", "--rate", str(rate),
                          "--duration", f"{seconds}s", "--json", "-q"], capture_output=True, text=True, timeout=seconds + 120)
    if out.returncode != 0:
        raise SystemExit(f"attack failed ({out.returncode}): {out.stderr.strip()[-400:]}")
    d = json.loads(out.stdout)
    lat = d["latencies"]
    return {"rate": d["rate"], "requests": d["requests"], "success": d["success"], "dropped": d["dropped"],
            "p50": lat["50th"] / 1e6, "p90": lat["90th"] / 1e6, "p99": lat["99th"] / 1e6, "max": lat["max"] / 1e6,
            "codes": d["status_codes"]}


def start(args, ready_prefix, env=None):
    proc = subprocess.Popen(["dotnet", str(DLL), *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, **(env or {})})
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        if line.startswith(ready_prefix):
            return proc
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise SystemExit(f"{args[0]} did not become ready")


def main():
    subprocess.run([str(ROOT / "faaswise"), "--help"], check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        password = Path(tmp) / "password"
        password.write_text("bench\n")
        gateway = start(["gateway", "--port", str(GATEWAY_PORT), "--stack", str(ROOT / "bench/gateway/stack.yml"),
                         "--password-file", str(password), "--no-autoscale"], "gateway: ready")
        direct = start(["functions", "serve", "echo", "--port", str(DIRECT_PORT)], "faaswise-watchdog ready", REPLICA_ENV)
        try:
            for url in (DIRECT, GATEWAY):  # warm-up: JIT and connection pools on both paths
                attack(url, 1000, 3)
            rounds = []
            for r in range(ROUNDS):
                d = attack(DIRECT, 1000, SECONDS)
                before = cpu_seconds(gateway.pid)
                g = attack(GATEWAY, 1000, SECONDS)
                g["gateway_cpu"] = cpu_seconds(gateway.pid) - before
                rounds.append({"direct": d, "gateway": g})
                print(f"round {r + 1}: direct p50 {d['p50']:.3f} p99 {d['p99']:.3f} ms; gateway p50 {g['p50']:.3f} p99 {g['p99']:.3f} ms", flush=True)
            before = cpu_seconds(gateway.pid)
            high = attack(GATEWAY, 5000, SECONDS)
            high["gateway_cpu"] = cpu_seconds(gateway.pid) - before
            high_direct = attack(DIRECT, 5000, SECONDS)
            print(f"5000/s: gateway success {high['success']:.5f} at {high['rate']:.0f}/s; direct {high_direct['success']:.5f}", flush=True)
        finally:
            for p in (direct, gateway):
                p.terminate()
                p.wait(timeout=30)
    write(rounds, high, high_direct)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def write(rounds, high, high_direct):
    add50 = [r["gateway"]["p50"] - r["direct"]["p50"] for r in rounds]
    add99 = [r["gateway"]["p99"] - r["direct"]["p99"] for r in rounds]
    m50, m99 = median(add50), median(add99)
    lines = [
        "## Gateway (`faaswise gateway`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `bench/gateway/run.py{' --quick' if QUICK else ''}` on {machine()}. "
        "The built-in `echo` runs as one replica (http mode, `bench/gateway/stack.yml`, autoscaling off); \"direct\" is "
        "`faaswise functions serve echo`, the same server the replica runs, called on its own port. `faaswise attack` "
        f"POSTs a 5-byte body on a constant schedule; latency is from the intended send time. Each run lasts {SECONDS} s; "
        "attacker, gateway and function share the machine's cores.",
        "",
        "### Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| latency added at 1,000/s, p50 ≤ 0.5 ms | median over {len(rounds)} rounds of (gateway p50 − direct p50): **{m50:.3f} ms** "
        f"({', '.join(f'{x:.3f}' for x in add50)}) | {'met' if m50 <= 0.5 else 'NOT met'} |",
        f"| latency added at 1,000/s, p99 ≤ 2 ms | median of (gateway p99 − direct p99): **{m99:.3f} ms** "
        f"({', '.join(f'{x:.3f}' for x in add99)}) | {'met' if m99 <= 2 else 'NOT met'} |",
        f"| ≥ 5,000/s for `echo` with success ≥ 99.9 % | {high['rate']:,.0f}/s achieved, success **{high['success'] * 100:.3f} %**, "
        f"{high['dropped']} dropped | {'met' if high['success'] >= 0.999 and high['rate'] >= 4950 and high['dropped'] == 0 else 'NOT met'} |",
        "",
        "### Runs",
        "",
        "| run | path | achieved | success | p50 | p90 | p99 | max | gateway CPU per 10k requests |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(rounds, 1):
        for name, x in (("direct", r["direct"]), ("gateway", r["gateway"])):
            cpu = f"{x['gateway_cpu'] / x['requests'] * 1e4:.2f} CPU-s" if "gateway_cpu" in x else ""
            lines.append(f"| 1,000/s round {i} | {name} | {x['rate']:,.1f}/s | {x['success'] * 100:.3f} % | {x['p50']:.3f} ms | "
                         f"{x['p90']:.3f} ms | {x['p99']:.3f} ms | {x['max']:.2f} ms | {cpu} |")
    for name, x in (("gateway", high), ("direct", high_direct)):
        cpu = f"{x['gateway_cpu'] / x['requests'] * 1e4:.2f} CPU-s" if "gateway_cpu" in x else ""
        lines.append(f"| 5,000/s | {name} | {x['rate']:,.1f}/s | {x['success'] * 100:.3f} % | {x['p50']:.3f} ms | {x['p90']:.3f} ms | "
                     f"{x['p99']:.3f} ms | {x['max']:.2f} ms | {cpu} |")
    codes = ", ".join(f"{k}: {v:,}" for k, v in sorted(high["codes"].items()))
    lines += ["", f"Status codes through the gateway at 5,000/s: {codes}.", ""]
    section = "\n".join(lines)
    replace_section("## Gateway (`faaswise gateway`)", section)
    print(section)


if __name__ == "__main__":
    main()
