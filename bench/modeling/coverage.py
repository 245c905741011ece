#!/usr/bin/env python3
"""Share of held-out truth inside the forecaster's q05..q95 interval (nominal 90 %), per node class, with the
interval conformalised per node class (the default) and with the quantile models' own (`--no-conformal`), under the
grouped and the mix splits, on the shared DFaaS runs (group rates, node cores, idle baseline; split seed 42).
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


def main():
    subprocess.run([str(ROOT / "faaswise"), "--help"], check=True, stdout=subprocess.DEVNULL)
    lines = ["## Forecaster: interval coverage (`faaswise train`, conformal or not)", "",
             f"Machine: {machine()}. Command: `bench/modeling/coverage.py`. Share of held-out truth inside q05..q95 (nominal 90 %), "
             "pooled and per node class, for node CPU / RAM / power; shared DFaaS runs, DFaaS's groups, split seed 42.", "",
             "| split | interval | pooled | HEAVY | LIGHT | MID |", "|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for split in ("grouped", "mix"):
            for name, extra in (("conformal per node class", []), ("the quantile models' own", ["--no-conformal"])):
                out = subprocess.run(["dotnet", str(DLL), "train", "--data", str(DATA / "runs"), "--groups", str(DATA / "group_list.json"),
                                      "--out", f"{tmp}/model", "--json", "--split", split, *extra], capture_output=True, text=True, timeout=1800)
                if out.returncode != 0:
                    raise SystemExit(f"faaswise train failed: {out.stderr.strip()[-400:]}")
                report = json.loads(out.stdout)

                def cell(r):
                    return " / ".join(f"{coverage(r['targets'][t]):.3f}" for t in TARGETS)
                by = report.get("by_node_class", {})
                row = f"| {split} | {name} | {cell(report)} | " + " | ".join(cell(by[c]) if c in by else "n/a" for c in ("HEAVY", "LIGHT", "MID")) + " |"
                print(row, flush=True)
                lines.append(row)
    lines += ["", "Conformal calibration brings the pooled interval near 90 % on held-out runs, but runs are not exchangeable: a node "
              "class's calibration runs can drift from its test runs (HEAVY and LIGHT then over-cover, MID under-covers), and "
              "on unseen mixes no interval reaches 90 %. Issue 18's target (88-92 % on every protocol) is not met.", ""]
    replace_section("## Forecaster: interval coverage", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
