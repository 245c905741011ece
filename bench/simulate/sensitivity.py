#!/usr/bin/env python3
"""Which conclusions move with the calibrated constants: ES1 (cv 0.1-8, 600 s, report seeds 101-105, SLO admission
for every policy) on the memory-pressure cluster with the transfer speeds, the CUDA context and the SLO factor
varied one at a time around the calibrated defaults. Per setting and cv: faaswise's SLO attainment against the best
baseline's, with 95 % intervals. Rewrites the "Simulator: sensitivity" section of docs/benchmarks.md.

Usage: bench/simulate/sensitivity.py
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
# ES1's functions: (name, GPU latency in ms), as in the shipped qshuf-es1 catalogue
FUNCTIONS = [("llama2-7b", 600), ("whisper-v2", 260), ("opt-1dot3b", 300), ("vggnet-11", 90), ("resnet-152", 100),
             ("resnet-50", 70), ("bert-qa", 70), ("resnet-18", 70), ("labse", 160), ("bert", 60)]


def cluster(h2d=5.7, d2h=2.1, context=0.5, persistent=True, slo_factor=5):
    functions = "\n".join(f"  - {{ name: {n}, model: {n}, slo_ms: {slo_factor * ms}, timeout_s: 5, cpu: 1, min_replicas: 1, max_replicas: 4 }}"
                          for n, ms in FUNCTIONS)
    return f"""name: sensitivity
catalogue: qshuf-es1
runtime: {{ cuda_context_gb: {context}, persistent_context: {str(persistent).lower()} }}
nodes:
  - name: gpu-node-1
    cpu_cores: 48
    host_memory_gb: 384
    gpus:
      - {{ memory_gb: 24, h2d_gbps: {h2d}, d2h_gbps: {d2h}, count: 2 }}
functions:
{functions}
"""


SETTINGS = [
    ("calibrated (5.7 / 2.1 GB/s, 0.5 GB persistent context, SLO 5 x latency)", {}),
    ("transfers 22 / 22 GB/s (the former default)", {"h2d": 22, "d2h": 22}),
    ("transfers x 2 (11.4 / 4.2 GB/s)", {"h2d": 11.4, "d2h": 4.2}),
    ("transfers / 2 (2.85 / 1.05 GB/s)", {"h2d": 2.85, "d2h": 1.05}),
    ("no CUDA context", {"context": 0}),
    ("1 GB persistent context", {"context": 1.0}),
    ("0.5 GB context freed on offload", {"persistent": False}),
    ("SLO 3 x latency", {"slo_factor": 3}),
    ("SLO 10 x latency", {"slo_factor": 10}),
]


def run(path, out):
    cmd = [str(ROOT / "faaswise"), "simulate", "--cluster", str(path), "--workload", "es1", "--duration", "600s", "--seeds", "101-105",
           "--admission", "slo", "--policy", ",".join([*BASELINES, "faaswise"]), "--no-request-log", "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    with open(out / "summary.csv") as f:
        return [r for r in csv.DictReader(f) if r["function"] == "ALL" and r["seed"] == "mean"]


def cell(rows, cv):
    at = {r["policy"]: r for r in rows if r["cv"] == cv}
    ours = at["faaswise"]
    slo, ci = float(ours["slo_attainment_pct"]), float(ours["slo_attainment_pct_ci95"] or 0)
    best = max((at[p] for p in BASELINES), key=lambda b: float(b["slo_attainment_pct"]))
    bslo, bci = float(best["slo_attainment_pct"]), float(best["slo_attainment_pct_ci95"] or 0)
    verdict = "win" if slo - ci > bslo + bci else "loss" if slo + ci < bslo - bci else "tie"
    return f"{slo:.1f} vs {best['policy']} {bslo:.1f}: {verdict}"


def main():
    cvs = ["0.1", "1", "2", "4", "8"]
    lines = ["| setting | " + " | ".join(f"cv {cv}" for cv in cvs) + " |", "|---" * (len(cvs) + 1) + "|"]
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, knobs) in enumerate(SETTINGS):
            path = Path(tmp) / f"c{i}.yaml"
            path.write_text(cluster(**knobs))
            rows = run(path, Path(tmp) / f"out{i}")
            lines.append(f"| {name} | " + " | ".join(cell(rows, cv) for cv in cvs) + " |")
            print(lines[-1], file=sys.stderr)
    replace_section("## Simulator: sensitivity", "\n".join([
        "## Simulator: sensitivity", "",
        f"Machine: {machine()}. Command: `bench/simulate/sensitivity.py`. Memory-pressure cluster (2 x 24 GB), ES1 600 s, report "
        "seeds 101-105, SLO admission for every policy, one constant varied at a time. Each cell: faaswise's mean SLO attainment (%) "
        "against the best baseline's (pinned, qshuf, qshuf-mem, lru-swap); win or loss only when the 95 % intervals are apart, else tie.", "",
        *lines, ""]))


if __name__ == "__main__":
    main()
