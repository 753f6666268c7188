#!/usr/bin/env bash
# Builds the benchmarks module and runs every JMH benchmark in dev.fctracing.bench.jmh (TracedCall, its
# diagnostics, JaegerEncode, SpanContextParse) with settings that finish in about 7 minutes on 2 cores, then prints
# the ratios against the "Performance" goals (RunAll). Writes benchmarks/results/jmh-<UTC stamp>.{json,txt} and
# copies the text to benchmarks/results/jmh-latest.txt (the one committed).
#
#   benchmarks/run-jmh.sh                      # everything
#   benchmarks/run-jmh.sh 'TracedCall'         # a JMH include regex instead
#   JMH_ARGS='-f 1 -wi 5 -i 10 -prof gc' benchmarks/run-jmh.sh
#
# Never runs mvn install: the build is `mvn -pl benchmarks -am package`, which resolves the sibling modules from
# the reactor.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
include="${1:-dev\.fctracing\.bench\.jmh\.}"
# Iterations come from the classes' annotations: 1 fork, 3 x 1 s warm-up (5 for JaegerEncode, whose 512-span
# batches need longer to compile), 5 x 1 s measurement. JMH_ARGS replaces these profiler options and may add
# -f/-wi/-i/-w/-r to override them.
jmh_args="${JMH_ARGS:--prof gc -prof dev.fctracing.bench.jmh.CpuTimeProfiler}"

cd "$root"
echo ">> building benchmarks/target/benchmarks.jar"
mvn -q -B -pl benchmarks -am package -DskipTests

mkdir -p "$here/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="$here/results/jmh-$stamp.json"
text="$here/results/jmh-$stamp.txt"

{
  echo "# fc-tracing JMH run $stamp"
  echo "# host: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "# command: java -cp benchmarks/target/benchmarks.jar dev.fctracing.bench.jmh.RunAll $jmh_args -rf json '$include'"
} > "$text"

start=$(date +%s)
# shellcheck disable=SC2086  # jmh_args is a list of options
java -cp "$here/target/benchmarks.jar" dev.fctracing.bench.jmh.RunAll $jmh_args -rf json -rff "$json" "$include" \
  2>&1 | tee -a "$text"
echo "# wall time: $(( $(date +%s) - start )) s" | tee -a "$text"

cp "$text" "$here/results/jmh-latest.txt"
echo ">> results: $json, $text (copied to benchmarks/results/jmh-latest.txt)"
