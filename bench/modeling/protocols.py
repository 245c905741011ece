#!/usr/bin/env python3
"""Forecaster accuracy under every evaluation protocol of `faaswise train --split` and every input level, on the shared
DFaaS runs, against DFaaS's method on the same splits.

Protocols hold out what a platform will meet: whole runs (grouped), whole function mixes on every node class (mix),
one node class (node-class:CLASS), every row loading one function (function:nmap, a function known only from its
profile). Input levels are what a caller has: (a) per-function rates, node cores and the measured idle baseline (a
platform with node-exporter); (b) per-function rates and node cores, no baseline; (c) group rates and node_type (the
DFaaS agent). Models, each trained by `faaswise train --json --no-quantiles` on the protocol's split:
  - ours at levels a, b and c (utilisation-law demand features, monotone in rates, calibrated overload probability
    from rates and load per core, with a threshold chosen on training runs);
  - the ablations: ours at level a without the demand features and monotone constraints (plain trees), and with one
    demand curve per function pooled over node classes (`--pooled-demand`: no class-scaled curve for a function a node
    class never ran), and without the overload classifier's load per core (`--no-per-core`: rates and CPU demand over
    the node's cores);
  - DFaaS's method (its preset: group rates, node_type, min-max scaling, SMOTE, threshold 0.5; no outlier rule, which
    would clean the test targets) on the same split.
The grouped and mix splits are repeated over 5 seeds (split, LightGBM and SMOTE seeds 6..10) and reported as the mean
with a 95 % t-interval; the node-class and function holdouts have one split each and are trained once (seed 42).
Seeds 1, 2, 3, 4, 5 and 42 were looked at while the forecaster's design was chosen, so the reported mixes use others.
Rewrites the "Forecaster: protocols" section of docs/benchmarks.md.

Needs the .NET SDK and ../shared/data/dfaas. Usage: bench/modeling/protocols.py [--quick]  (--quick: 2 seeds)
"""
import json
import math
import os
import statistics
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
GROUPS = ["--groups", str(DATA / "group_list.json")]
PROFILES = ["--profiles", str(DATA / "profiles")]
REPEATED = ["grouped", "mix"]
SINGLE = ["node-class:HEAVY", "node-class:MID", "node-class:LIGHT", "function:nmap"]
MODELS = {
    "ours, level a": PROFILES,
    "ours, level b": ["--no-baseline", *PROFILES],
    "ours, level c": [*GROUPS, "--no-baseline", "--node-feature", "type"],
    "ablation: level a, plain trees": ["--no-demand", "--no-monotone"],
    "ablation: level a, pooled demand": ["--pooled-demand", *PROFILES],
    "ablation: level a, no load per core": ["--no-per-core", *PROFILES],
    "DFaaS's method (level c)": [*GROUPS, "--preset", "dfaas", "--outliers", "none"],
    "ours, level a, majority label": [*PROFILES, "--overload-label", "majority"],
    "DFaaS's method, majority label": [*GROUPS, "--preset", "dfaas", "--outliers", "none", "--overload-label", "majority"],
}
# The majority-label rows change what "overloaded" means (more than half of a configuration's iterations in its run), so
# they are compared with each other only; they are run on the repeated splits, where the label matters most.
REPEATED_ONLY = {"ours, level a, majority label", "DFaaS's method, majority label"}
TARGETS = ["cpu_usage_node", "ram_usage_node", "power_usage_node"]
# The persistence reference every model must beat, scored on the same test rows as "ours, level a" (no training).
IDLE = "reference: node held at its measured idle level"
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776}  # two-sided 95 % t quantiles by degrees of freedom


def train(out, split, seed, extra):
    start = time.monotonic()
    args = ["dotnet", str(DLL), "train", "--data", str(DATA / "runs"), "--out", out, "--json", "--no-quantiles",
            "--split", split, "--seed", str(seed), *extra]
    result = subprocess.run(args, capture_output=True, text=True, timeout=1200)
    if result.returncode != 0:
        raise SystemExit(f"faaswise train --split {split} --seed {seed} {' '.join(extra)} failed: {result.stderr.strip()[-400:]}")
    return time.monotonic() - start, json.loads(result.stdout)


def scores(report):
    o = report.get("overloaded_node") or {}
    row = {t: report["targets"][t]["r2"] for t in TARGETS}
    row["f1"] = o.get("f1")
    row["brier"] = o.get("brier")
    classes = report.get("by_node_class") or {}
    row["f1_by_class"] = {c: ((v.get("overloaded_node") or {}).get("f1"), (v.get("overloaded_node") or {}).get("positives")) for c, v in classes.items()}
    return row


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    mean = statistics.fmean(values)
    if len(values) == 1:
        return f"{mean:.3f}"
    half = T95[len(values) - 1] * statistics.stdev(values) / math.sqrt(len(values))
    return f"{mean:.3f} ± {half:.3f}"


def class_f1(runs):
    """Per node class: mean F1 over the seeds whose test rows hold that class's overloads."""
    by = {}
    for r in runs:
        for c, (f1, positives) in r["f1_by_class"].items():
            if positives:
                by.setdefault(c, []).append(f1)
    return ", ".join(f"{c[0]} {statistics.fmean(v):.2f}" for c, v in sorted(by.items())) or "n/a"


def main():
    seeds = [6, 7] if "--quick" in sys.argv else [6, 7, 8, 9, 10]
    subprocess.run([str(ROOT / "faaswise"), "--help"], check=True, stdout=subprocess.DEVNULL)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for split in REPEATED + SINGLE:
            for name, extra in MODELS.items():
                if name in REPEATED_ONLY and split not in REPEATED:
                    continue
                runs = []
                for seed in (seeds if split in REPEATED else [42]):
                    seconds, report = train(f"{tmp}/model", split, seed, extra)
                    runs.append({**scores(report), "rows": report["rows"], "seconds": seconds,
                                 "idle": {t: report["idle_baseline"][t]["r2"] for t in TARGETS}})
                    print(f"{split:17} {name:32} seed {seed}: rows {report['rows']:6} " + " ".join(f"{t[:3]} {runs[-1][t]:.3f}" for t in TARGETS)
                          + f" f1 {runs[-1]['f1']} brier {runs[-1]['brier']} ({seconds:.1f} s)", flush=True)
                results.append((split, name, runs))
                if name == "ours, level a":
                    results.append((split, IDLE, [{**{t: r["idle"][t] for t in TARGETS}, "f1": None, "brier": None, "f1_by_class": {},
                                                   "rows": r["rows"], "seconds": None} for r in runs]))

    lines = ["## Forecaster: protocols (`faaswise train --split`) and input levels", "",
             f"Machine: {machine()}. Command: `bench/modeling/protocols.py`. Data: the shared DFaaS runs (LIGHT, MID, HEAVY); "
             f"grouped and mix over split seeds {', '.join(map(str, seeds))} (mean ± 95 % t-interval; seeds 1-5 and 42 were used while "
             "choosing the design and are not reported), the node-class and function "
             "holdouts once (seed 42). Point models (no quantiles), LightGBM's defaults. Level a: per-function rates, node cores, "
             "measured idle baseline; b: per-function rates and cores; c: group rates and node_type (the DFaaS agent's request). "
             "Ours uses the utilisation-law demand features (each function's usage curve from the training rows; for function:nmap, "
             "from its profile, `--profiles`), monotone constraints, and an overload probability without SMOTE whose threshold is "
             "the F1-best over 5 folds of training runs. Overload F1 per node class (H, L, M) averages the seeds whose test rows "
             "hold that class's overloads. The reference row predicts each node target as the node's idle level measured "
             "before the load, on the same test rows (`idle_baseline` in `train --json` and `evaluate --json`).", "",
             "| split | model | test rows | CPU R² | RAM R² | power R² | overload F1 | Brier | F1 by class | s per train |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for split, name, runs in results:
        lines.append(f"| {split} | {name} | {statistics.fmean(r['rows'] for r in runs):,.0f} | "
                     + " | ".join(summary([r[t] for r in runs]) for t in TARGETS)
                     + f" | {summary([r['f1'] for r in runs])} | {summary([r['brier'] for r in runs])} | {class_f1(runs)} | "
                     + (f"{statistics.fmean(r['seconds'] for r in runs):.1f} |" if runs[0]["seconds"] is not None else "n/a |"))
    lines += ["", READING, ""]
    replace_section("## Forecaster: protocols", "\n".join(lines) + "\n")


# Written against the figures of the run recorded in docs/benchmarks.md; reread it when they move.
READING = ("Reading (seeds 6-10, which played no part in choosing the design): the demand features carry ours where a question combines what was never measured together. On unseen mixes at level a, CPU R² is 0.939 ± 0.028 against 0.787 for plain trees and 0.865 for DFaaS's method, RAM 0.948 against 0.933 and 0.128, power 0.880 ± 0.013 against 0.798 and 0.770. "
           "The class-scaled demand (a node class that never ran a function gets the function's profile scaled by the class's own usage per request, for the node CPU and power models) is what lifts CPU from 0.902 ± 0.129 and power from 0.849 ± 0.082 with one curve pooled over classes (the pooled-demand ablation): when a seed holds out every HEAVY mix with nmap, HEAVY had never run nmap, which costs up to 1.6 times the CPU per request there that it costs on MID (alone at 40 requests/s: 251 against 159 % of a core), and the pooled curve, fitted where small nodes saturate, gave 145 % at that rate (design seed 5). "
           "The overload classifier's load per core (each rate and the CPU demand over the node's cores: a function saturates at about the same requests/s per core on every node size) lifts F1 on unseen mixes from 0.519 ± 0.193 to 0.692 ± 0.088 (MID 0.16 to 0.53) and its Brier score from 0.079 to 0.051, with a node class held out from 0.491 to 0.626 (HEAVY) and 0.172 to 0.373 (MID), and on function:nmap from 0.440 to 0.498; on held-out runs it costs F1 0.840 to 0.821 at level a and 0.686 to 0.657 at level c, inside the intervals. "
           "On a function known only from its profile (function:nmap), CPU is 0.874 against 0.834 pooled, -1.970 for plain trees and 0.649 for DFaaS's method. At level c (the agent's inputs) ours beats DFaaS's method on CPU, RAM and power for unseen mixes and ties on F1 (0.589 against 0.573); on held-out runs it ties on CPU (0.913 against 0.915) and trails on power (0.769 against 0.810) and overload F1 (0.657 against 0.730). "
           "Where we fall short: of issue 18's targets for unseen mixes at level a, RAM (0.93) and power (0.85) are met; CPU's mean is 0.939 against 0.94 (seed 7, which holds out every HEAVY mix with nmap, scores 0.901); overload F1 is 0.692 ± 0.088 against 0.80 (0.6 per class: LIGHT 0.79, MID 0.53, HEAVY 0.17). HEAVY's overloads in a held-out mix are few (nmap at 80-90 requests/s in env+figlet+nmap, 156 rows), and no model here catches them. MID's mean includes seed 9, whose held-out MID rows (curl+figlet+shasum) hold 17 overloaded rows among 14,223, all at the grid's far corner (shasum at 190-200 requests/s beside curl at 140-200; F1 0.000); over the other four seeds MID scores 0.657 (`faaswise train --split mix --seed 6 --repeats 5 --profiles ...` prints every seed's per-class F1). On held-out runs, ours reaches F1 0.821 against 0.730. "
           "Without the measured baseline (levels b, c) RAM is not predictable, since the node's memory level drifts between runs. No model transfers to an unseen node class; clipping node CPU at the highest share of its cores a training node reached (79-85 % here; every model, DFaaS's too) keeps LIGHT held out at CPU R² 0.053 instead of far below zero. Plain trees keep grouped RAM slightly better (0.975 against 0.968), and with LIGHT held out their F1 (0.385) beats ours (0.015). The sampler's majority label (`--overload-label majority`) changes F1 by less than its interval for both methods. The idle reference row (each node target held at the node's idle level measured before the load) puts RAM in proportion: it alone scores RAM R² 0.912 ± 0.057 on held-out runs and 0.915 ± 0.043 on unseen mixes (0.73-0.87 with a node class held out), because most of RAM's variance is the level a node starts from; ours adds 0.056 and 0.033 to it at level a (0.968, 0.948), and RAM's target (0.93) is cleared by that margin, not by much more. At CPU and power the reference is far below zero (-2.7 and -2.0 on unseen mixes): there the load is what the models predict.")

if __name__ == "__main__":
    main()
