#!/usr/bin/env python3
"""The fair policy comparison of issue 13: ES1 (cv 0.1-8, 600 s) on the memory-pressure and default clusters, every
policy with SLO admission, calibrated defaults, the report seeds 101-105 (target utilisations tuned on seeds 1-5 by
tune.py), means with 95 % intervals; rewrites the "Simulator: fair comparison"
section of docs/benchmarks.md.

Usage: bench/simulate/fair.py
"""
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchdoc import machine, replace_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BASELINES = ["pinned", "qshuf", "qshuf-mem", "lru-swap"]


def run(cluster, out):
    cmd = [str(ROOT / "faaswise"), "simulate", "--cluster", cluster, "--workload", "es1", "--duration", "600s", "--seeds", "101-105",
           "--admission", "slo", "--policy", "all", "--no-request-log", "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    with open(out / "summary.csv") as f:
        return [r for r in csv.DictReader(f) if r["function"] == "ALL" and r["seed"] == "mean"]


def table(rows):
    lines = ["| cv | policy | SLO % (95 % CI) | goodput % (95 % CI) | SLO-met req/s | p99 ms |", "|---|---|---|---|---|---|"]
    verdict = ["| cv | faaswise SLO % | best baseline SLO % | faaswise wins (intervals apart) | goodput within 2 points of the best baseline | bound >= every policy |",
               "|---|---|---|---|---|---|"]
    for cv in sorted({r["cv"] for r in rows}, key=float):
        at = {r["policy"]: r for r in rows if r["cv"] == cv}
        for p in [*BASELINES, "faaswise", "bound"]:
            r = at[p]
            lines.append(f"| {cv} | {p} | {float(r['slo_attainment_pct']):.2f} ± {float(r['slo_attainment_pct_ci95'] or 0):.2f} | "
                         f"{float(r['goodput_pct']):.2f} ± {float(r['goodput_pct_ci95'] or 0):.2f} | {float(r['slo_goodput_rps']):.2f} | {float(r['p99_ms']):.0f} |")
        ours = at["faaswise"]
        slo, ci = float(ours["slo_attainment_pct"]), float(ours["slo_attainment_pct_ci95"] or 0)
        best = max((at[p] for p in BASELINES), key=lambda b: float(b["slo_attainment_pct"]))
        bslo, bci = float(best["slo_attainment_pct"]), float(best["slo_attainment_pct_ci95"] or 0)
        win = "yes" if slo - ci > bslo + bci else ("tie (intervals overlap)" if slo >= bslo or slo + ci >= bslo - bci else "NO: baseline wins")
        good = float(ours["goodput_pct"]) >= max(float(at[p]["goodput_pct"]) for p in BASELINES) - 2
        bound_ok = all(float(at["bound"][k]) >= float(at[p][k]) for p in [*BASELINES, "faaswise"] for k in ("slo_attainment_pct", "goodput_pct"))
        verdict.append(f"| {cv} | {slo:.2f} ± {ci:.2f} | {best['policy']} {bslo:.2f} ± {bci:.2f} | {win} | {'yes' if good else 'NO'} | {'yes' if bound_ok else 'NO'} |")
    return "\n".join(lines), "\n".join(verdict)


def main():
    parts = ["## Simulator: fair comparison", "",
             f"Machine: {machine()}. Command: `bench/simulate/fair.py` (faaswise simulate --workload es1 --duration 600s --seeds 101-105 "
             "--admission slo --policy all). Every policy with SLO admission, calibrated defaults (5.7/2.1 GB/s, persistent CUDA "
             "context, readiness delays), deterministic service; means over the 5 report seeds with 95 % intervals (Student's t). "
             "The target utilisations of the two policies that have one (pinned 0.7, faaswise 0.4) were tuned on seeds 1-5 by bench/simulate/tune.py, never on these; qshuf keeps the artifact's constants and lru-swap has no lever.", ""]
    with tempfile.TemporaryDirectory() as tmp:
        for cluster in ["memory-pressure", "default"]:
            full, verdict = table(run(cluster, Path(tmp) / cluster))
            parts += [f"### {cluster}", "", verdict, "", full, ""]
    parts += ["A request that SLO admission refuses keeps the load its route asked for (since commit c7f1020; before, a model "
              "whose load takes longer than its SLO was never loaded on demand, and lru-swap starved whole functions on some seeds). "
              "That changed lru-swap most. Against the previous record (7bddea0: the former rule and the former load estimate) its "
              "intervals narrowed (memory-pressure cv 1: 85.51 ± 1.02 against 93.47 ± 7.53), its means fell at cv 1 and above "
              "(default cv 2: 78.27 against 87.65) and rose at cv 0.1 on memory-pressure (95.39 against 90.14); on the tuning seeds "
              "1-5 the new rule was better for it on memory-pressure and worse on default. Against lru-swap's figures of that "
              "record, faaswise's verdicts stay the same except memory-pressure cv 4, which becomes a tie (70.81 ± 1.25 against "
              "61.53 ± 11.10).", ""]
    replace_section("## Simulator: fair comparison", "\n".join(parts))


if __name__ == "__main__":
    main()
