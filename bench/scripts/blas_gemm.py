#!/usr/bin/python3
"""Reference: sgemm GFLOP/s of the BLAS numpy is linked to (OpenBLAS when LD_LIBRARY_PATH points at it),
on the matrix-product shapes of MLP-S and MLP-L training at batch 128; one JSON line per shape.

usage: blas_gemm.py   (threads: OPENBLAS_NUM_THREADS)
"""
import json, os, time
import numpy as np

SHAPES = ["128x1024x784:NN", "128x1024x1024:NN", "784x1024x128:TN", "1024x1024x128:TN", "128x1024x1024:NT",
          "128x50x784:NN", "784x50x128:TN"]
rng = np.random.default_rng(1)
for s in SHAPES:
    dims, op = s.split(":")
    m, n, k = map(int, dims.split("x"))
    a = rng.standard_normal((k, m) if op[0] == "T" else (m, k)).astype(np.float32)
    b = rng.standard_normal((n, k) if op[1] == "T" else (k, n)).astype(np.float32)
    A = a.T if op[0] == "T" else a
    B = b.T if op[1] == "T" else b
    c = np.empty((m, n), np.float32)
    flop = 2.0 * m * n * k
    reps = max(5, int(3e9 / flop))
    for _ in range(reps):
        np.matmul(A, B, out=c)
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps // 3 + 1):
            np.matmul(A, B, out=c)
        runs.append(flop * (reps // 3 + 1) / (time.perf_counter() - t) / 1e9)
    runs.sort()
    print(json.dumps({"impl": "numpy-blas", "shape": s, "threads": os.environ.get("OPENBLAS_NUM_THREADS", "?"),
                      "gflops": round(runs[2], 1)}))
