#!/usr/bin/env bash
# Wall times of the fault tests' workload (FaultsApp: tasks on 3 threads, 8 spans a task) with no agent, with the
# agent and its out-of-the-box local store (the baseline: no collector configured), and with OTLP to no collector
# listening, a healthy collector and each collector fault, over grpc and http/protobuf. Cases alternate run by run.
# Prints, per case, the median (min..max) of the app's own workload time and of the whole process's wall time
# (start-up + workload + exit, which includes the agent's bounded flush), and the workload against the baseline.
# Asserts nothing.
#
# usage: benchmarks/faults/run.sh [runs=5] [tasks-per-thread=1000]
# needs: the agent jar and the integration-test classes:
#   mvn -q -B -pl integration-tests -am package -DskipTests
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
TASKS=${2:-1000}
JAR=agent/target/clude-obs.jar
TESTS=integration-tests/target/test-classes
[ -f "$JAR" ] && [ -d "$TESTS" ] || {
  echo "missing $JAR or $TESTS: build with mvn -q -B -pl integration-tests -am package -DskipTests" >&2; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mvn -q -B -o -pl integration-tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" \
  >/dev/null
# the project's own jars stay off the app's class path: their unshaded classes would shadow the agent's
CP="$TESTS:$(tr ':' '\n' <"$WORK/cp.txt" | grep -v '/io/cludeobs/' | paste -sd:)"
echo "runs=$RUNS tasks-per-thread=$TASKS ($((TASKS * 3 * 8)) spans) java=$("$JAVA" -version 2>&1 | head -1)"
"$JAVA" -cp "$CP" benchmarks/faults/FaultBench.java "$(pwd)/$JAR" "$TESTS" "$RUNS" "$TASKS"
