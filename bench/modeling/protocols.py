#!/usr/bin/env python3
"""Forecaster accuracy under the evaluation protocols of `faaswise train --split`, on the shared DFaaS runs.

Each protocol holds out something a platform will meet: whole runs (grouped), whole function mixes on every node
class (mix), one node class (node-class:CLASS), every row loading one function (function:NAME). For each, three
models trained by `faaswise train --json --no-quantiles` on the same split: ours with the inputs a platform with
node-exporter has (group rates, node cores, measured idle baseline: input level a), ours with only what the DFaaS
agent sends (group rates and node_type: level c), and DFaaS's method (its preset: scaling, node_type, no baselines;
no outlier rule, which would clean test targets) on that split. One split seed (42); point models' R² and the
overload classifier's F1 on the test rows. Rewrites the "Forecaster: protocols" section of docs/benchmarks.md.

Needs the .NET SDK and ../shared/data/dfaas. Usage: bench/modeling/protocols.py
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchdoc import machine, replace_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DLL = ROOT / ".build/cli/faaswise.dll"
DATA = Path(os.environ.get("FAASWISE_DFAAS_DATA", ROOT.parent / "shared/data/dfaas"))
PROTOCOLS = ["grouped", "mix", "node-class:HEAVY", "node-class:MID", "node-class:LIGHT", "function:nmap"]
MODELS = {
    "ours, level a (rates, cores, idle baseline)": [],
    "ours, level c (group rates, node_type)": ["--no-baseline", "--node-feature", "type"],
    "DFaaS's method (level c)": ["--preset", "dfaas", "--outliers", "none"],
}
TARGETS = ["cpu_usage_node", "ram_usage_node", "power_usage_node"]
# Written against the figures of the run recorded in docs/benchmarks.md; reread it when they move.
READING = ("Reading: with whole mixes held out, ours at level a stays near its grouped scores for CPU (0.932) and power (0.897) but overload F1 falls to 0.67; without the idle baseline (level c, what the DFaaS agent sends) RAM is not predictable on unseen mixes (R² -0.81). No model transfers to an unseen node class: trees cannot extrapolate in cores or node_type, so MID and LIGHT, outside the range of the other classes or between them with few points, score below the mean. A function known only through its group (nmap) loses a third of CPU R². These are the gaps issue 18's per-function model is for; the level c and DFaaS's-method rows agree because min-max scaling does not change trees.")


def train(out, split, extra):
    start = time.monotonic()
    args = ["dotnet", str(DLL), "train", "--data", str(DATA / "runs"), "--groups", str(DATA / "group_list.json"), "--out", out,
            "--json", "--no-quantiles", *extra, "--split", split]
    result = subprocess.run(args, capture_output=True, text=True, timeout=1200)
    if result.returncode != 0:
        raise SystemExit(f"faaswise train --split {split} failed: {result.stderr.strip()[-400:]}")
    return time.monotonic() - start, json.loads(result.stdout)


def main():
    subprocess.run([str(ROOT / "faaswise"), "--help"], check=True, stdout=subprocess.DEVNULL)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for split in PROTOCOLS:
            for name, extra in MODELS.items():
                seconds, report = train(f"{tmp}/model", split, extra)
                r2 = {t: report["targets"][t]["r2"] for t in TARGETS}
                f1 = (report.get("overloaded_node") or {}).get("f1")
                rows.append((split, name, report["rows"], r2, f1, seconds))
                print(f"{split:18} {name:45} rows {report['rows']:6} " + " ".join(f"{t[:3]} {v:.3f}" for t, v in r2.items()) + f" f1 {f1}", flush=True)

    def fmt(x):
        return "n/a" if x is None else f"{x:.3f}"

    lines = ["## Forecaster: protocols (`faaswise train --split`)", "",
             f"Machine: {machine()}. Command: `bench/modeling/protocols.py`. Data: the shared DFaaS runs (LIGHT, MID, HEAVY) with DFaaS's "
             "group file; one split seed (42), point models (no quantiles), LightGBM's defaults. R² of the node targets and F1 of the "
             "overload classifier on the protocol's test rows.", "",
             "| split | model | test rows | CPU R² | RAM R² | power R² | overload F1 |", "|---|---|---|---|---|---|---|"]
    for split, name, n, r2, f1, _ in rows:
        lines.append(f"| {split} | {name} | {n:,} | {fmt(r2['cpu_usage_node'])} | {fmt(r2['ram_usage_node'])} | {fmt(r2['power_usage_node'])} | {fmt(f1)} |")
    lines += ["", READING, "", "Not yet here (issue 18): the per-function model for mixes and functions known only from profiles, input level b, "
              "repeated splits with intervals over seeds, conformal intervals; the targets of that issue are not claimed by this table.", ""]
    replace_section("## Forecaster: protocols", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
