#!/usr/bin/env bash
# Time added per LLM call and per tool call through LangChain4j 1.19 (issue 5, acceptance 8): the
# same app (LangChain4jBench.java) with no agent, with clude-obs and its langchain4j module switched
# off, with clude-obs as shipped (content capture off, spans built and dropped by
# tracing.exporter=none, GenAI metrics recorded), and the same with file-io off, which also turns off
# the audit log that records every tool call. Configurations alternate run by run; each number is
# the median over runs of the median batch's wall ns and calling-thread CPU ns per operation. Prints numbers;
# asserts nothing.
#
# usage: benchmarks/genai/run.sh [runs=5] [inproc|loopback] [warmup-ms=8000] [batches=10] [batch-ms=200]
# needs: agent/target/clude-obs.jar (mvn -q -B package -pl agent -am -DskipTests) and a Java 17+ JDK
#        (JAVA_HOME, else the JDK on the PATH); fetches LangChain4j 1.19.0 into ~/.m2 with mvn.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
TRANSPORT=${2:-inproc}
case "$TRANSPORT" in inproc|loopback) ;; *) echo "transport must be inproc or loopback, got '$TRANSPORT'" >&2; exit 2 ;; esac
ARGS=("$TRANSPORT" "${3:-8000}" "${4:-10}" "${5:-200}")
JAR=agent/target/clude-obs.jar
[ -f "$JAR" ] || { echo "missing $JAR: build it with mvn -q -B package -pl agent -am -DskipTests" >&2; exit 1; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
M2=$HOME/.m2/repository
LC4J=1.19.0
for a in langchain4j langchain4j-open-ai; do
  [ -f "$M2/dev/langchain4j/$a/$LC4J/$a-$LC4J.jar" ] || mvn -q -B dependency:get -Dartifact=dev.langchain4j:$a:$LC4J >&2
done
CP=""
for jar in \
  dev/langchain4j/langchain4j/$LC4J/langchain4j-$LC4J.jar \
  dev/langchain4j/langchain4j-core/$LC4J/langchain4j-core-$LC4J.jar \
  dev/langchain4j/langchain4j-open-ai/$LC4J/langchain4j-open-ai-$LC4J.jar \
  dev/langchain4j/langchain4j-http-client/$LC4J/langchain4j-http-client-$LC4J.jar \
  dev/langchain4j/langchain4j-http-client-jdk/$LC4J/langchain4j-http-client-jdk-$LC4J.jar \
  com/fasterxml/jackson/core/jackson-core/2.22.1/jackson-core-2.22.1.jar \
  com/fasterxml/jackson/core/jackson-databind/2.22.1/jackson-databind-2.22.1.jar \
  com/fasterxml/jackson/core/jackson-annotations/2.22/jackson-annotations-2.22.jar \
  com/knuddels/jtokkit/1.1.0/jtokkit-1.1.0.jar \
  org/slf4j/slf4j-api/2.0.18/slf4j-api-2.0.18.jar \
  org/jspecify/jspecify/1.0.0/jspecify-1.0.0.jar \
  org/apache/opennlp/opennlp-tools/2.5.11/opennlp-tools-2.5.11.jar; do
  [ -f "$M2/$jar" ] || { echo "missing $M2/$jar: run mvn -q dependency:get -Dartifact=dev.langchain4j:langchain4j-open-ai:$LC4J" >&2; exit 1; }
  CP="$CP:$M2/$jar"
done
# the agent reads these; every configuration must get exactly its own flags
for v in $(compgen -e); do
  case "$v" in OTEL_*|CLUDE_OBS_*|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS) unset "$v" ;; esac
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVAC" --release 17 -parameters -cp "${CP#:}" -d "$WORK/classes" benchmarks/genai/LangChain4jBench.java
CP="$WORK/classes$CP"

run_one() {
  local name=$1; shift
  "$JAVA" -Xms256m -Xmx256m "$@" -cp "$CP" LangChain4jBench "${ARGS[@]}" 2>>"$WORK/stderr" \
    | awk -v n="$name" '/^RESULT/ {print n, $2, $3, $4}' >> "$WORK/raw"
}
CLUDE=(-javaagent:"$JAR" -Dclude.obs.tracing.exporter=none -Dclude.obs.metrics.jvm=false -Dclude.obs.metrics.system=false)
for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS..." >&2
  run_one none
  run_one clude-off "${CLUDE[@]}" -Dclude.obs.data_dir="$WORK/off-$run" -Dclude.obs.instrumentation.langchain4j.enabled=false
  run_one clude "${CLUDE[@]}" -Dclude.obs.data_dir="$WORK/on-$run"
  run_one clude-noaudit "${CLUDE[@]}" -Dclude.obs.data_dir="$WORK/noaudit-$run" -Dclude.obs.instrumentation.file-io.enabled=false
done

table() {
  local column=$1 title=$2
  echo
  echo "$title ($("$JAVA" -version 2>&1 | head -1); $(nproc) cores; $TRANSPORT; median of $RUNS runs):"
  printf '  %-6s %10s %16s %10s %16s %12s %16s\n' op "no agent" "clude, lc4j off" clude "clude, no audit" "clude adds" "no-audit adds"
  awk -v col="$column" '
    { v[$1, $2] = v[$1, $2] " " $col; ops[$2] = 1 }
    function median(s,   a, n, i, j, t) {
      n = split(s, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
      split("llm tool turn", order, " ")
      for (k = 1; k <= 3; k++) {
        op = order[k]; if (!(op in ops)) continue
        n = median(v["none", op]); f = median(v["clude-off", op]); c = median(v["clude", op]); a = median(v["clude-noaudit", op])
        printf "  %-6s %10.0f %16.0f %10.0f %16.0f %+12.0f %+16.0f\n", op, n, f, c, a, c - n, a - n
      }
    }' "$WORK/raw"
}
table 3 "wall ns per operation"
table 4 "CPU ns per operation of the calling thread"
if grep -q "clude-obs:" "$WORK/stderr"; then
  echo; echo "agent messages:"; grep "clude-obs:" "$WORK/stderr" | sort | uniq -c
fi
