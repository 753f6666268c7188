#!/usr/bin/env bash
# What turning log correlation on costs a cold first invocation (issue 12): a fresh JVM per run times
# LogCorrelation.start(true) — what the first traced invocation calls once — and counts the classes it loads.
# Variants, interleaved round by round:
#   none          neither Logback nor Log4j on the class path (tracing-aspects and OpenTelemetry's API only)
#   logback-warm  Logback 1.3 + SLF4J 2 with a logback.xml (console, %X{trace_id}); a line was logged before, as a
#                 handler class with a static logger does: start() only adds the filter
#   logback-cold  the same class path, nothing logged before: start() initialises Logback (which the function's
#                 first line would otherwise do)
#
#   benchmarks/logcorrelation-coldstart.sh            # 20 rounds
#   RUNS=40 benchmarks/logcorrelation-coldstart.sh
# Writes benchmarks/results/logcorrelation-coldstart-latest.txt. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/process-lib.sh
RUNS=${RUNS:-20}

build_benchmarks
ASPECTS="$REPO_ROOT/tracing-aspects/target/tracing-aspects-0.1.0-SNAPSHOT.jar"
BASE="$REPO_ROOT/benchmarks/target/classes-correlation:$ASPECTS:$(jar_of opentelemetry-api-):$(jar_of opentelemetry-context-)"
LOGBACK="$(jar_of logback-classic-):$(jar_of logback-core-):$(jar_of slf4j-api-)"
OUT="$WORK/logcorrelation"
rm -rf "$OUT" "$REPO_ROOT/benchmarks/target/classes-correlation"
mkdir -p "$OUT" "$REPO_ROOT/benchmarks/target/classes-correlation/dev/fctracing/bench/process"
# Only the driver class (benchmarks/target/classes also holds a logback.xml and JMH's classes).
cp "$REPO_ROOT"/benchmarks/target/classes/dev/fctracing/bench/process/LogCorrelationStart*.class \
  "$REPO_ROOT/benchmarks/target/classes-correlation/dev/fctracing/bench/process/"
cat > "$OUT/logback.xml" <<'XML'
<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d %-5level %logger trace_id=%X{trace_id} span_id=%X{span_id} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="STDOUT"/></root>
</configuration>
XML

run() { # variant -> "nanos classes"
  case "$1" in
    none) "$JAVA" -Xshare:auto -cp "$BASE" dev.fctracing.bench.process.LogCorrelationStart cold ;;
    logback-warm) "$JAVA" -Xshare:auto -Dlogback.configurationFile="$OUT/logback.xml" -cp "$BASE:$LOGBACK" \
      dev.fctracing.bench.process.LogCorrelationStart log-first ;;
    logback-cold) "$JAVA" -Xshare:auto -Dlogback.configurationFile="$OUT/logback.xml" -cp "$BASE:$LOGBACK" \
      dev.fctracing.bench.process.LogCorrelationStart cold ;;
  esac | awk '/^RESULT/ {print $2, $3}'
}

VARIANTS=(none logback-warm logback-cold)
for v in "${VARIANTS[@]}"; do run "$v" > /dev/null; done # warm-up round (file cache), discarded
for ((r = 0; r < RUNS; r++)); do
  for ((i = 0; i < ${#VARIANTS[@]}; i++)); do
    v=${VARIANTS[(( (i + r) % ${#VARIANTS[@]} ))]}
    echo "$v $(run "$v")" >> "$OUT/raw.txt"
  done
done

median() { sort -n | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
RESULT="$RESULTS/logcorrelation-coldstart-latest.txt"
{
  results_header "Log correlation: LogCorrelation.start(true) in a fresh JVM" "RUNS=$RUNS benchmarks/logcorrelation-coldstart.sh"
  printf '%-14s %12s %12s %12s %8s\n' variant "median ms" "min ms" "max ms" classes
  for v in "${VARIANTS[@]}"; do
    ns=$(awk -v v="$v" '$1 == v {print $2}' "$OUT/raw.txt")
    cls=$(awk -v v="$v" '$1 == v {print $3}' "$OUT/raw.txt" | median)
    printf '%-14s %12.3f %12.3f %12.3f %8s\n' "$v" \
      "$(echo "$ns" | median | awk '{print $1 / 1e6}')" \
      "$(echo "$ns" | sort -n | head -1 | awk '{print $1 / 1e6}')" \
      "$(echo "$ns" | sort -n | tail -1 | awk '{print $1 / 1e6}')" "$cls"
  done
  echo
  echo "$RUNS rounds, variants rotated each round; times from System.nanoTime() around the one call, classes from"
  echo "ClassLoadingMXBean.getTotalLoadedClassCount() around it."
} | tee "$RESULT"
