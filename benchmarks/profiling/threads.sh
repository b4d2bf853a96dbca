#!/usr/bin/env bash
# Where a run's CPU goes, per thread group: one run of Workload.java under the agent, and the CPU time each group
# of threads (JIT compilers, GC, JFR's threads, the agent's threads, the app's main thread, ...) used in about the
# measured part of the run. Compare a run with profiling on to one with it off to see which threads pay for it;
# run.sh gives only the whole process. Asserts nothing. Linux only (/proc/<pid>/task/*/schedstat, in ns).
#
# The window is approximate: from 2 s after the warm-up to the last snapshot (every 0.5 s) before the JVM exits.
# Threads that start or end inside the window are left out.
#
# usage: benchmarks/profiling/threads.sh [profiling=true] [warmup-seconds=15] [measured-tasks=300]
#   PROFILING_OPTS adds options to the run when profiling is on; AGENT_JAR measures another build of the agent
set -euo pipefail
cd "$(dirname "$0")/../.."
PROFILING=${1:-true}
WARMUP=${2:-15}
TASKS=${3:-300}
JAR=${AGENT_JAR:-agent/target/clude-obs.jar}
[ -f "$JAR" ] || { echo "missing $JAR: build it with mvn -q -B package -pl agent -am -DskipTests" >&2; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVAC" -d "$WORK/classes" benchmarks/profiling/Workload.java

OPTS=()
if [ "$PROFILING" = true ] && [ -n "${PROFILING_OPTS:-}" ]; then
  read -r -a OPTS <<< "$PROFILING_OPTS"
fi
"$JAVA" ${JAVA_OPTS:-} -javaagent:"$JAR" -Dclude.obs.data_dir="$WORK/data" -Dclude.obs.profiling_enabled="$PROFILING" "${OPTS[@]}" \
  -Dclude.obs.pointcuts.task='bench.Agent#handle' \
  -Dclude.obs.pointcuts.llm='bench.Llm#complete' \
  -Dclude.obs.pointcuts.tool='bench.Tools#grep; bench.Tools#parse' \
  -cp "$WORK/classes" bench.Workload "$WARMUP" "$TASKS" "$WORK/files" > "$WORK/out.txt" &
PID=$!

# one line per thread: tid|name|ns on the CPU
snapshot() {
  local t name ns
  for t in /proc/"$PID"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    ns=$(cut -d' ' -f1 "$t/schedstat" 2>/dev/null) || continue
    echo "${t##*/}|$name|$ns"
  done
}

sleep $((WARMUP + 2))
snapshot | sort > "$WORK/first"
FIRST=$(wc -l < "$WORK/first")
cp "$WORK/first" "$WORK/last"
while kill -0 "$PID" 2>/dev/null; do
  snapshot | sort > "$WORK/next" || true
  # a snapshot taken while the JVM exits misses threads; keep the previous one then
  if [ "$(wc -l < "$WORK/next")" -ge "$((FIRST - 1))" ]; then
    mv "$WORK/next" "$WORK/last"
  fi
  sleep 0.5
done
wait "$PID"
grep '^measured' "$WORK/out.txt"
echo "CPU per thread group in the measured window (profiling $PROFILING${PROFILING_OPTS:+, $PROFILING_OPTS}):"
# a pool's threads differ only in a trailing number ("GC Thread#0", "GC Thread#1"): group by the name without it
join -t'|' "$WORK/first" "$WORK/last" > "$WORK/both"
awk -F'|' '{ g = $2; sub(/[ #0-9]+$/, "", g); ms[g] += ($5 - $3) / 1e6 }
    END { for (g in ms) if (ms[g] >= 0.5) printf "  %-24s %8.1f ms\n", g, ms[g] }' "$WORK/both" | sort
awk -F'|' '{ total += ($5 - $3) / 1e6 } END { printf "  %-24s %8.1f ms\n", "all threads", total }' "$WORK/both"
