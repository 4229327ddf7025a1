#!/usr/bin/env bash
# chainrule on Spark against Spark's MultilayerPerceptronClassifier, on Fashion-MNIST read into
# cached DataFrames of 2 partitions (each run in its own JVM, timing only fit):
#   chainrule_accuracy, chainrule_seconds   ChainruleClassifier, averaging mode, local[2] (median of RUNS)
#   mlpc_accuracy, mlpc_seconds             MultilayerPerceptronClassifier [784, 50, 10], local[2]
#   local1_seconds, local2_seconds          the same averaging run on local[1] and local[2], interleaved
#   sync_max_diff                           synchronous mode vs the single-machine Trainer, same batches
# and prints them as one JSON line (the last line of output).
#
# usage: bench/spark.sh [RUNS]       (default 3)
# env:   SYNC_ROWS (10000) SYNC_EPOCHS (2): the synchronous comparison's training images and epochs;
#        BENCH_OPTS: -D settings of the chainrule run (-Dhidden=50 -Depochs=20 -Doptimizer=adam -Dlr=...
#        -Dbatch=128 -DlocalSteps=469); LOCK: a file to hold exclusively around each timed run
#        (flock), so that builds sharing the machine wait; WARMUP=1: every measured run (chainrule
#        local[1] and local[2], MLPC) first does one untimed short fit of the same estimator on the
#        same cached DataFrame (chainrule 1 epoch, MLPC 1 iteration), so `seconds` leaves out the
#        JIT's warm-up (the steady state of a long-lived application); the JSON gets "warm_up": true.
#        Quote a WARMUP=1 line only beside one without.
# Output: every measurement's JSON line in $OUT (default /tmp/chainrule-spark-bench.jsonl).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
out="${OUT:-/tmp/chainrule-spark-bench.jsonl}"
run() {
  local lock=(); [ -n "${LOCK:-}" ] && lock=(flock -x "$LOCK")
  local warm=""; [ "${WARMUP:-0}" = 1 ] && warm="-Dwarmup=true"
  CLASS=dev.chainrule.spark.bench.SparkBench CHAINRULE_JAVA_OPTS="${BENCH_OPTS:-} $warm" \
    "${lock[@]}" "$root/spark/run-example" "$@" | tail -n 1 | tee -a "$out"
}
"$root/spark/run-example" --build-only
echo "spark bench: $runs runs; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
: > "$out"
for r in $(seq 1 "$runs"); do
  run chainrule 'local[2]'
  run chainrule 'local[1]'
done
run mlpc 'local[2]'
run sync 'local[2]' "${SYNC_ROWS:-10000}" "${SYNC_EPOCHS:-2}"
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
def med(what, master, key):
    return statistics.median(r[key] for r in rows if r["what"] == what and r["master"] == master)
mlpc = [r for r in rows if r["what"] == "mlpc"][0]
sync = [r for r in rows if r["what"] == "sync"][0]
result = {
    "chainrule_accuracy": med("chainrule", "local[2]", "accuracy"),
    "chainrule_seconds": round(med("chainrule", "local[2]", "seconds"), 2),
    "mlpc_accuracy": mlpc["accuracy"],
    "mlpc_seconds": round(mlpc["seconds"], 2),
    "local1_seconds": round(med("chainrule", "local[1]", "seconds"), 2),
    "local2_seconds": round(med("chainrule", "local[2]", "seconds"), 2),
    "sync_max_diff": sync["sync_max_diff"],
}
result["speedup_local2"] = round(result["local1_seconds"] / result["local2_seconds"], 2)
if mlpc.get("warm_up"):
    result["warm_up"] = True
print(json.dumps(result))
PY
