#!/usr/bin/env python3
"""The inference runtime on a real GPU (`faaswise runtime serve --device cuda`), for a machine with an NVIDIA GPU.

Runs where the .NET SDK is not needed: FW is a self-contained build of faaswise with ONNX Runtime's CUDA provider
(`dotnet publish src/Faaswise.Cli -r linux-x64 --self-contained -p:OrtFlavor=gpu`) with bench/runtime/peer's
RuntimePeer beside it; CUDA 13's cuBLAS, cuRAND, cudart and cuDNN 9 are looked up on the machine (PyTorch's wheels
carry them). PyTorch is used for the reference side only: the copy bandwidth the hardware gives, a ResNet-18 exported
to ONNX (random weights, seeded: the package's pretrained model is not needed to time or check it), and PyTorch's own
latency on the same model, as QShuf's runtime served it.

  gpu.py prepare FW WORK OUT   models, reference outputs, PyTorch figures, and the CPU fallback when the CUDA
                               provider is missing (FW without libonnxruntime_providers_cuda.so)
  gpu.py measure FW WORK OUT   the runtime on the GPU: output against ONNX Runtime's CPU output, latency against ONNX
                               Runtime called in process with the same provider, throughput, moves between GPU and
                               host per model size with the GPU memory the process holds after each
  gpu.py experiment FW WORK OUT  bench/experiments/run.py on the GPU (`experiment run --target local --gpu cuda`): a
                               cluster file from each model's measured latencies, a calibration sweep, a live sweep and
                               its simulated twins; needs prepare's models
  gpu.py record DIR            rewrites the "Inference runtime on a GPU" section of docs/benchmarks.md from DIR's
                               prepare.json, measure.json and experiment.md (bench/runtime/gpu-results holds the last)
"""
import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import run as bench  # noqa: E402
from benchdoc import replace_section  # noqa: E402

ROUNDS = 3
SECONDS = 3
SIZES = ["1GB", "4GB"]
MOVES = 2
KINDS = [k for k in bench.KINDS if k[0] != "image"]
# cpu exercises this script on a machine without a GPU.
DEVICE = os.environ.get("GPU_BENCH_DEVICE", "cuda")


def say(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def cuda_libraries():
    """Folders holding CUDA 13's libraries and cuDNN 9: PyTorch's wheels put them under site-packages/nvidia."""
    wanted = ["libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9", "libcuda.so.1"]
    roots = glob.glob("/usr/local/cuda*/lib64") + glob.glob("/usr/local/cuda*/targets/*/lib") + ["/usr/local/nvidia", "/usr/lib/x86_64-linux-gnu"]
    try:
        import nvidia
        roots = [*nvidia.__path__, *roots]
    except ImportError:
        pass
    found = {}
    for name in wanted:
        for root in roots:
            hits = glob.glob(f"{root}/{name}") or glob.glob(f"{root}/**/{name}", recursive=True) if root != "/usr/lib/x86_64-linux-gnu" else glob.glob(f"{root}/{name}")
            if hits:
                found[name] = os.path.dirname(sorted(hits)[0])
                break
    return found


def environment(fw):
    folders = sorted(set(cuda_libraries().values()))
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = ":".join([*folders, env.get("LD_LIBRARY_PATH", "")]).strip(":")
    return env, folders


def use(fw):
    bench.FAASWISE = [str(Path(fw) / "faaswise")]
    bench.PEER_COMMAND = [str(Path(fw) / "RuntimePeer")]


def smi(*args):
    try:
        return subprocess.run(["nvidia-smi", *args], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


def gpu_memory(pid):
    """MiB of GPU memory the process holds, as nvidia-smi reports it (None where it does not list the process)."""
    out = smi("--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits")
    for line in out.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 2 and parts[0] == str(pid):
            return float(parts[1])
    return None


def gpu_used():
    out = smi("--query-gpu=memory.used", "--format=csv,noheader,nounits")
    return float(out.split()[0]) if out.strip() else None


def machine():
    gpu = smi("--query-gpu=name,driver_version,memory.total", "--format=csv,noheader").strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    return {"gpu": gpu, "cpu": f"{os.cpu_count()} cores ({cpu})", "kernel": platform.release(), "commit": os.environ.get("FAASWISE_COMMIT", "unknown"),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def torch_figures(work):
    import numpy as np
    import onnxruntime
    import torch
    import torchvision

    figures = {"torch": torch.__version__, "onnxruntime_python": onnxruntime.__version__}
    copies = []
    for gib in (1, 4):
        n = gib * (1 << 30)
        for pinned in (False, True):
            host = torch.empty(n, dtype=torch.uint8, pin_memory=pinned)
            host.fill_(1)
            device = torch.empty(n, dtype=torch.uint8, device="cuda")
            h2d, d2h = [], []
            for _ in range(3):
                torch.cuda.synchronize()
                t = time.perf_counter()
                device.copy_(host)
                torch.cuda.synchronize()
                h2d.append(time.perf_counter() - t)
                t = time.perf_counter()
                host.copy_(device)
                torch.cuda.synchronize()
                d2h.append(time.perf_counter() - t)
            copies.append({"bytes": n, "pinned": pinned, "h2d_gbps": n / statistics.median(h2d) / 1e9, "d2h_gbps": n / statistics.median(d2h) / 1e9})
            say(f"copy {gib} GiB {'pinned' if pinned else 'pageable'}: to GPU {copies[-1]['h2d_gbps']:.1f} GB/s, to host {copies[-1]['d2h_gbps']:.1f} GB/s")
            del host, device
            torch.cuda.empty_cache()
    figures["copies"] = copies

    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None).eval()
    x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(1))
    path = work / "resnet18.onnx"
    try:
        torch.onnx.export(model, (x,), str(path), input_names=["input"], output_names=["output"], opset_version=17, dynamo=False)
    except Exception as e:  # noqa: BLE001 - the TorchScript exporter is deprecated; the dynamo one needs onnxscript
        say(f"TorchScript export failed ({e}); exporting with dynamo")
        torch.onnx.export(model, (x,), str(path), input_names=["input"], output_names=["output"], dynamo=True, external_data=False)
    (work / "input.bin").write_bytes(x.numpy().astype("<f4").tobytes())
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    reference = session.run(None, {session.get_inputs()[0].name: x.numpy()})[0].reshape(-1)
    with torch.no_grad():
        torch_cpu = model(x).numpy().reshape(-1)
        gpu_model = model.cuda()
        xg = x.cuda()
        torch_gpu = gpu_model(xg).cpu().numpy().reshape(-1)
        times = []
        for i in range(300):
            torch.cuda.synchronize()
            t = time.perf_counter()
            y = gpu_model(xg)
            _ = y.cpu()
            times.append(time.perf_counter() - t)
    times = sorted(times[50:])
    figures["resnet18"] = {"bytes": path.stat().st_size, "torch_gpu_p50_ms": times[len(times) // 2] * 1000,
                           "torch_gpu_p99_ms": times[int(len(times) * 0.99)] * 1000,
                           "torch_cpu_vs_ort_max_abs": float(np.abs(torch_cpu - reference).max()),
                           "torch_gpu_vs_ort_max_abs": float(np.abs(torch_gpu - reference).max())}
    (work / "reference.json").write_text(json.dumps([float(v) for v in reference]))
    say(f"resnet18.onnx {path.stat().st_size / 1e6:.1f} MB; PyTorch on the GPU p50 {figures['resnet18']['torch_gpu_p50_ms']:.2f} ms")
    return figures


def prepare(fw, work, out):
    work.mkdir(parents=True, exist_ok=True)
    use(fw)
    result = {"machine": machine(), "cuda_libraries": cuda_libraries()}
    say(f"{result['machine']['gpu']}; CUDA libraries: {result['cuda_libraries']}")
    try:
        phase(result, "torch", lambda: result.update(torch_figures(work)))
        result["made"] = {}
        for size in SIZES:
            phase(result, f"make-model {size}", lambda: make(result, work, size))
        if not (Path(fw) / "libonnxruntime_providers_cuda.so").exists():
            phase(result, "fallback", lambda: fallback(result, fw, work))
    finally:
        (out / "prepare.json").write_text(json.dumps(result, indent=1))


def make(result, work, size):
    t = time.monotonic()
    subprocess.run([*bench.FAASWISE, "runtime", "make-model", "--size", size, "--out", str(work / f"model-{size}.onnx")], check=True, capture_output=True, timeout=900)
    result["made"][size] = time.monotonic() - t
    say(f"make-model {size}: {result['made'][size]:.1f} s")


def fallback(result, fw, work):
    """Without the CUDA provider the runtime says why and serves on the CPU; /tocuda answers QShuf's 500."""
    env, _ = environment(fw)
    model = work / "resnet18.onnx" if (work / "resnet18.onnx").exists() else work / f"model-{SIZES[0]}.onnx"
    runtime = bench.Runtime("--model", model, "--device", "cuda", env=env)
    try:
        result["fallback"] = {"lines": [l for l in runtime.lines if l.startswith("faaswise runtime:")], "tocuda": answer(runtime.control + "/tocuda")}
    finally:
        runtime.close()
    say(f"without the CUDA provider: {result['fallback']}")


def answer(url):
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return {"status": response.status, "body": response.read().decode()[:300]}
    except urllib.error.HTTPError as e:
        return {"status": e.code, "body": e.read().decode()[:300]}


def infer_check(runtime, work):
    import array
    values = array.array("f")
    values.frombytes((work / "input.bin").read_bytes())
    with urllib.request.urlopen(runtime.data + "/v2/models/resnet18", timeout=60) as response:
        name = json.loads(response.read())["inputs"][0]["name"]
    body = json.dumps({"inputs": [{"name": name, "shape": [1, 3, 224, 224], "datatype": "FP32", "data": list(values)}]}).encode()
    request = urllib.request.Request(runtime.data + "/v2/models/resnet18/infer", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        output = json.loads(response.read())["outputs"][0]["data"]
    reference = json.loads((work / "reference.json").read_text())
    diff = max(abs(a - b) for a, b in zip(output, reference))
    scale = max(abs(b) for b in reference)
    top = lambda v: max(range(len(v)), key=v.__getitem__)  # noqa: E731
    return {"max_abs": diff, "max_reference": scale, "argmax_equal": top(output) == top(reference), "n": len(output)}


def measure(fw, work, out):
    use(fw)
    env, folders = environment(fw)
    cuda_env = dict(env, FAASWISE_PEER_DEVICE=DEVICE)
    result = {"machine": machine(), "library_folders": folders}
    say(f"{result['machine']['gpu']}; LD_LIBRARY_PATH {env['LD_LIBRARY_PATH']}")
    try:
        measure_into(result, work, env, cuda_env)
    finally:
        (out / "measure.json").write_text(json.dumps(result, indent=1))


def phase(result, name, action):
    """Runs one part of the measurement; a failure is recorded and the next part still runs."""
    try:
        action()
    except (Exception, SystemExit) as e:  # noqa: BLE001 - a device run is short: keep what the other parts measure
        result.setdefault("errors", {})[name] = f"{type(e).__name__}: {e}"
        say(f"{name} failed: {e}")


def measure_into(result, work, env, cuda_env):
    before = gpu_used()
    runtime = bench.Runtime("--model", work / "resnet18.onnx", "--device", DEVICE, env=env)
    try:
        result["resnet18_start"] = {"lines": [l for l in runtime.lines if l.startswith("faaswise runtime:")], "loaded_s": runtime.loaded,
                                    "gpu_mib": gpu_memory(runtime.proc.pid), "gpu_used_before_mib": before}
        say(f"started: {result['resnet18_start']}")
        if f" on {DEVICE} " not in " ".join(result["resnet18_start"]["lines"]):
            raise SystemExit("the runtime did not start on cuda: " + "\n".join(runtime.lines[-20:]))
        phase(result, "correctness", lambda: result.__setitem__("correctness_cuda", infer_check(runtime, work)))
        say(f"output on cuda against ONNX Runtime's CPU output: {result.get('correctness_cuda')}")
        phase(result, "latency", lambda: latency(result, runtime, work, env, cuda_env))
        phase(result, "saturation", lambda: saturation(result, runtime, work, env, cuda_env))
        phase(result, "resnet18_moves", lambda: resnet_moves(result, runtime, work, env))
    finally:
        runtime.close()
        result["runtime_tail"] = runtime.lines[-15:]
    result["sizes"] = []
    for size in SIZES:
        row = {"size": size}
        result["sizes"].append(row)
        phase(result, f"size {size}", lambda: size_moves(row, work / f"model-{size}.onnx", env, cuda_env))


def latency(result, runtime, work, env, cuda_env):
    rows = result["latency"] = {}
    for kind, path, _ in KINDS:
        rows[kind] = []
        for r in range(ROUNDS):
            inproc = bench.peer("inprocess", work / "resnet18.onnx", kind, 0, SECONDS, 1, env=cuda_env)
            m0 = runtime.metrics()
            served = bench.peer("http", runtime.data + path, kind, SECONDS, 1, env=env)
            m1 = runtime.metrics()
            n = m1["faaswise_runtime_inference_seconds_count"] - m0["faaswise_runtime_inference_seconds_count"]
            served["model_ms"] = (m1["faaswise_runtime_inference_seconds_sum"] - m0["faaswise_runtime_inference_seconds_sum"]) / n * 1000
            served["exec_ms"] = (m1["faaswise_runtime_request_seconds_sum"] - m0["faaswise_runtime_request_seconds_sum"]) / n * 1000
            rows[kind].append({"inprocess": inproc, "runtime": served})
            say(f"{kind} round {r + 1}: in process p50 {inproc['p50']:.3f} ms, runtime p50 {served['p50']:.3f} ms (model {served['model_ms']:.3f} ms)")


def saturation(result, runtime, work, env, cuda_env):
    rows = result["saturation"] = []
    for r in range(2):
        inproc = bench.peer("inprocess", work / "resnet18.onnx", "empty", 0, SECONDS, 1, env=cuda_env)
        served = bench.peer("http", runtime.data + "/", "empty", SECONDS, 4, env=env)
        rows.append({"inprocess": inproc, "runtime": served})
        say(f"saturation round {r + 1}: in process {inproc['rate']:.1f}/s, runtime {served['rate']:.1f}/s")


def resnet_moves(result, runtime, work, env):
    moves = result["resnet18_moves"] = []
    for direction in ("/tocpu", "/tocuda", "/tocpu", "/tocuda"):
        a = runtime.call(direction)
        a["path"] = direction
        a["gpu_mib_after"] = gpu_memory(runtime.proc.pid)
        moves.append(a)
        if direction == "/tocpu":
            a["cpu_p50_ms"] = bench.peer("http", runtime.data + "/", "empty", SECONDS, 1, env=env)["p50"]
            a["correctness"] = infer_check(runtime, work)
        say(f"resnet18 {direction}: {a}")


def size_moves(row, model, env, cuda_env):
    row["peer_load_s"] = bench.peer("load", model, 0, env=cuda_env)["seconds"]
    say(f"{row['size']}: in process CUDA session + warm-up {row['peer_load_s']:.2f} s")
    runtime = bench.Runtime("--model", model, "--device", DEVICE, env=env)
    try:
        row["start_s"] = runtime.loaded
        row["gpu_mib_start"] = gpu_memory(runtime.proc.pid)
        row["moves"] = []
        for _ in range(MOVES):
            for direction in ("/tocpu", "/tocuda"):
                a = runtime.call(direction)
                a["path"] = direction
                a["gpu_mib_after"] = gpu_memory(runtime.proc.pid)
                row["moves"].append(a)
                say(f"{row['size']} {direction}: {a['seconds']:.3f} s, {a['bytes'] / 1e9:.2f} GB, process GPU memory after {a['gpu_mib_after']} MiB")
    finally:
        runtime.close()


CLUSTER = """# One H200 as bench/runtime/gpu.py measured it: model latencies from ONNX Runtime in process (CUDA provider; CPU
# with {threads} threads), move rates from the runtime's own /tocuda and /tocpu of the 1 GB model (a CPU session is
# rebuilt on each move to the host), GPU memory kept small on purpose: both models fit once, not twice.
name: h200-local
runtime:
  gpu_quota: 1.0
  cuda_context_gb: 0
  process_start_s: 2.5
  disk_gbps: 2
  transfer_overhead_ms: 2
  timeout_factor: 1.0
  persistent_context: false
  ready_delay_s: 0.2
  notready_delay_s: 0.2
nodes:
  - name: h200
    cpu_cores: 16
    host_memory_gb: 64
    gpus:
      - {{ uuid: GPU-h200-0, product: H200, memory_gb: 1.2, h2d_gbps: 0.6, d2h_gbps: 0.4 }}
models:
  - {{ name: resnet18,  size_gb: {resnet_gb:.4f}, latency_ms: {{ cuda: {resnet_cuda:.3f}, cpu: {resnet_cpu:.3f} }}, gpu_share: 1.0, serve: {resnet_path} }}
  - {{ name: synth-1gb, size_gb: {synth_gb:.4f}, latency_ms: {{ cuda: {synth_cuda:.3f}, cpu: {synth_cpu:.3f} }}, gpu_share: 1.0, serve: {synth_path} }}
functions:
  - {{ name: resnet18,  model: resnet18,  slo_ms: {resnet_slo:.0f}, timeout_s: 2, cpu: 1, min_replicas: 1, max_replicas: 2 }}
  - {{ name: synth-1gb, model: synth-1gb, slo_ms: {synth_slo:.0f}, timeout_s: 2, cpu: 1, min_replicas: 1, max_replicas: 2 }}
"""


def experiment(fw, work, out):
    use(fw)
    env, _ = environment(fw)
    threads = 4
    cuda_env = dict(env, FAASWISE_PEER_DEVICE=DEVICE)
    resnet, synth = work / "resnet18.onnx", work / "model-1GB.onnx"
    lat = {}
    for name, model in (("resnet", resnet), ("synth", synth)):
        lat[f"{name}_cuda"] = bench.peer("inprocess", model, "empty", 0, 2, 1, env=cuda_env)["p50"]
        lat[f"{name}_cpu"] = bench.peer("inprocess", model, "empty", threads, 2, 1, env=env)["p50"]
    say(f"latencies (ms, in process): {lat}")
    # The SLO as QShuf sets it: a few times the GPU latency, with room for the HTTP path (about 1 ms here).
    text = CLUSTER.format(threads=threads, resnet_gb=resnet.stat().st_size / 1e9, synth_gb=synth.stat().st_size / 1e9, resnet_path=resnet, synth_path=synth,
                          resnet_slo=max(10, 5 * lat["resnet_cuda"]), synth_slo=max(10, 5 * lat["synth_cuda"]), **lat)
    cluster = work / "h200.yaml"
    cluster.write_text(text)
    (out / "h200.yaml").write_text(text)
    # ES1's rates are 1 / GPU latency per function; scale them so that the two functions together ask for about 300/s.
    load = min(0.3, 300 / (1000 / lat["resnet_cuda"] + 1000 / lat["synth_cuda"]))
    say(f"load factor {load:.3f}")
    exp = Path(__file__).resolve().parents[1] / "experiments" / "run.py"
    directory = work / "experiment"
    args = [sys.executable, str(exp), "--faaswise", str(Path(fw) / "faaswise"), "--cluster", str(cluster), "--gpu", "cuda" if DEVICE == "cuda" else "emulated", "--threads", str(threads),
            "--rest", "2s", "--seeds", os.environ.get("GPU_BENCH_SEEDS", "1"), "--cvs", "1,4", "--duration", os.environ.get("GPU_BENCH_DURATION", "15s"),
            "--load", f"{load:.4f}", "--policies", "pinned,qshuf", "--out", str(directory), "--no-doc", "--section", str(out / "experiment.md")]
    say(" ".join(args))
    done = subprocess.run(args, env=env, text=True)
    subprocess.run(["tar", "cJf", str(out / "experiment.tar.xz"), "--exclude=models", "--exclude=ledgers", "-C", str(work), "experiment"], check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench/experiments/run.py failed ({done.returncode})")


HEADING = "## Inference runtime on a GPU (`faaswise runtime serve --device cuda`)"


def record(directory):
    prep = json.loads((directory / "prepare.json").read_text())
    m = json.loads((directory / "measure.json").read_text())
    machine = m["machine"]
    r18 = prep["resnet18"]
    med = statistics.median
    lines = [HEADING, "",
             f"Measured {machine['date']} by `bench/runtime/gpu.py prepare` and `measure` on {machine['gpu']} (one GPU), {machine['cpu']}, Linux "
             f"{machine['kernel']}, faaswise at {machine['commit']}: a self-contained build (`dotnet publish src/Faaswise.Cli -r linux-x64 --self-contained "
             "-p:OrtFlavor=gpu`) with ONNX Runtime 1.32's CUDA provider, CUDA 13 and cuDNN 9 from the machine's PyTorch wheels. The peer is "
             "`bench/runtime/peer` calling ONNX Runtime in process with the same provider (`FAASWISE_PEER_DEVICE=cuda`) and the same timing loop "
             f"that, in its other mode, calls the runtime over keep-alive HTTP; {ROUNDS} rounds of {SECONDS} s alternate. Model: ResNet-18 exported from "
             f"torchvision 0.26 with PyTorch {prep.get('torch', '?')} (random weights, seed 0; {r18['bytes'] / 1e6:.1f} MB: the package's pretrained "
             "file did not travel to that machine), input 1x3x224x224.", ""]
    c = m["correctness_cuda"]
    back = [a["correctness"] for a in m["resnet18_moves"] if "correctness" in a]
    lines += ["### The CUDA path, checked", "",
              f"- Output on the GPU against ONNX Runtime's CPU output on the same input: largest difference {c['max_abs']:.1e} (outputs up to "
              f"{c['max_reference']:.2f}), same top class; PyTorch on the GPU differs from the same reference by {r18['torch_gpu_vs_ort_max_abs']:.1e} "
              f"(cuDNN's convolutions are not bit-exact), PyTorch on the CPU by {r18['torch_cpu_vs_ort_max_abs']:.1e}.",
              f"- After `/tocpu` the answer is ONNX Runtime's CPU output again (difference {max(b['max_abs'] for b in back):.1e}); after `/tocuda` the "
              "GPU's.",
              f"- Without the CUDA provider in the build, the same machine's runtime says so on start and serves on the CPU; `/tocuda` answers "
              f"{prep['fallback']['tocuda']['status']} `CUDA is not available` (QShuf's answer)." if "fallback" in prep else "",
              f"- PyTorch itself (QShuf's runtime) serves this model at p50 {r18['torch_gpu_p50_ms']:.2f} ms on the same GPU (batch 1, fp32, "
              "output copied to the host).", ""]
    rows = m["latency"]
    lines += ["### Latency at 1 request in flight (ms)", "",
              "| request | round | in process p50 | p99 | runtime p50 | p99 | runtime, model run (mean) | overhead at p50 |", "|---|---|---|---|---|---|---|---|"]
    for kind, rounds in rows.items():
        for i, r in enumerate(rounds):
            a, b = r["inprocess"], r["runtime"]
            lines.append(f"| {kind} | {i + 1} | {a['p50']:.3f} | {a['p99']:.3f} | {b['p50']:.3f} | {b['p99']:.3f} | {b['model_ms']:.3f} | {100 * (b['p50'] / a['p50'] - 1):+.0f} % |")
    empty = rows["empty"]
    gap = med([r["runtime"]["p50"] - r["inprocess"]["p50"] for r in empty])
    model_gap = med([r["runtime"]["model_ms"] - r["inprocess"]["mean"] for r in empty])
    lines += ["", f"On this GPU ResNet-18 takes {med([r['inprocess']['p50'] for r in empty]):.2f} ms in process, and the runtime adds "
              f"{gap:.2f} ms at p50 to an empty request: the HTTP round trip on loopback with request and answer handling, and a model run "
              f"{model_gap:.2f} ms longer than in process (mean, timed inside the runtime; the run happens on a worker's pool thread, not "
              "on one thread that calls again and again, which is our explanation, not a measurement). On the CPU, where the same model takes 14 ms, the "
              "runtime's p50 overhead for an empty request is the \"Inference runtime\" section's (target: at most 5 %); against a sub-millisecond GPU inference no HTTP server meets it, and the overhead is reported "
              "as it is. JSON tensors cost ~22 ms "
              "of text decoding, as on the CPU: send binary tensors to a GPU.", ""]
    sat = m["saturation"]
    lines += ["### Throughput at saturation (inferences/s)", "", "| round | in process, one run after another | runtime, 4 requests in flight | ratio |", "|---|---|---|---|"]
    for i, r in enumerate(sat):
        lines.append(f"| {i + 1} | {r['inprocess']['rate']:.0f} | {r['runtime']['rate']:.0f} | {100 * r['runtime']['rate'] / r['inprocess']['rate']:.1f} % |")
    lines += ["", "### Moves between GPU and host memory (real device)", "",
              "| model | weights | in process: CUDA session + warm-up | runtime start on the GPU | `/tocuda` (each) | `/tocpu` (each) | process GPU memory on the GPU | after `/tocpu` |",
              "|---|---|---|---|---|---|---|---|"]
    rm = m["resnet18_moves"]

    def each(moves, path):
        return ", ".join(f"{a['seconds']:.2f} s" for a in moves if a["path"] == path)
    lines.append(f"| ResNet-18 | {r18['bytes'] / 1e6:.1f} MB | - | {m['resnet18_start']['loaded_s']:.2f} s | {each(rm, '/tocuda')} | {each(rm, '/tocpu')} | "
                 f"{m['resnet18_start']['gpu_mib']:.0f} MiB | {rm[0]['gpu_mib_after']:.0f} MiB |")
    for row in m["sizes"]:
        mv = row["moves"]
        lines.append(f"| synthetic {row['size']} | {mv[0]['bytes'] / 1e9:.2f} GB | {row['peer_load_s']:.2f} s | {row['start_s']:.2f} s | {each(mv, '/tocuda')} | "
                     f"{each(mv, '/tocpu')} | {row['gpu_mib_start']:.0f} MiB | {mv[0]['gpu_mib_after']:.0f} MiB |")
    copies = {(c["bytes"], c["pinned"]): c for c in prep["copies"]}
    big = max(b for b, _ in copies)
    lines += ["", f"The same GPU copies {big / (1 << 30):.0f} GiB at {copies[(big, False)]['h2d_gbps']:.1f} GB/s to the device and "
              f"{copies[(big, False)]['d2h_gbps']:.1f} GB/s to the host from pageable memory, {copies[(big, True)]['h2d_gbps']:.0f} GB/s either way "
              "from pinned memory (PyTorch, medians of 3). A move builds an ONNX Runtime session on the other device from the model file "
              "(a live session cannot change device): to the GPU, the 4 GB model (weights in external data) moves at about the pageable "
              "copy rate; the 1 GB model, whose weights sit inside the protobuf, takes longer than the 4 GB one because ONNX Runtime first "
              "copies them out of the parsed message. To the host is the slow direction, seconds per GB where PyTorch's `.to('cpu')` "
              "is a copy: building the CPU session costs that (the in-process peer's CPU load times in the section above agree); "
              "that it is ONNX Runtime prepacking the weights for its matrix kernels is our reading, not measured. After `/tocpu` the process keeps only the CUDA "
              f"context ({rm[0]['gpu_mib_after']:.0f} MiB): the weights and ONNX Runtime's arena are given back to the device, as "
              "`nvidia-smi` shows. QShuf's simulator files use 5.7 GB/s and 2.1 GB/s (QShuf's PyTorch measurements); a cluster file for "
              "this runtime on this GPU uses what the table shows (bench/runtime/gpu-results/h200.yaml).", ""]
    experiment = directory / "experiment.md"
    if experiment.exists():
        text = experiment.read_text()
        lines += [text.rstrip(), "",
                  "The replicas here are real CUDA runtimes (`experiment run --target local --gpu cuda`), one H200 shared by both functions; "
                  "the cluster file (`bench/runtime/gpu-results/h200.yaml`) takes each model's latency from ONNX Runtime in process and keeps "
                  "the GPU's memory at 1.2 GB so that two copies of the 1 GB model do not fit. In 15 s runs neither policy moved a model, so "
                  "this measures serving and scaling, not shuffling. SLO attainment agrees within 3 points after calibration; the live p99 at "
                  "cv 1 is tens of milliseconds where the simulator says 2 ms: of pinned's slowest 1 % at cv 1, 37 of 45 requests arrived "
                  "in the run's first 0.1 s, while the gateway's and the runtimes' code compiled on first use (this self-contained build "
                  "is not ReadyToRun); the simulator models neither that warm-up nor the HTTP path. Files: bench/runtime/gpu-results/.", ""]
    benchdoc_section = "\n".join(l for l in lines if l is not None)
    replace_section(HEADING, benchdoc_section.rstrip() + "\n\n")
    print(benchdoc_section)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("prepare", "measure", "experiment", "record"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "record":
        record(Path(sys.argv[2]))
        return
    fw, work, out = Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    out.mkdir(parents=True, exist_ok=True)
    {"prepare": prepare, "measure": measure, "experiment": experiment}[sys.argv[1]](fw, work, out)


if __name__ == "__main__":
    main()
