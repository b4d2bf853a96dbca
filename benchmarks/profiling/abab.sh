#!/usr/bin/env bash
# CPU the profiler adds at its default settings, measured inside one JVM.
#
# run.sh compares separate JVMs, profiling off and on; on this shared 2-core VM the same work costs 10 to 30 % more or
# less CPU from one JVM to the next (the JIT's choices, the heap's size, the neighbours), which hides a 2 % target.
# Here one JVM, started with profiling on at its defaults, warms up and then alternates windows of a fixed number
# of tasks with the agent's JFR recording running and with no recording (stopped, and started again with the
# agent's settings; see Workload.java, mode abab). Prints every window, the median CPU of each state, and the CPU the
# recording adds. Asserts nothing. Linux only (/proc/self/task/*/schedstat).
#
# What it leaves out: JFR's one-time start (class loading, the first chunk), which is part of start-up, and what an
# initialised but idle JFR costs in the "off" windows (its threads barely run without a recording).
#
# usage: benchmarks/profiling/abab.sh [window-pairs=8] [tasks-per-window=100] [warmup-seconds=15]
#   PROFILING_OPTS adds options (e.g. -Dclude.obs.profiling.allocation_rate=50); JAVA_OPTS adds JVM options;
#   AGENT_JAR measures another build of the agent
set -euo pipefail
cd "$(dirname "$0")/../.."
PAIRS=${1:-8}
TASKS=${2:-100}
WARMUP=${3:-15}
JAR=${AGENT_JAR:-agent/target/clude-obs.jar}
[ -f "$JAR" ] || { echo "missing $JAR: build it with mvn -q -B package -pl agent -am -DskipTests" >&2; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVAC" -d "$WORK/classes" benchmarks/profiling/Workload.java

# shellcheck disable=SC2086
"$JAVA" ${JAVA_OPTS:-} -javaagent:"$JAR" -Dclude.obs.data_dir="$WORK/data" -Dclude.obs.profiling_enabled=true \
  ${PROFILING_OPTS:-} \
  -Dclude.obs.pointcuts.task='bench.Agent#handle' \
  -Dclude.obs.pointcuts.llm='bench.Llm#complete' \
  -Dclude.obs.pointcuts.tool='bench.Tools#grep; bench.Tools#parse' \
  -cp "$WORK/classes" bench.Workload abab "$WARMUP" "$TASKS" "$PAIRS" "$WORK/files" > "$WORK/out.txt"
grep '^window=' "$WORK/out.txt"
awk '/^window=/ {
    split($2, s, "="); split($3, c, "="); split($4, w, "="); split($5, j, "=")
    if (s[2] == "on") { on[++non] = c[2]; onj[non] = j[2] } else { off[++noff] = c[2]; offj[noff] = j[2]; wall[noff] = w[2] }
  }
  function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    mon = median(on, non); moff = median(off, noff); mw = median(wall, noff)
    mjon = median(onj, non); mjoff = median(offj, noff)
    printf "median CPU per window of '"$TASKS"' tasks, all threads: recording off %.1f ms, on %.1f ms (%d windows each; median wall %.0f ms)\n",
      moff / 1e6, mon / 1e6, noff, mw / 1e6
    printf "  added: %.2f %% of the process CPU, %.3f %% of one core\n", 100 * (mon - moff) / moff, 100 * (mon - moff) / mw
    printf "median CPU per window without the JIT compiler threads: off %.1f ms, on %.1f ms\n", mjoff / 1e6, mjon / 1e6
    printf "  added: %.2f %% of the process CPU, %.3f %% of one core (target <= 2 %%)\n",
      100 * (mjon - mjoff) / mjoff, 100 * (mjon - mjoff) / mw
  }' "$WORK/out.txt"
