#!/usr/bin/env bash
# Per-invocation flush harness (issue "Performance", part B.3): in a warm JVM, the wall time one invocation of
# 1, 20 and 200 spans adds to deliver its spans to a loopback Jaeger collector before returning, fc-tracing's
# invocation-scoped flush (one POST) against the seed's approach (SimpleSpanProcessor around the same exporter, one
# synchronous POST per span, like FC's Python sample); medians, added time over recording alone, ratio.
#
#   benchmarks/flush.sh              # about 1 minute on 2 cores
#   SCALE=3 benchmarks/flush.sh      # 3x the iterations
#
# Writes benchmarks/results/flush-latest.txt. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/process-lib.sh
SCALE=${SCALE:-1}

build_benchmarks
"$JAVA" -Xms256m -cp "$BENCH_CP" dev.fctracing.bench.process.FlushBench "$WORK/flush-report.txt" "$SCALE"
{
  results_header "Per-invocation flush (benchmarks/flush.sh)" "${SCALE:+SCALE=$SCALE }benchmarks/flush.sh"
  cat "$WORK/flush-report.txt"
} > "$RESULTS/flush-latest.txt"
echo "wrote benchmarks/results/flush-latest.txt"
