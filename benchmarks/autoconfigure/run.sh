#!/usr/bin/env bash
# Does opentelemetry-sdk-extension-autoconfigure earn its cold-start cost? Fresh JVMs, interleaved, N runs each:
# building the SDK by hand (sdk-trace only, as fc-tracing does) vs AutoConfiguredOpenTelemetrySdk, one span each.
# Usage: benchmarks/autoconfigure/run.sh [runs]   (prints medians and the jar bytes autoconfigure adds)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-11}
mvn -q -B package dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
cp="target/classes:$(cat target/cp.txt)"
manual=(); auto=()
for _ in $(seq "$runs"); do
  manual+=("$(java -cp "$cp" dev.fctracing.bench.autoconfigure.ManualSdk | awk '{print $2}')")
  auto+=("$(java -cp "$cp" dev.fctracing.bench.autoconfigure.AutoconfiguredSdk | awk '{print $2}')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m=$(median "${manual[@]}"); a=$(median "${auto[@]}")
extra=0
for jar in $(tr ':' ' ' < target/cp.txt); do
  case "$(basename "$jar")" in
    opentelemetry-sdk-extension-autoconfigure*|opentelemetry-sdk-metrics*|opentelemetry-sdk-logs*|opentelemetry-sdk-1*)
      extra=$((extra + $(stat -c %s "$jar"))) ;;
  esac
done
echo "runs each: $runs (fresh JVM, interleaved), JVM: $(java -version 2>&1 | sed -n 1p)"
echo "by hand (sdk-trace):  median $((m / 1000)) ms to build the SDK and end one span"
echo "autoconfigure:        median $((a / 1000)) ms  (+$(((a - m) / 1000)) ms, x$(awk -v a="$a" -v m="$m" 'BEGIN {printf "%.2f", a / m}'))"
echo "jar bytes autoconfigure brings (autoconfigure, sdk, sdk-metrics, sdk-logs): $extra"
