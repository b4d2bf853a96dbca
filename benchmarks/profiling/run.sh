#!/usr/bin/env bash
# CPU the profiler adds at its default settings, on an agent-shaped workload.
#
# Runs Workload.java under the agent twice per round, tracing on in both, profiling off and on
# (clude.obs.profiling_enabled; cpu and memory profiling on, io off: the defaults), alternating so that
# machine noise hits both alike. Each run warms up, then does a fixed number of tasks and prints the
# process CPU time (all threads, JFR's included) and wall time of that fixed work, and the CPU of the threads
# that exist only for profiling (JFR's and the rotation thread, from /proc: a less noisy lower bound). Prints
# per-run numbers, the medians and the added CPU in percent. Asserts nothing. Linux only (/proc).
# Target (issue 8): at most 2 % added CPU.
#
# usage: benchmarks/profiling/run.sh [rounds=3] [measured-tasks=300] [warmup-seconds=15]
#   PROFILING_OPTS='-Dclude.obs.profiling.memory_profiling=false' adds options to the profiling-on runs only
#   AGENT_JAR=/path/to/clude-obs.jar measures another build of the agent (e.g. a copy of the jar before a change)
# needs: agent/target/clude-obs.jar (mvn -q -B package -pl agent -am -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
TASKS=${2:-300}
WARMUP=${3:-15}
JAR=${AGENT_JAR:-agent/target/clude-obs.jar}
[ -f "$JAR" ] || { echo "missing $JAR: build it with mvn -q -B package -pl agent -am -DskipTests" >&2; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVAC" -d "$WORK/classes" benchmarks/profiling/Workload.java

run() { # $1 = profiling true/false; prints "cpu_ms wall_ms profiler_thread_ticks profile_bytes"
  local data="$WORK/data-$1-$RANDOM" measured bytes=0
  "$JAVA" ${JAVA_OPTS:-} -javaagent:"$JAR" -Dclude.obs.data_dir="$data" \
    -Dclude.obs.profiling_enabled="$1" ${PROFILING_OPTS:+$([ "$1" = true ] && echo "$PROFILING_OPTS")} \
    -Dclude.obs.pointcuts.task='bench.Agent#handle' \
    -Dclude.obs.pointcuts.llm='bench.Llm#complete' \
    -Dclude.obs.pointcuts.tool='bench.Tools#grep; bench.Tools#parse' \
    -cp "$WORK/classes" bench.Workload "$WARMUP" "$TASKS" "$WORK/files" \
    > "$WORK/out.txt"
  measured=$(sed -n 's/^measured tasks=[0-9]* cpu_ms=\([0-9]*\) wall_ms=\([0-9]*\) profiler_thread_ticks=\([0-9]*\).*/\1 \2 \3/p' "$WORK/out.txt")
  if [ -d "$data/profiles" ]; then
    bytes=$(du -sb "$data/profiles" | cut -f1)
  fi
  rm -rf "$data"
  echo "$measured $bytes"
}

HZ=$(getconf CLK_TCK)
OFF=(); ON=(); WALL=(); THREADS=()
for r in $(seq 1 "$ROUNDS"); do
  read -r oc ow _ _ <<< "$(run false)"
  read -r pc pw pt pb <<< "$(run true)"
  pt=$((pt * 1000 / HZ))
  echo "round $r: profiling off: cpu $oc ms, wall $ow ms | on: cpu $pc ms, wall $pw ms," \
    "JFR and rotation threads $pt ms, profile files $pb bytes"
  OFF+=("$oc"); ON+=("$pc"); WALL+=("$ow"); THREADS+=("$pt")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mo=$(median "${OFF[@]}"); mp=$(median "${ON[@]}"); mw=$(median "${WALL[@]}"); mt=$(median "${THREADS[@]}")
echo
echo "median CPU for $TASKS tasks: profiling off $mo ms, on $mp ms (median wall with profiling off: $mw ms)"
awk -v o="$mo" -v p="$mp" -v w="$mw" 'BEGIN {
  printf "added CPU with profiling at defaults: %.2f %% of the process CPU, %.2f %% of one core (target <= 2 %%)\n",
    100 * (p - o) / o, 100 * (p - o) / w }'
awk -v o="$mo" -v t="$mt" -v w="$mw" 'BEGIN {
  printf "profiling threads alone (JFR + rotation, median %d ms): %.2f %% of the process CPU, %.2f %% of one core\n",
    t, 100 * t / o, 100 * t / w }'
