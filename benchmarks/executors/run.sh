#!/usr/bin/env bash
# Nanoseconds added per task submitted to a ThreadPoolExecutor, a ForkJoinPool and virtual threads:
# no agent vs clude-obs vs the OpenTelemetry Java agent 2.33.1, each told to trace the method that
# submits a batch (so every task carries a context), and the same without a trace current.
# Configurations alternate run by run; each number is the median over runs of the process's CPU ns
# per task (all threads) and of wall ns per task, each over a measuring window of whole batches. Prints numbers; asserts nothing.
#
# usage: benchmarks/executors/run.sh [runs=5] [tasks-per-batch=20000] [warmup-ms=2000] [measure-ms=3000]
# needs: agent/target/clude-obs.jar (mvn -q -B package -pl agent -am -DskipTests) and a Java 21+ JDK
#        (JAVA_HOME, else the Temurin 25 JDK under /usr/lib/jvm); fetches the OTel agent with mvn.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
ARGS=("${2:-20000}" "${3:-2000}" "${4:-3000}")
JAR=agent/target/clude-obs.jar
[ -f "$JAR" ] || { echo "missing $JAR: build it with mvn -q -B package -pl agent -am -DskipTests" >&2; exit 1; }
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JDK/bin/java" ] || { echo "no JDK at $JDK: set JAVA_HOME to a Java 21+ JDK (virtual threads)" >&2; exit 1; }
OTEL_VERSION=2.33.1
OTEL_JAR=$HOME/.m2/repository/io/opentelemetry/javaagent/opentelemetry-javaagent/$OTEL_VERSION/opentelemetry-javaagent-$OTEL_VERSION.jar
if [ ! -f "$OTEL_JAR" ]; then
  mvn -q -B dependency:get -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION >&2
fi
# both agents read these; every configuration must get exactly its own flags
for v in $(compgen -e); do
  case "$v" in OTEL_*|CLUDE_OBS_*|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS) unset "$v" ;; esac
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JDK/bin/javac" --release 17 -d "$WORK/classes" benchmarks/executors/ExecutorBench.java

run_one() {
  local name=$1; shift
  "$JDK/bin/java" -Xms256m -Xmx256m "$@" -cp "$WORK/classes" ExecutorBench "${ARGS[@]}" \
    | awk -v n="$name" '/^RESULT/ {print n, $2, $3, $4, $5}' >> "$WORK/raw"
}
for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS..." >&2
  run_one none
  run_one clude-obs -javaagent:"$JAR" -Dclude.obs.data_dir="$WORK/data-$run" \
    -Dclude.obs.pointcuts.task='ExecutorBench#traced' -Dclude.obs.tracing.exporter=none \
    -Dclude.obs.metrics_enabled=false
  run_one otel -javaagent:"$OTEL_JAR" -Dotel.instrumentation.methods.include='ExecutorBench[traced]' \
    -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none
done

table() {
  local column=$1 title=$2
  echo
  echo "$title ($("$JDK/bin/java" -version 2>&1 | head -1); $(nproc) cores; median of $RUNS runs):"
  printf '  %-20s %-9s %10s %10s %10s %12s %12s   %s\n' pool mode "no agent" clude-obs otel "clude added" "otel added" \
    "runs min..max: no agent / clude-obs / otel"
  awk -v col="$column" '
    { key = $2 " " $3; v[$1, key] = v[$1, key] " " $col; keys[key] = 1 }
    function median(s,   a, n, i, j, t) {
      n = split(s, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function range(s,   a, n, i, lo, hi) {
      n = split(s, a, " "); lo = a[1] + 0; hi = a[1] + 0
      for (i = 2; i <= n; i++) { if (a[i] + 0 < lo) lo = a[i] + 0; if (a[i] + 0 > hi) hi = a[i] + 0 }
      return sprintf("%.1f..%.1f", lo, hi)
    }
    END {
      split("ThreadPoolExecutor traced|ThreadPoolExecutor untraced|ForkJoinPool traced|ForkJoinPool untraced|VirtualThreads traced|VirtualThreads untraced", order, "|")
      for (k = 1; k <= 6; k++) {
        key = order[k]; if (!(key in keys)) continue
        n = median(v["none", key]); c = median(v["clude-obs", key]); o = median(v["otel", key])
        split(key, p, " ")
        printf "  %-20s %-9s %10.1f %10.1f %10.1f %+12.1f %+12.1f   %s / %s / %s\n", p[1], p[2], n, c, o, c - n, o - n,
          range(v["none", key]), range(v["clude-obs", key]), range(v["otel", key])
      }
    }' "$WORK/raw"
}
table 4 "CPU ns per task submitted and run, all threads"
table 5 "wall ns per task submitted and run"
