#!/usr/bin/env bash
# Warm-latency harness (issue "Zero added latency"): the latency tracing adds to a warm invocation of a 20-span
# function, untraced vs FCTRACING_EXPORT=sync vs deferred (spans leave in preFreeze), against a loopback collector
# answering after 0, 5 and 50 ms and a dead one; p50 and p99 over 1000 invocations per mode and collector.
#
#   benchmarks/latency.sh                # about 5 minutes on 2 cores
#   INVOCATIONS=4000 benchmarks/latency.sh
#
# Writes benchmarks/results/latency-latest.txt. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/process-lib.sh
INVOCATIONS=${INVOCATIONS:-1000}

build_benchmarks
"$JAVA" -Xms256m -cp "$BENCH_CP" dev.fctracing.bench.process.LatencyBench "$WORK/latency-report.txt" "$INVOCATIONS"
{
  results_header "Warm invocation latency by export mode (benchmarks/latency.sh)" \
    "${INVOCATIONS:+INVOCATIONS=$INVOCATIONS }benchmarks/latency.sh"
  cat "$WORK/latency-report.txt"
} > "$RESULTS/latency-latest.txt"
echo "wrote benchmarks/results/latency-latest.txt"
