#!/usr/bin/env bash
# Builds a local store of about 1,000,000 spans with the real agent (11 spans per task), then times
# `traces list --limit 100` and `traces show <id>` as whole processes, with and without the index.
# Usage: benchmarks/store/run.sh [spans] [data-dir]   (needs agent/target/clude-obs.jar)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
spans="${1:-1000000}"
data="${2:-$(mktemp -d)}"
jar=agent/target/clude-obs.jar
[[ -f $jar ]] || { echo "run.sh: $jar missing; run 'mvn -q -B -DskipTests package' first" >&2; exit 1; }
tasks=$(( spans / 11 ))
classes="$(mktemp -d)"
javac -d "$classes" benchmarks/store/StoreLoad.java

if [[ ! -d "$data/traces" ]]; then
  echo "==> writing $tasks tasks ($spans spans) to $data with the agent"
  start=$(date +%s.%N)
  java -javaagent:$jar -Dclude.obs.data_dir="$data" \
    -Dclude.obs.pointcuts.task='StoreLoad#handle' \
    -Dclude.obs.pointcuts.llm='StoreLoad#complete' \
    -Dclude.obs.pointcuts.tool='StoreLoad#tool' \
    -Dclude.obs.pointcuts.span='StoreLoad#lookup;StoreLoad#plan' \
    -Dclude.obs.tracing.batch_size=1000 -Dclude.obs.tracing.queue_size=100000 \
    -Dclude.obs.tracing.shutdown_timeout=60s \
    -cp "$classes" StoreLoad "$tasks"
  echo "    took $(echo "$(date +%s.%N) - $start" | bc) s; store: $(du -sh "$data/traces" | cut -f1)"
fi

time_it() {  # prints the best of 3 wall-clock times of a command, in seconds
  local best=999
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    best=$(echo "t=$e-$s; if (t<$best) t else $best" | bc)
  done
  echo "$best"
}

echo "==> store: $(java -jar $jar traces list --data-dir "$data" --limit 1 2>&1 >/dev/null | tail -1)"
id=$(java -jar $jar traces list --data-dir "$data" --limit 1 --json 2>/dev/null | grep -m1 traceId | cut -d'"' -f4)
echo "traces list --limit 100:  $(time_it bin/clude-obs traces list --data-dir "$data" --limit 100) s  (target < 2 s)"
echo "traces show $id:  $(time_it bin/clude-obs traces show "$id" --data-dir "$data") s  (target < 1 s)"

# The same without the index: the fallback parses every span (slow, but it must give the same answer).
noindex="$(mktemp -d)"
mkdir -p "$noindex/traces"
for f in "$data"/traces/*.jsonl; do ln -s "$f" "$noindex/traces/"; done
cmp <(bin/clude-obs traces list --data-dir "$data" --limit 100 2>/dev/null) \
    <(bin/clude-obs traces list --data-dir "$noindex" --limit 100 2>/dev/null) \
  && echo "without index: same 100 rows" || echo "without index: ROWS DIFFER"
echo "traces list without index: $(time_it bin/clude-obs traces list --data-dir "$noindex" --limit 100) s"
rm -rf "$classes" "$noindex"
