#!/usr/bin/python3
"""Reference: one-example predict latency of 784-50-10 in PyTorch (median over many calls after warm-up).

usage: torch_predict.py [HIDDEN] [THREADS]   prints {"impl": "pytorch ...", "network": ..., "predict_one_us": x}
"""
import json, sys, time
import torch

hidden = [int(h) for h in (sys.argv[1] if len(sys.argv) > 1 else "50").split(",")]
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
torch.manual_seed(0)
layers, n = [], 784
for h in hidden:
    layers += [torch.nn.Linear(n, h), torch.nn.ReLU()]
    n = h
model = torch.nn.Sequential(*layers, torch.nn.Linear(n, 10)).eval()
xs = [torch.rand(1, 784) for _ in range(64)]
with torch.no_grad():
    for i in range(5000):
        torch.softmax(model(xs[i & 63]), 1)
    ns = []
    for i in range(20000):
        t = time.perf_counter_ns()
        torch.softmax(model(xs[i & 63]), 1)
        ns.append(time.perf_counter_ns() - t)
ns.sort()
print(json.dumps({"impl": "pytorch " + torch.__version__, "network": "784-" + "-".join(map(str, hidden)) + "-10",
                  "predict_one_us": round(ns[len(ns) // 2] / 1e3, 3)}))
