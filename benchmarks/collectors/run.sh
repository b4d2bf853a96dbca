#!/usr/bin/env bash
# CPU used by the metric collectors at the default collection interval (10 s), as a share of one core.
#
# Runs an idle app under the agent (JVM + system metrics, file backend, no pointcuts), lets it warm
# up, then reads the CPU ticks of the agent's metric threads from /proc over a measuring window:
#   clude-obs-collectors   (OSHI reading, once per interval)
#   PeriodicMetricReader   (SDK collection: JVM callbacks, aggregation, writing the local store)
# It also prints the whole process's CPU with and without the agent over the same window.
# Prints numbers; asserts nothing. Linux only (/proc). Target (issue 6): collectors < 0.5 % of a core.
#
# usage: benchmarks/collectors/run.sh [measure-seconds=120] [warmup-seconds=30]
# needs: agent/target/clude-obs.jar (mvn -q -B package -pl agent -am -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
MEASURE=${1:-120}
WARMUP=${2:-30}
JAR=agent/target/clude-obs.jar
[ -f "$JAR" ] || { echo "missing $JAR: build it with mvn -q -B package -pl agent -am -DskipTests" >&2; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WORK=$(mktemp -d)
trap 'kill $AGENT_PID $PLAIN_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
javac -d "$WORK" benchmarks/collectors/Idle.java
HZ=$(getconf CLK_TCK)
LIFE=$((WARMUP + MEASURE + 30))

# utime+stime (ticks) of the threads of $1 whose name starts with $2 (empty: the whole process)
ticks() {
  local pid=$1 prefix=$2 total=0 comm stat
  if [ -z "$prefix" ]; then
    awk '{print $14 + $15}' "/proc/$pid/stat"
    return
  fi
  for task in /proc/"$pid"/task/*; do
    comm=$(cat "$task/comm" 2>/dev/null || true)
    if [[ "$comm" == "$prefix"* ]]; then
      stat=$(cat "$task/stat" 2>/dev/null || true)
      # fields after the ")" that ends the name: utime is the 12th, stime the 13th
      stat=${stat##*) }
      total=$((total + $(echo "$stat" | awk '{print $12 + $13}')))
    fi
  done
  echo "$total"
}

"$JAVA" -javaagent:"$JAR" -Dclude.obs.data_dir="$WORK/data" -cp "$WORK" Idle "$LIFE" &
AGENT_PID=$!
"$JAVA" -cp "$WORK" Idle "$LIFE" &
PLAIN_PID=$!
echo "warming up ${WARMUP}s (agent pid $AGENT_PID, plain pid $PLAIN_PID)..."
sleep "$WARMUP"

c0=$(ticks $AGENT_PID clude-obs-colle); r0=$(ticks $AGENT_PID PeriodicMetricR)
a0=$(ticks $AGENT_PID ""); p0=$(ticks $PLAIN_PID "")
echo "measuring ${MEASURE}s..."
sleep "$MEASURE"
c1=$(ticks $AGENT_PID clude-obs-colle); r1=$(ticks $AGENT_PID PeriodicMetricR)
a1=$(ticks $AGENT_PID ""); p1=$(ticks $PLAIN_PID "")

pct() { awk -v t="$1" -v hz="$HZ" -v s="$MEASURE" 'BEGIN { printf "%.3f", 100 * t / hz / s }'; }
echo
echo "CPU over ${MEASURE}s at the default 10s interval, % of one core (tick = $((1000 / HZ)) ms):"
printf '  %-44s %8s %%  (%d ticks)\n' "clude-obs-collectors (OSHI)" "$(pct $((c1 - c0)))" $((c1 - c0))
printf '  %-44s %8s %%  (%d ticks)\n' "PeriodicMetricReader (collect + export)" "$(pct $((r1 - r0)))" $((r1 - r0))
printf '  %-44s %8s %%\n' "collectors total" "$(pct $((c1 - c0 + r1 - r0)))"
printf '  %-44s %8s %%\n' "whole process with the agent" "$(pct $((a1 - a0)))"
printf '  %-44s %8s %%\n' "whole process without the agent" "$(pct $((p1 - p0)))"
