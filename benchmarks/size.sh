#!/usr/bin/env bash
# Deployment size (issue "Performance", part B.4): packages sample-function (the shaded jar a user deploys) and
# attributes every entry of it to the artifact it came from, compressed and uncompressed bytes per artifact.
#
#   benchmarks/size.sh               # under a minute
#
# Writes benchmarks/results/size-latest.txt. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/process-lib.sh

build_benchmarks
mvn -q -B -pl sample-function -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/cp.txt -DincludeScope=runtime
SHADED="$REPO_ROOT/sample-function/target/sample-function-0.1.0-SNAPSHOT.jar"
# Run-time dependencies only (test-scoped jars are not in the shaded jar), in class-path order.
DEPS=$(tr ':' '\n' < "$REPO_ROOT/sample-function/target/cp.txt" \
  | grep -v -E '/(junit|opentest4j|apiguardian|assertj|byte-buddy|slf4j|libthrift|httpclient5|httpcore5|jakarta|commons-lang3|jaeger-thrift|tracing-testing)[^/]*$' || true)
"$JAVA" -cp "$BENCH_CP" dev.fctracing.bench.process.SizeReport "$WORK/size-report.txt" "$SHADED" \
  "$REPO_ROOT/sample-function/target/classes" $DEPS
{
  results_header "Deployment size (benchmarks/size.sh)" "benchmarks/size.sh"
  cat "$WORK/size-report.txt"
} > "$RESULTS/size-latest.txt"
echo "wrote benchmarks/results/size-latest.txt"
