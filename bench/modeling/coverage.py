#!/usr/bin/env python3
"""Share of held-out truth inside the forecaster's q05..q95 interval (nominal 90 %), per node class, with the
interval conformalised per node class (the default) and with the quantile models' own (`--no-conformal`), under the
grouped and the mix splits, on the shared DFaaS runs (group rates, node cores, idle baseline), over the split seeds
6-10 (mean and 95 % t-interval; the seeds protocols.py reports on).
Rewrites the "Forecaster: interval coverage" section of docs/benchmarks.md.

Needs the .NET SDK and ../shared/data/dfaas. Usage: bench/modeling/coverage.py
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchdoc import machine, replace_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DLL = ROOT / ".build/cli/faaswise.dll"
DATA = Path(os.environ.get("FAASWISE_DFAAS_DATA", ROOT.parent / "shared/data/dfaas"))
TARGETS = ["cpu_usage_node", "ram_usage_node", "power_usage_node"]


def coverage(scores):
    return scores["coverage_q95"] - scores["coverage_q05"]


SEEDS = [6, 7, 8, 9, 10]
T95 = {2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776}


def mean_ci(xs):
    m = sum(xs) / len(xs)
    if len(xs) < 2:
        return f"{m:.2f}"
    sd = (sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) ** 0.5
    return f"{m:.2f} ± {T95[len(xs)] * sd / len(xs) ** 0.5:.2f}"


def main():
    subprocess.run([str(ROOT / "faaswise"), "--help"], check=True, stdout=subprocess.DEVNULL)
    lines = ["## Forecaster: interval coverage (`faaswise train`, conformal or not)", "",
             f"Machine: {machine()}. Command: `bench/modeling/coverage.py`. Share of held-out truth inside q05..q95 (nominal 90 %), "
             "pooled and per node class, for node CPU / RAM / power; shared DFaaS runs, DFaaS's groups, split seeds 6-10 "
             "(mean ± 95 % t-interval; a node class counts only in the seeds whose test rows hold it). The conformal margin is "
             "cross-conformal: every training row's interval comes from quantile models fitted on the other 4 of 5 folds of "
             "whole units, as the protocol holds out its test rows (the runs of each node class for grouped, function mixes for mix).", "",
             "| split | interval | pooled | HEAVY | LIGHT | MID |", "|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for split in ("grouped", "mix"):
            for name, extra in (("conformal per node class", []), ("the quantile models' own", ["--no-conformal"])):
                pooled, by = {t: [] for t in TARGETS}, {c: {t: [] for t in TARGETS} for c in ("HEAVY", "LIGHT", "MID")}
                for seed in SEEDS:
                    out = subprocess.run(["dotnet", str(DLL), "train", "--data", str(DATA / "runs"), "--groups", str(DATA / "group_list.json"),
                                          "--out", f"{tmp}/model", "--json", "--split", split, "--seed", str(seed), *extra],
                                         capture_output=True, text=True, timeout=1800)
                    if out.returncode != 0:
                        raise SystemExit(f"faaswise train failed: {out.stderr.strip()[-400:]}")
                    report = json.loads(out.stdout)
                    for t in TARGETS:
                        pooled[t].append(coverage(report["targets"][t]))
                        for c, r in report.get("by_node_class", {}).items():
                            by[c][t].append(coverage(r["targets"][t]))
                    print(f"{split} {name} seed {seed}: " + " / ".join(f"{pooled[t][-1]:.3f}" for t in TARGETS), file=sys.stderr, flush=True)

                def cell(d):
                    return " / ".join(mean_ci(d[t]) for t in TARGETS) if all(d[t] for t in TARGETS) else "n/a"
                lines.append(f"| {split} | {name} | {cell(pooled)} | " + " | ".join(cell(by[c]) for c in ("HEAVY", "LIGHT", "MID")) + " |")
    lines += ["", "Which runs or mixes a seed holds out decides most of the coverage: the shared data hold few independent units "
              "(a few runs per node class and configuration, ten function mixes) and errors are shared by every row of a run, "
              "so on one seed the interval holds 70 % of the truth and on the next 99 %. Cross-conformal calibration (every "
              "training unit calibrates) replaced one held-out calibration set of a fifth of the rows (two or three mixes on the "
              "mix protocol); at 7802157, with that set, the conformal rows were 0.88 / 0.89 / 0.83 pooled on grouped and "
              "0.83 / 0.88 / 0.84 on mix, HEAVY on mix 0.53 / 0.93 / 0.52. On design seeds 1-5 (chosen on, not reported) it "
              "moved the mix rows from 0.77 / 0.89 / 0.76 to 0.87 / 0.93 / 0.88 and grouped from 0.89 / 0.90 / 0.87 to "
              "0.91 / 0.93 / 0.89. It costs ten more quantile fits per target (`faaswise train` on all runs: 26 s against 8 s). "
              "HEAVY on unseen mixes stays the worst case (seed 10, which holds out its nmap mixes: CPU 0.48): HEAVY ran three "
              "mixes, and with its nmap mixes held out no calibration fold holds a HEAVY row like them, so the margin is fitted "
              "on smaller errors. Issue 18's target (88-92 % on every protocol) is not met: pooled CPU and RAM on grouped are "
              "inside it, power on grouped and every pooled mix score are below.", ""]
    replace_section("## Forecaster: interval coverage", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
