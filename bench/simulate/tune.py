#!/usr/bin/env python3
"""Tunes the target utilisation of the two policies that have one (pinned and faaswise) on the tuning seeds 1-5, never
on the report seeds 101-105: ES1 (cv 0.1-8, 600 s) on the memory-pressure and default clusters, SLO admission, and
picks per policy the value with the highest mean SLO attainment over both clusters and every cv. Rewrites the
"Simulator: tuning" section of docs/benchmarks.md; bench/simulate/fair.py then reports with the chosen values.

Usage: bench/simulate/tune.py
"""
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchdoc import machine, replace_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
VALUES = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
CLUSTERS = ["memory-pressure", "default"]


def mean_attainment(cluster, value, out):
    cmd = [str(ROOT / "faaswise"), "simulate", "--cluster", cluster, "--workload", "es1", "--duration", "600s", "--seeds", "1-5",
           "--admission", "slo", "--policy", "pinned,faaswise", "--target-utilisation", str(value), "--no-request-log", "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    with open(out / "summary.csv") as f:
        rows = [r for r in csv.DictReader(f) if r["function"] == "ALL" and r["seed"] == "mean"]
    return {p: sum(float(r["slo_attainment_pct"]) for r in rows if r["policy"] == p) / 5 for p in ("pinned", "faaswise")}


def main():
    scores = {}
    with tempfile.TemporaryDirectory() as tmp:
        for value in VALUES:
            for cluster in CLUSTERS:
                scores[(value, cluster)] = mean_attainment(cluster, value, Path(tmp) / f"{cluster}-{value}")
                print(f"target {value} on {cluster}: {scores[(value, cluster)]}", file=sys.stderr)
    lines = ["| target utilisation | pinned, memory-pressure | pinned, default | faaswise, memory-pressure | faaswise, default |", "|---|---|---|---|---|"]
    for value in VALUES:
        lines.append(f"| {value} | " + " | ".join(f"{scores[(value, c)][p]:.2f}" for p in ("pinned", "faaswise") for c in CLUSTERS) + " |")
    best = {p: max(VALUES, key=lambda v: sum(scores[(v, c)][p] for c in CLUSTERS)) for p in ("pinned", "faaswise")}
    section = "\n".join([
        "## Simulator: tuning", "",
        f"Machine: {machine()}. Command: `bench/simulate/tune.py`. Mean SLO attainment (%) over ES1's five cvs, each the mean of the "
        "tuning seeds 1-5 (600 s, SLO admission); the report seeds 101-105 are not used here.", "",
        *lines, "",
        f"Chosen (highest mean over both clusters): pinned {best['pinned']}, faaswise {best['faaswise']}.", ""])
    replace_section("## Simulator: tuning", section)
    print(f"chosen: {best}")


if __name__ == "__main__":
    main()
