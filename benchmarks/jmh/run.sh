#!/usr/bin/env bash
# JMH microbenchmarks of clude-obs's hot paths (agent/src/test/java/io/cludeobs/agent/bench, and FileMetricsBench and
# FilePathBench in agent/src/test/java/io/cludeobs/agent/fileio).
# Usage: benchmarks/jmh/run.sh [--no-build] [JMH options, e.g. -f 3 -wi 5 -i 10 HotPathBench.unsampled]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/benchmarks/work/jmh"
mkdir -p "$work"
build=1
if [[ "${1:-}" == "--no-build" ]]; then build=0; shift; fi
cd "$root"
if (( build )); then
  mvn -q -B -pl agent -am test-compile -DskipTests
fi
# test-compile in the same session lets Maven resolve the sibling modules from their target/classes
mvn -q -B -o -pl agent -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.excludeGroupIds=io.cludeobs -Dmdep.outputFile="$work/classpath.txt" -DskipTests >/dev/null
cp="$root/agent/target/test-classes:$root/agent/target/classes:$root/bootstrap/target/classes:$(cat "$work/classpath.txt")"
echo "JMH hot paths, $(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc), java $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
# JMH_RF=json gives the per-iteration values that benchmarks/run turns into median, min and max.
rf="${JMH_RF:-text}"
[ $# -gt 0 ] || set -- io.cludeobs.agent.bench FileMetricsBench FilePathBench
java -cp "$cp" org.openjdk.jmh.Main -foe true -rf "$rf" -rff "$work/results.$rf" "$@"
