#!/usr/bin/python3
"""The SimPy peer of bench/simulate/run.py: a FIFO single-server queue per function with deterministic service,
fed by QShuf trace files (<function>-dist.txt, offsets in seconds; workload.json gives each function's start).

Usage: simpy_peer.py TRACE_DIR SERVICE_SECONDS_JSON
Prints one JSON line: requests, wall seconds, mean wait per function (s).
Needs Debian's python3-simpy3 (SimPy 3) and runs under /usr/bin/python3.
"""
import json
import sys
import time
from pathlib import Path

import simpy


def main():
    folder = Path(sys.argv[1])
    service = json.loads(sys.argv[2])
    starts = {f["function"]: f["start_seconds"] for f in json.loads((folder / "workload.json").read_text())["functions"]}
    traces = {name: [float(x) for x in (folder / f"{name}-dist.txt").read_text().split()] for name in service}
    env = simpy.Environment()
    waits = {name: [0.0, 0] for name in service}

    def request(name, server):
        arrival = env.now
        with server.request() as slot:
            yield slot
            waits[name][0] += env.now - arrival
            waits[name][1] += 1
            yield env.timeout(service[name])

    def source(name, offsets, server):
        now = 0.0
        for offset in offsets:
            at = starts.get(name, 0.0) + offset
            yield env.timeout(at - now)
            now = at
            env.process(request(name, server))

    for name, offsets in traces.items():
        env.process(source(name, offsets, simpy.Resource(env, capacity=1)))
    begin = time.perf_counter()
    env.run()
    wall = time.perf_counter() - begin
    print(json.dumps({"requests": sum(len(t) for t in traces.values()), "wall_s": wall,
                      "mean_wait_s": {n: w[0] / max(1, w[1]) for n, w in waits.items()}}))


if __name__ == "__main__":
    main()
