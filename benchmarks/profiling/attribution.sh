#!/usr/bin/env bash
# The profiler's own CPU, counted sample by sample: one run of Workload.java with profiling on, `perf record` over
# the measured part, and every sample put in one of three groups:
#   jit       the JIT compiler threads (left out of the total: compiling is a warm-up cost, not a steady one)
#   profiler  JFR's own threads and the agent's profiler thread, and samples of any other thread with JFR or the
#             agent's profiling code on the stack (allocation-sample stack walks, span events, JFR's string pool)
#   rest      everything else: the app, the agent's tracing and metrics, GC, the JVM's other threads
# and prints profiler / (profiler + rest). Unlike run.sh and abab.sh, which compare CPU totals whose noise on this
# machine (5 to 30 %) is larger than the target, this is a ratio within one run: with thousands of samples its
# error is a fraction of a percent. It leaves out what profiling costs indirectly (the GC of JFR's buffers and
# events, caches); abab.sh bounds that. Asserts nothing. Needs Linux perf (apt-get install linux-perf) and a JDK
# with -XX:+DumpPerfMapAtExit (11+).
#
# usage: benchmarks/profiling/attribution.sh [measured-tasks=300] [warmup-seconds=15]
#   PROFILING_OPTS adds agent options (e.g. -Dclude.obs.profiling.allocation_rate=50); AGENT_JAR another build;
#   DETAIL=1 also lists the samples of each profiler thread and where on the app's threads the profiler's samples were
set -euo pipefail
cd "$(dirname "$0")/../.."
TASKS=${1:-300}
WARMUP=${2:-15}
JAR=${AGENT_JAR:-agent/target/clude-obs.jar}
[ -f "$JAR" ] || { echo "missing $JAR: build it with mvn -q -B package -pl agent -am -DskipTests" >&2; exit 1; }
command -v perf >/dev/null || { echo "attribution.sh needs perf: apt-get install linux-perf" >&2; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVAC" -d "$WORK/classes" benchmarks/profiling/Workload.java

# frame pointers, so that perf can walk from JFR's native code through compiled Java frames
# shellcheck disable=SC2086
"$JAVA" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer \
  -javaagent:"$JAR" -Dclude.obs.data_dir="$WORK/data" -Dclude.obs.profiling_enabled=true ${PROFILING_OPTS:-} \
  -Dclude.obs.pointcuts.task='bench.Agent#handle' \
  -Dclude.obs.pointcuts.llm='bench.Llm#complete' \
  -Dclude.obs.pointcuts.tool='bench.Tools#grep; bench.Tools#parse' \
  -cp "$WORK/classes" bench.Workload "$WARMUP" "$TASKS" "$WORK/files" > "$WORK/out.txt" &
PID=$!
sleep $((WARMUP + 2))
# the measured part takes about 48 ms a task; stop recording a little before it ends
SECONDS_TO_RECORD=$(( TASKS * 48 / 1000 - 3 ))
perf record -q -e cpu-clock -F 2999 -g -p "$PID" -o "$WORK/perf.data" -- sleep "$SECONDS_TO_RECORD" 2>/dev/null
wait "$PID"
grep '^measured' "$WORK/out.txt"
perf script -i "$WORK/perf.data" 2>/dev/null | awk -v detail="${DETAIL:-0}" '
  function flush() {
    if (comm == "") return
    if (comm ~ /^C[12] CompilerThre/) g = "jit"
    else if (comm ~ /^JFR / || comm ~ /^clude-obs-profi/) g = "profiler-threads"
    else if (stack ~ /Jfr|jdk\.jfr\.|io\.cludeobs\.agent\.profiling\./) g = "profiler-in-app-threads"
    else g = "rest"
    n[g]++
    if (g == "profiler-threads") byThread[comm]++
    if (g == "profiler-in-app-threads") {
      # the outermost profiler frame: what on the app side called into JFR
      k = split(stack, f, "\n"); top = ""
      for (i = 1; i <= k; i++) if (f[i] ~ /Jfr|jdk\.jfr\.|io\.cludeobs\.agent\.profiling\./) top = f[i]
      sub(/^[ \t]*[0-9a-f]+ /, "", top); sub(/\+0x[0-9a-f]+ .*$/, "", top); sub(/\(.*$/, "", top)
      where[comm " | " top]++
    }
    comm = ""; stack = ""
  }
  /^$/ { flush(); next }
  /^[^ \t]/ { flush(); line = $0; sub(/ +[0-9]+(\/[0-9]+)? +\[?[0-9].*$/, "", line); comm = line; next }
  { stack = stack "\n" $0 }
  END {
    flush()
    p = n["profiler-threads"] + n["profiler-in-app-threads"]; total = p + n["rest"]
    printf "samples: jit %d (left out), profiler threads %d, profiler code on other threads %d, rest %d\n",
      n["jit"], n["profiler-threads"], n["profiler-in-app-threads"], n["rest"]
    printf "profiler share of the CPU without the JIT: %.2f %% (+/- %.2f, one standard error; target <= 2 %%)\n",
      100 * p / total, 100 * sqrt((p / total) * (1 - p / total) / total)
    if (detail) {
      print "profiler threads (samples):"
      for (c in byThread) printf "  %5d  %s\n", byThread[c], c
      print "profiler code on other threads, by thread and outermost profiler frame (samples):"
      for (w in where) printf "  %5d  %s\n", where[w], w | "sort -rn | head -20"
    }
  }'
