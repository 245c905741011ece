#!/usr/bin/env python3
"""Inference runtime benchmark: `faaswise runtime serve` against ONNX Runtime called in process, in one run.

Measures, on this machine, with the same timing loop on both sides (bench/runtime/peer, a .NET program that calls
ONNX Runtime in process or the runtime over keep-alive HTTP):
  1. latency at 1 request in flight with the pretrained ResNet-18, per request kind: QShuf's empty body (the fixed
     synthetic tensor), a 224x224 PNG through the function path (decode, resize, preprocessing model, ResNet-18; the
     peer does the same work in process), the tensor as Open Inference Protocol JSON, and the tensor as binary data
     (the binary tensor extension); rounds alternate in process and runtime, and the overhead is the median of the
     per-round ratios of p50s;
  2. throughput at saturation: the in-process loop (one run after another) against the runtime with 4 requests in
     flight (its queue never empties);
  3. how long the runtime takes to parse an image-sized tensor sent as JSON (in process);
  4. load and unload times per model size (synthetic models from `faaswise runtime make-model`): ONNX Runtime session
     creation plus a warm-up run in process, the runtime's Triton load/unload on the CPU, and the emulated GPU's moves;
     with the runtime's resident memory.
Dynamic batching is not built, so there is no batching figure. Then rewrites the "Inference runtime" section of
docs/benchmarks.md.

Needs the .NET SDK only. Usage: bench/runtime/run.py [--quick]
"""
import json
import os
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchdoc import machine, replace_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DLL = ROOT / ".build/cli/faaswise.dll"  # built by ./faaswise (Release, ReadyToRun)
PEER_DIR = ROOT / "bench/runtime/peer"
PEER = PEER_DIR / "bin/Release/net10.0/RuntimePeer.dll"
RESNET = ROOT / ".build/cli/DnnImageModels/ResNet18Onnx/ResNet18.onnx"
PREP = ROOT / ".build/cli/DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx"
# How the runtime and the peer are started; bench/runtime/gpu.py points them at a self-contained build.
FAASWISE = ["dotnet", str(DLL)]
PEER_COMMAND = ["dotnet", str(PEER)]
QUICK = "--quick" in sys.argv
SECONDS = 3 if QUICK else 10
BLOCK = 1  # seconds per side before the paired latency loop switches
ROUNDS = 1 if QUICK else 3
LATENCY_ROUNDS = 1 if QUICK else 5  # the per-round overheads of one build spread over about 2 points on a shared machine
IDLE_US = 14000  # about one ResNet-18 run on 2 cores: the idle time between requests at 1 in flight
SIZES = ["64MB", "256MB"] if QUICK else ["64MB", "256MB", "1GB", "4GB"]
MOVES = 2 if QUICK else 3
KINDS = [("empty", "/", "QShuf's request: empty body, fixed synthetic tensor"),
         ("image", "/", "224x224 PNG to the function path (decode, resize, preprocess, ResNet-18)"),
         ("binary", "/v2/models/resnet18/infer", "tensor as binary data (Inference-Header-Content-Length)"),
         ("json", "/v2/models/resnet18/infer", "tensor as Open Inference Protocol JSON (150,528 numbers)")]


def png(path, w=224, h=224):
    raw = b"".join(b"\x00" + bytes(v for x in range(w) for v in ((x * 4) % 256, (y * 5) % 256, (x * y) % 256)) for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def peer(*args, env=None):
    out = subprocess.run([*PEER_COMMAND, *map(str, args)], capture_output=True, text=True, timeout=600, env=env)
    if out.returncode != 0:
        raise SystemExit(f"peer {args[0]} failed ({out.returncode}): {out.stderr.strip()[-400:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


class Runtime:
    def __init__(self, *args, env=None):
        self.proc = subprocess.Popen([*FAASWISE, "runtime", "serve", "--port", "0", "--control-port", "0", *map(str, args)],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines = []
        deadline = time.monotonic() + 600
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())
            if line.startswith("faaswise runtime: control "):
                self.control = "http://" + line.split("control http://", 1)[1].split(";", 1)[0]
            if line.startswith("faaswise runtime: serving "):
                self.data = "http://" + line.split(" at http://", 1)[1].split(" ", 1)[0]
                self.loaded = float(line.split("loaded in ", 1)[1].split(" s", 1)[0])
                threading.Thread(target=self._drain, daemon=True).start()
                return
            if time.monotonic() > deadline:
                break
        self.proc.kill()
        raise SystemExit(f"runtime serve {' '.join(map(str, args))} did not start")

    def _drain(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())

    def call(self, path, body=None):
        request = urllib.request.Request(self.control + path, data=None if body is None else json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=600) as response:
            return json.loads(response.read())

    def metrics(self):
        with urllib.request.urlopen(self.control + "/metrics", timeout=60) as response:
            text = response.read().decode()
        values = {}
        for line in text.splitlines():
            for name in ("faaswise_runtime_inference_seconds", "faaswise_runtime_request_seconds"):
                for part in ("_sum", "_count"):
                    if line.startswith(name + part + " "):
                        values[name + part] = float(line.split()[1])
        return values

    def rss(self):
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def latency(image):
    runtime = Runtime("--model", "resnet18")
    try:
        rows = {}
        for kind, path, _ in KINDS:
            rows[kind] = []
            for r in range(LATENCY_ROUNDS):
                extra = [PREP, image] if kind == "image" else []
                out = peer("paired", RESNET, runtime.data + path, kind, 2 * SECONDS, BLOCK, *extra)
                inproc, served = out["inprocess"], out["runtime"]
                # The runtime's timing headers of the timed calls only (the warm-up calls at each switch left out).
                served["model_ms"] = out["runtime_model_ms"]
                served["exec_ms"] = out["runtime_model_ms"] + out["runtime_queue_ms"]
                rows[kind].append((inproc, served))
                print(f"{kind} round {r + 1}: in process p50 {inproc['p50']:.2f} ms, runtime p50 {served['p50']:.2f} ms", flush=True)
        # The HTTP floor: the same client's GET of /v2/health/live back to back, and with the thread parked for about one
        # model run after each call, as at 1 request in flight (every thread on the path has gone to sleep).
        floor = {gap: median([peer("http", runtime.data + "/v2/health/live", "get", SECONDS / 2, 1,
                                   env=dict(os.environ, FAASWISE_PEER_GAP_US=str(gap)))["p50"] for _ in range(ROUNDS)])
                 for gap in (0, IDLE_US)}
        print(f"HTTP floor: {floor[0]:.3f} ms back to back, {floor[IDLE_US]:.3f} ms after {IDLE_US} us idle", flush=True)
        saturation = []
        for r in range(ROUNDS):
            inproc = peer("inprocess", RESNET, "empty", 0, SECONDS, 1)
            served = peer("http", runtime.data + "/", "empty", SECONDS, 4)
            saturation.append((inproc, served))
            print(f"saturation round {r + 1}: in process {inproc['rate']:.2f}/s, runtime {served['rate']:.2f}/s", flush=True)
        return rows, saturation, floor
    finally:
        runtime.close()


def loads(directory):
    rows = []
    for size in SIZES:
        model = directory / f"model-{size}.onnx"
        started = time.monotonic()
        subprocess.run(["dotnet", str(DLL), "runtime", "make-model", "--size", size, "--out", str(model)], check=True, capture_output=True, timeout=1800)
        made = time.monotonic() - started
        bytes_ = model.stat().st_size + (Path(str(model) + ".data").stat().st_size if Path(str(model) + ".data").exists() else 0)
        inproc = [peer("load", model, 0)["seconds"] for _ in range(MOVES)]
        cpu = Runtime("--model", model, "--device", "cpu")
        try:
            rss = cpu.rss()
            name = model.stem
            unload, load = [], []
            for _ in range(MOVES):
                unload.append(cpu.call(f"/v2/repository/models/{name}/unload", {"parameters": {"keep_host_copy": False}})["seconds"])
                load.append(cpu.call(f"/v2/repository/models/{name}/load", {"parameters": {"device": "cpu"}})["seconds"])
        finally:
            cpu.close()
        with tempfile.TemporaryDirectory() as ledgers:
            gpu = Runtime("--model", model, "--device", "emulated-gpu", "--device-memory", "64GB", "--gpu-ledger-dir", ledgers)
            try:
                off, on = [], []
                for _ in range(MOVES):
                    off.append(gpu.call("/tocpu")["seconds"])
                    on.append(gpu.call("/tocuda")["seconds"])
            finally:
                gpu.close()
        rows.append({"size": size, "bytes": bytes_, "made": made, "inproc": median(inproc), "start": cpu.loaded, "load": median(load),
                     "unload": median(unload), "rss": rss, "to_gpu": median(on), "to_host": median(off)})
        print(f"{size}: in process {median(inproc):.2f} s, runtime load {median(load):.2f} s, unload {median(unload):.3f} s, "
              f"emulated to GPU {median(on):.3f} s, to host {median(off):.3f} s", flush=True)
        for f in (model, Path(str(model) + ".data")):
            if f.exists():
                f.unlink()
    return rows


def main():
    subprocess.run([str(ROOT / "faaswise"), "--help"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["dotnet", "build", str(PEER_DIR), "-c", "Release", "-v", "q", "-nologo"], check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        image = Path(tmp) / "image.png"
        png(image)
        rows, saturation, floor = latency(image)
        parsing = {k: peer("parse", k, SECONDS / 2) for k in ("short", "long")}
        load_rows = loads(Path(tmp))
    write(rows, saturation, load_rows, parsing, floor)


def write(rows, saturation, load_rows, parsing, floor):
    def overhead(kind):
        return median([s["p50"] / i["p50"] - 1 for i, s in rows[kind]])
    ratio = median([s["rate"] / i["rate"] for i, s in saturation])
    idle_base = median([i["p50"] for i, _ in rows["empty"]])
    lines = [
        "## Inference runtime (`faaswise runtime`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `bench/runtime/run.py{' --quick' if QUICK else ''}` on {machine()}. "
        "The peer is ONNX Runtime called in process by `bench/runtime/peer` with the same session options (CPU provider, "
        "sequential execution, one intra-op thread per core) and the same timing loop that, in its other mode, calls the "
        f"runtime over keep-alive HTTP. Latency: {LATENCY_ROUNDS} round(s) of {2 * SECONDS} s per request kind, in which the peer "
        f"alternates in process and runtime in blocks of {BLOCK} s (a 20 ms pause and two untimed calls at each switch), so that both sides see the "
        "same drift of a shared machine (10 s on one side, then 10 s on the other, gave per-round overheads from +1.8 % to "
        f"+13.8 % at 72abc45); throughput: {ROUNDS} runs of "
        f"{SECONDS} s each. The client, the runtime and ONNX Runtime's threads share the machine's cores. Model: the pretrained ResNet-18 "
        "(`--model resnet18`, 63.7 MB).",
        "",
        "### Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
    ]
    for kind, _, label in KINDS:
        o = overhead(kind)
        target = kind in ("empty", "image")
        lines.append(f"| p50 overhead ≤ 5 % at 1 in flight: {label} | median over rounds of runtime p50 / in-process p50 − 1: **{o * 100:+.1f} %** "
                     f"({', '.join('%+.1f' % ((s['p50'] / i['p50'] - 1) * 100) for i, s in rows[kind])}) | "
                     f"{('met' if o <= 0.05 else 'NOT met') if target else ('met' if o <= 0.05 else 'not met: see below')} |")
    lines += [
        f"| throughput at saturation ≥ 90 % of the in-process loop | median of runtime rate / in-process rate: **{ratio * 100:.1f} %** "
        f"({', '.join('%.1f' % (s['rate'] / i['rate'] * 100) for i, s in saturation)}) | {'met' if ratio >= 0.9 else 'NOT met'} |",
        "",
        "### Latency at 1 request in flight (ms)",
        "",
        "| request | round | in process p50 | p90 | p99 | runtime p50 | p90 | p99 | runtime requests |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, _, label in KINDS:
        for r, (i, s) in enumerate(rows[kind], 1):
            lines.append(f"| {kind} | {r} | {i['p50']:.2f} | {i['p90']:.2f} | {i['p99']:.2f} | {s['p50']:.2f} | {s['p90']:.2f} | {s['p99']:.2f} | {s['requests']} |")
    lines += [
        "",
        "### Where the runtime's time goes (means, ms, median round)",
        "",
        "| request | in process | runtime, model run | runtime, queue and hand-off | client, HTTP and request decoding | client total |",
        "|---|---|---|---|---|---|",
    ]
    for kind, _, label in KINDS:
        i, s = sorted(rows[kind], key=lambda r: r[1]["p50"] / r[0]["p50"])[len(rows[kind]) // 2]
        lines.append(f"| {kind} | {i['mean']:.2f} | {s['model_ms']:.2f} | {s['exec_ms'] - s['model_ms']:.2f} | {s['mean'] - s['exec_ms']:.2f} | {s['mean']:.2f} |")
    lines += [
        "",
        "The model run and the queueing with hand-off to the worker are the runtime's own timings of each timed call (its "
        "`X-Inference-Seconds` and `X-Queue-Seconds` answer headers), and the client's remainder is HTTP on loopback, reading "
        "and decoding the request body (for `image`: decoding, resizing and the preprocessing model; the in-process column "
        "includes those for `image` only) and writing the answer.",
        "",
        "In process, `json` and `binary` run the prepared tensor, so their overhead includes decoding the request: 150,528 "
        "numbers as text (reading 0.9-1.6 MB and sending it over HTTP) cost about as much as the inference, which is why the binary tensor extension exists (Triton and KServe "
        "clients send it). The runtime parses such a body (in process, `RuntimePeer parse`) in "
        f"{parsing['short']['ms']:.2f} ms with numbers like 0.761 ({parsing['short']['bytes'] / 1e6:.2f} MB) and "
        f"{parsing['long']['ms']:.2f} ms with numbers like 0.123456789 ({parsing['long']['bytes'] / 1e6:.2f} MB); at 1babb38 "
        "the same call took 14.3 and 18.5 ms on this machine, timed by a scratch program (Utf8JsonReader tokenised the data array, and every number went through "
        "Utf8Parser; now the array's end is found by counting brackets and short numbers take Clinger's fast path). "
        "`binary` adds copying 602 kB through HTTP into a reused array. `image` does the same decoding and "
        "preprocessing on both sides, the preprocessing model on one thread (with a thread pool of its own, its threads spin "
        "after each run and the ResNet-18 run beside them took 43 ms instead of 25), into reused arrays on both sides.",
        "",
        "In the median round the model run inside the runtime takes about as long as in process for `empty` and `binary` (means, which the tails "
        "of both sides raise above the p50s); the overhead is the HTTP exchange. The same client's GET of `/v2/health/live` "
        f"has a p50 of {floor[0]:.2f} ms back to back, but {floor[IDLE_US]:.2f} ms when its thread parks {IDLE_US / 1000:.0f} ms after each call "
        f"(`FAASWISE_PEER_GAP_US={IDLE_US}`, medians of {ROUNDS} runs of {SECONDS / 2:.0f} s), as at 1 request in flight: every thread on the path "
        "(the client's, Kestrel's, the worker, ONNX Runtime's pool) parks during the run and must be woken for the next step, "
        "which on a 2-core virtual machine costs an interrupt to an idle core each time; in process the calling loop keeps "
        f"its core. That floor alone is {floor[IDLE_US] / idle_base * 100:.1f} % of the in-process p50 of `empty`; the rest of the client's "
        "remainder is reading the request, the answer's JSON (512 numbers, about 0.05 ms) and the runtime's metrics. One "
        "more part is measured: the same in-process loop that parks its thread for 600 µs after each run "
        "(`FAASWISE_PEER_GAP_US=600`, about the round trip's idle time) had a p50 0.12 ms lower, then 0.27, 0.22 and 0.46 "
        "ms higher than without the pause (4 alternating pairs of 6 s, 2026-12-05): ONNX Runtime's threads going to sleep "
        "between requests cost about 0.2 ms, which any caller that is not a tight loop pays.",
        "",
        "Larger connection buffers and a direct wake (kept, 2026-12-05): Kestrel read each connection into 4 KiB blocks, so "
        "a 602 kB tensor body took about 300 socket reads (`strace -c`: 41,446 `recvfrom` for 135 requests); the runtime now "
        "gives Kestrel 64 KiB blocks (3,194 for 152). And a queued request used to wake the worker through a pool thread "
        "(the queue's continuations ran asynchronously); now the handler's write wakes it directly. Paired runs as above, "
        "3 rounds of 16 s, builds alternating: `binary` p50 overhead +9.5, +10.2, +10.7 % with 4 KiB blocks against +7.3, "
        "+8.1, +8.6 % with 64 KiB; queue and hand-off 0.03-0.05 ms against 0.02 ms; `empty` and `image` within the spread "
        "between rounds. Tried the same day and not kept: ONNX Runtime's spinning off on both sides "
        "(`session.intra_op.allow_spinning=0`: in process and runtime p50 both about 0.4 ms higher, overhead +4.7, +4.9, "
        "+5.1 % against +4.2, +4.9, +5.1 % as built), a blocking client in the peer (`HttpClient.Send`: +3.7 and +5.1 % "
        "against +4.1 and +5.5 % with the async client, within the spread), the worker spinning 0.5 or 2 ms for the next "
        "request before it parks (`empty`, 4 rounds of 16 s: +5.6 to +8.4 % and +5.7 to +8.0 % against +5.7 to +6.8 % "
        "without; the spinning thread takes the core the HTTP exchange needs) and the image's decoding and preprocessing "
        "on the worker instead of the request's thread (`image`, 3 rounds: +5.8, +6.1, +6.8 % against +5.7, +6.7, +7.3 %). "
        "The answer's JSON for `empty` (512 numbers) takes about 0.05 ms to write, timed by a scratch program.",
        "",
        "Fewer thread hops (kept, 2026-12-05): until 0f88e65 a request reached its handler through a pool thread and its "
        "answer was written by another pool thread woken when the worker finished. Now the data plane's handlers run on "
        "the thread that read the request until they wait for the model (Kestrel's inline scheduling, as the gateway and the "
        "forecaster service do) and the worker writes the answer itself. Paired runs as above, 3 rounds of 20 s, both "
        "builds serving at once: p50 overhead for `image` +12.5 % before against +7.5 % after, `empty` +8.2 % against "
        "about +6 %, `binary` +10.2 % against +9.9 %; throughput at 4 in flight 67.5-69.5/s against 68.0-69.6/s. Tried "
        "and not kept: the worker spinning up to 1 or 3 ms for the next request before it parks (+6.4 % and +6.5 % "
        "against +7.3 % without, 4 rounds each, within the spread between rounds), and the .NET thread pool's spinning "
        "off (`DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0`, no change).",
        "",
        "Reusing request arrays (kept, 2026-12-05): until 2069c3e each request allocated its 602 kB body and its input tensor "
        "(and, for `image`, the pixels and the preprocessed tensor) as new arrays on the large object heap, and a full, "
        "blocking collection followed about every third request. The runtime now takes bodies from the shared array pool and "
        "tensors from arrays it reuses once their run has ended. Side by side on 2 cores (Intel Xeon), both builds serving at "
        "once, the same peer, 3 rounds of 8 s: `binary` p50 overhead +19.7 % as before against +12.1 % with reuse (runtime "
        "p50 17.60 against 15.97 ms, means over rounds; in process 14.2-14.7 ms), `image` +27.3 % against +11.7 % (19.11 "
        "against 17.28 ms; in process 14.9-15.7 ms). Pooling the body alone had been tried before and not kept (+13.0 % and "
        "+19.0 % against +17.9 % and +20.4 %): the tensor array still filled the large object heap at the same pace.",
        "",
        "A thread per inference worker (kept, 2026-12-05): until 0db2f67 the worker was an async loop that resumed on "
        "whichever pool thread the queue's continuation landed on, and ONNX Runtime's calling thread, which takes part in a "
        "run, changed from one request to the next. Now each worker is a thread of its own. Side by side on 2 cores (Intel "
        "Xeon), both builds serving at once, the same peer, 3 rounds of 8 s: p99 at 1 in flight for `empty` 25.2, 29.0 and "
        "40.8 ms before against 24.0, 20.5 and 20.8 ms after, for `binary` 37.6, 45.5 and 39.2 ms against 20.2, 21.9 and "
        "24.0 ms (in process 18.4-20.2 ms); p50 unchanged within the noise (`empty` 16.21, 15.71, 15.87 against 16.26, "
        "15.76, 15.98 ms).",
        "",
        "Tried with reuse in place and not kept: ONNX Runtime's `session.force_spinning_stop` (its threads stop spinning "
        "when a run ends, leaving the cores to HTTP) and `session.intra_op.allow_spinning` off: runtime p50 for `binary` "
        "16.15 and 15.72 ms (stop), 16.00 and 16.15 ms (no spinning) against 16.02 and 15.22 ms as built, 2 rounds of 8 s.",
        "",
        "### Throughput at saturation (inferences/s)",
        "",
        "| round | in process, one run after another | runtime, 4 requests in flight | ratio |",
        "|---|---|---|---|",
    ]
    for r, (i, s) in enumerate(saturation, 1):
        lines.append(f"| {r} | {i['rate']:.2f} | {s['rate']:.2f} | {s['rate'] / i['rate'] * 100:.1f} % |")
    lines += [
        "",
        "### Load and unload by model size (synthetic models, medians of " + str(MOVES) + ")",
        "",
        "| weights | on disk | make-model | in process: session + warm-up | runtime start: load + warm-up | runtime Triton load (cpu) | "
        "runtime Triton unload | runtime RSS after start | emulated GPU: to GPU (5.7 GB/s) | to host (2.1 GB/s) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for x in load_rows:
        lines.append(f"| {x['size']} | {x['bytes'] / 1e6:,.1f} MB | {x['made']:.1f} s | {x['inproc']:.2f} s | {x['start']:.2f} s | {x['load']:.2f} s | "
                     f"{x['unload'] * 1000:.1f} ms | {x['rss'] / 1e6:,.0f} MB | {x['to_gpu']:.3f} s | {x['to_host']:.3f} s |")
    lines += [
        "",
        "The emulated GPU's moves take the copy time at the configured bandwidths by construction (the check is that they "
        "take no less); on a real GPU a move builds a session on the other device, measured in \"Inference runtime on a GPU\" below. "
        "Dynamic batching (`--max-batch`) is not built: there is no batching figure.",
        "",
    ]
    section = "\n".join(lines)
    replace_section("## Inference runtime (`faaswise runtime`)", section)
    print(section)


if __name__ == "__main__":
    main()
