#!/usr/bin/env bash
# Runs chainrule and the reference scripts of ../shared/bench back to back, RUNS times, and prints
# the medians and the ratios (chainrule / reference: below 1 means chainrule is faster).
#
# usage: bench/compare.sh [RUNS] [WHAT...]      WHAT: gemm mlp-s mlp-l predict cnn jni (default: all but jni)
#        jni: the same gemm shapes through the optional chainrule-blas kernels (OpenBLAS called from Java)
# env:   DATA (default /usr/share/datasets/fashion-mnist), EPOCHS_S (3), EPOCHS_L (1), EPOCHS_C (1, CNN-S),
#        OPENBLAS_DIR: folder holding OpenBLAS's libblas.so.3, put first on LD_LIBRARY_PATH for the
#        Python references (default: Debian's /usr/lib/x86_64-linux-gnu/openblas-pthread when
#        installed, else /tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-pthread when extracted
#        there with `apt-get download libopenblas0-pthread && dpkg-deb -x ...`). Without OpenBLAS,
#        numpy and torch fall back to the reference BLAS and are far slower than the design's figures.
#        JAVA_OPTS: extra JVM flags for chainrule (-XX:UseAVX=2 holds it to AVX2; OPENBLAS_CORETYPE=Haswell
#        does the same for OpenBLAS). GEMM_THREADS (2): threads of both sides of `gemm`.
#        BENCH_JAR, CLI_JAR: other builds of bench/target/benchmarks.jar and cli/target/chainrule.jar to
#        measure (an older commit's, for before/after); then nothing is rebuilt.
# Output: one JSON line per measurement in $OUT (default /tmp/chainrule-compare.jsonl), then a summary.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"; shift || true
what="${*:-gemm mlp-s mlp-l predict cnn}"
data="${DATA:-/usr/share/datasets/fashion-mnist}"
es="${EPOCHS_S:-3}"; el="${EPOCHS_L:-1}"; ec="${EPOCHS_C:-1}"
out="${OUT:-/tmp/chainrule-compare.jsonl}"
shared="${SHARED_BENCH:-$root/../shared/bench}"; [ -d "$shared" ] || shared="$root/../../shared/bench"  # a worktree one level deeper
py=/usr/bin/python3
jar="${BENCH_JAR:-$root/bench/target/benchmarks.jar}"
cli="${CLI_JAR:-$root/cli/target/chainrule.jar}"
if [ -z "${BENCH_JAR:-}${CLI_JAR:-}" ] && { [ ! -f "$jar" ] || [ ! -f "$cli" ] || [ -n "$(find "$root/core/src/main" "$root/cli/src/main" "$root/bench/src/main" -newer "$jar" -print -quit)" ] \
   || [ -n "$(find "$root/core/src/main" "$root/cli/src/main" -newer "$cli" -print -quit)" ]; }; then
  (cd "$root" && mvn -q -B package -pl bench,cli -am -DskipTests >&2)
fi
blas="${OPENBLAS_DIR:-}"
for d in /usr/lib/x86_64-linux-gnu/openblas-pthread /tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-pthread; do
  [ -z "$blas" ] && [ -f "$d/libblas.so.3" ] && blas="$d"
done
pyenv=(env); [ -n "$blas" ] && pyenv=(env "LD_LIBRARY_PATH=$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
echo "compare: $runs runs of [$what]; python BLAS: ${blas:-system default (no OpenBLAS found)}${OPENBLAS_CORETYPE:+ (core type $OPENBLAS_CORETYPE)}; JAVA_OPTS: ${JAVA_OPTS:-none}; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java_cr() { java --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -cp "$jar" dev.chainrule.bench.Bench "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2); }
# training and predict timings: the CLI's own `chainrule bench` (one JSON line with --json)
cr_bench() { java --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -jar "$cli" bench "$@" --json 2> >(grep -v '^WARNING: Using incubator modules' >&2) | tail -n 1; }
tag() { sed "s/^{/{\"run\": $1, \"bench\": \"$2\", /"; }
: > "$out"
for r in $(seq 1 "$runs"); do
  for w in $what; do
    case "$w" in
      gemm)
        "${pyenv[@]}" OPENBLAS_NUM_THREADS="${GEMM_THREADS:-2}" "$py" "$root/bench/scripts/blas_gemm.py" | tag "$r" gemm-blas >> "$out"
        java_cr gemm "${GEMM_THREADS:-2}" | tag "$r" gemm-chainrule >> "$out" ;;
      jni)
        OPENBLAS_NUM_THREADS="${GEMM_THREADS:-2}" java_cr gemm "${GEMM_THREADS:-2}" blas | tag "$r" gemm-jni >> "$out" ;;
      mlp-s)
        "${pyenv[@]}" "$py" "$shared/torch_mlp.py" "$data" 50 "$es" | tag "$r" mlp-s-torch >> "$out"
        "${pyenv[@]}" "$py" "$shared/numpy_mlp.py" "$data" 50 "$es" | tag "$r" mlp-s-numpy >> "$out"
        cr_bench train --data "$data" --hidden 50 --epochs "$es" | tag "$r" mlp-s-chainrule >> "$out" ;;
      mlp-l)
        "${pyenv[@]}" "$py" "$shared/torch_mlp.py" "$data" 1024,1024 "$el" | tag "$r" mlp-l-torch >> "$out"
        cr_bench train --data "$data" --hidden 1024,1024 --epochs "$el" | tag "$r" mlp-l-chainrule >> "$out" ;;
      cnn)
        # CNN-S (examples/networks/fashion-cnn.json = torch_cnn.py's network, SGD lr 0.05, momentum 0.9, batch 128),
        # chainrule first and PyTorch (1 thread, as the reference figures) right after it
        cr_bench train --data "$data" --network "$root/examples/networks/fashion-cnn.json" --lr 0.05 --momentum 0.9 \
          --epochs "$ec" | tag "$r" cnn-chainrule >> "$out"
        tail -n 1 "$out" >&2
        "${pyenv[@]}" "$py" "$shared/torch_cnn.py" "$data" "$ec" 1 | tag "$r" cnn-torch >> "$out" ;;
      predict)
        "${pyenv[@]}" "$py" "$root/bench/scripts/torch_predict.py" 50 | tag "$r" predict-torch >> "$out"
        cr_bench predict --hidden 50 | tag "$r" predict-chainrule >> "$out" ;;
    esac
    tail -n 1 "$out" >&2
  done
done
"$py" - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(bench, key, **match):
    v = [r[key] for r in rows if r["bench"] == bench and all(str(r.get(k)) == str(x) for k, x in match.items())]
    return statistics.median(v) if v else None
def per_run_ratio(a, b, key, **match):
    runs = sorted({r["run"] for r in rows})
    out = []
    for n in runs:
        x = med(a, key, run=n, **match); y = med(b, key, run=n, **match)
        if x and y: out.append(x / y)
    return statistics.median(out) if out else None
print("\nmedians over runs (ratio = median of the per-run ratios)")
for name, key in (("mlp-s", "seconds_per_epoch"), ("mlp-l", "seconds_per_epoch"), ("cnn", "seconds_per_epoch")):
    c = med(name + "-chainrule", key)
    if c is None: continue
    line = f"{name}: chainrule {c:.3f} s/epoch (median epoch {med(name + '-chainrule', 'median_epoch_seconds'):.3f}, acc {med(name + '-chainrule', 'test_accuracy')}, {med(name + '-chainrule', 'alloc_bytes_per_batch'):.0f} B/batch)"
    for ref in ("torch", "numpy"):
        v = med(f"{name}-{ref}", key)
        if v:
            line += f"; {ref} {v:.3f} s/epoch, ratio {per_run_ratio(name + '-chainrule', name + '-' + ref, key):.3f}"
            line += f" (chainrule's median epoch / {ref}: {med(name + '-chainrule', 'median_epoch_seconds') / v:.3f})"
    print(line)
c = med("predict-chainrule", "predict_one_us"); t = med("predict-torch", "predict_one_us")
if c and t:
    print(f"predict 784-50-10: chainrule {c:.2f} us, torch {t:.2f} us, ratio {per_run_ratio('predict-chainrule', 'predict-torch', 'predict_one_us'):.4f}")
shapes = sorted({r["shape"] for r in rows if r["bench"] in ("gemm-chainrule", "gemm-jni")})
threads = next((r["threads"] for r in rows if r["bench"] in ("gemm-blas", "gemm-jni")), "?")
for s in shapes:
    c = med("gemm-chainrule", "gflops", shape=s); b = med("gemm-blas", "gflops", shape=s); j = med("gemm-jni", "gflops", shape=s)
    line = f"gemm {s} ({threads} threads):"
    if c: line += f" chainrule {c:.1f} GFLOP/s"
    if b: line += f", BLAS {b:.1f} GFLOP/s"
    if c and b: line += f", ratio {per_run_ratio('gemm-chainrule', 'gemm-blas', 'gflops', shape=s):.3f}"
    if j: line += f"; chainrule-blas (JNI) {j:.1f} GFLOP/s" + (f", chainrule / JNI {per_run_ratio('gemm-chainrule', 'gemm-jni', 'gflops', shape=s):.3f}" if c else "")
    if c or j: print(line)
PY
