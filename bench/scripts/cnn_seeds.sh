#!/usr/bin/env bash
# CNN-S for 10 epochs on several seeds, chainrule and PyTorch alternating: the spread of the test accuracy.
#
# usage: bench/scripts/cnn_seeds.sh OUT_DIR "CHAINRULE_SEEDS" "TORCH_SEEDS"     e.g. /tmp/seeds "1 2 3 4 5" "0 1 2 3 4"
# env:   CLI_JAR (default cli/target/chainrule.jar: copy it elsewhere first if you rebuild while this runs),
#        DATA (default /usr/share/datasets/fashion-mnist), EPOCHS (10), JAVA_OPTS.
# Writes OUT_DIR/chainrule-seed-S.csv (train --log: per-epoch loss/accuracy), OUT_DIR/chainrule-seed-S.json,
# OUT_DIR/torch-seed-S.jsonl (bench/scripts/torch_cnn_trajectory.py --seed S), then prints a table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"; crs="$2"; ts="$3"
cli="${CLI_JAR:-$root/cli/target/chainrule.jar}"
data="${DATA:-/usr/share/datasets/fashion-mnist}"
epochs="${EPOCHS:-10}"
mkdir -p "$out"
read -r -a cr <<< "$crs"; read -r -a tr <<< "$ts"
n=$(( ${#cr[@]} > ${#tr[@]} ? ${#cr[@]} : ${#tr[@]} ))
for i in $(seq 0 $((n - 1))); do
  if [ "$i" -lt "${#cr[@]}" ]; then
    s="${cr[$i]}"
    java --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -jar "$cli" train --data "$data" \
      --network "$root/examples/networks/fashion-cnn.json" --optimizer momentum --momentum 0.9 --lr 0.05 \
      --batch 128 --epochs "$epochs" --seed "$s" --log "$out/chainrule-seed-$s.csv" --json \
      2>/dev/null | tail -n 1 > "$out/chainrule-seed-$s.json"
    echo "chainrule seed $s: $(cat "$out/chainrule-seed-$s.json")" >&2
  fi
  if [ "$i" -lt "${#tr[@]}" ]; then
    s="${tr[$i]}"
    /usr/bin/python3 "$root/bench/scripts/torch_cnn_trajectory.py" "$data" "$epochs" --seed "$s" > "$out/torch-seed-$s.jsonl"
    echo "torch seed $s: $(tail -n 1 "$out/torch-seed-$s.jsonl")" >&2
  fi
done
/usr/bin/python3 - "$out" <<'PY'
import csv, glob, json, os, statistics, sys
out = sys.argv[1]
def table(name, accs):
    if accs:
        sd = statistics.stdev(accs.values()) if len(accs) > 1 else float('nan')
        print("%-9s seeds %s: %s  mean %.4f  sd %.4f  min %.4f  max %.4f" % (name, ",".join(map(str, sorted(accs))),
              " ".join("%.4f" % accs[s] for s in sorted(accs)), statistics.mean(accs.values()), sd,
              min(accs.values()), max(accs.values())))
cr = {}
for f in glob.glob(os.path.join(out, "chainrule-seed-*.csv")):
    rows = list(csv.DictReader(open(f)))
    if rows:
        cr[int(f.rsplit("-", 1)[1][:-4])] = float(rows[-1]["test_accuracy"])
tr = {}
for f in glob.glob(os.path.join(out, "torch-seed-*.jsonl")):
    lines = [json.loads(l) for l in open(f) if l.strip()]
    if lines and "impl" in lines[-1]:
        tr[int(f.rsplit("-", 1)[1][:-6])] = lines[-1]["test_accuracy"]
table("chainrule", cr)
table("pytorch", tr)
PY
