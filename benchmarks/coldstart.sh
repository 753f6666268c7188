#!/usr/bin/env bash
# Cold-start harness (issue "Performance", part B.1). Fresh JVM per run, one first invocation of a handler against a
# loopback Jaeger collector running in its own JVM; variants interleaved; medians and ratios.
#
#   benchmarks/coldstart.sh                 # 12 rounds of every variant (about 4 minutes on 2 cores)
#   RUNS=20 benchmarks/coldstart.sh         # more rounds
#   VARIANTS=A,B,D benchmarks/coldstart.sh  # a subset (A must be in it for "added" figures)
#   WORK_MS=20 benchmarks/coldstart.sh      # the handler sleeps 20 ms (a database call): overlap shows
#   REF_ASPECTS_JAR=old.jar VARIANTS=A,B,Bref benchmarks/coldstart.sh
#                                           # also variant Bref: B on another tracing-aspects jar, same run
#   PIN_CPUS=1 VARIANTS=A,B,D benchmarks/coldstart.sh
#                                           # every JVM of the series pinned (taskset -c 1): a 1-vCPU instance
# Writes benchmarks/results/coldstart-latest.txt; with PIN_CPUS or WORK_MS, coldstart-pinned-latest.txt or
# coldstart-work<N>ms-latest.txt (or coldstart-pinned-work<N>ms-latest.txt) instead.
#
# Variants: A plain javac build (no aspects, no OpenTelemetry on the class path); B woven with fc-tracing, tracing on,
# the first call exports; C the OpenTelemetry Java agent 2.21 with @WithSpan (OTLP/HTTP to the loopback collector,
# which answers 400: the point is the agent's start-up); Cmin the agent with only the annotations and API
# instrumentations; D the floor, an OpenTelemetry SDK built by hand with a SimpleSpanProcessor, one span, one POST;
# Dlean D with an empty resource and no-op meters; Dbatch D with a BatchSpanProcessor flushed before returning (the
# floor as the performance issue words it); A+cds / B+cds with a dynamic CDS archive trained by one run.
# Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/process-lib.sh
RUNS=${RUNS:-12}
VARIANTS=${VARIANTS:-}

build_benchmarks
FC="$(jar_of fc-java-core-):$(jar_of javax.servlet-api-)"
ANN="$REPO_ROOT/tracing-annotations/target/tracing-annotations-0.1.0-SNAPSHOT.jar"
ASPECTS="$REPO_ROOT/tracing-aspects/target/tracing-aspects-0.1.0-SNAPSHOT.jar"
ASPECTJRT=$(jar_of aspectjrt-)
OTEL="$(jar_of opentelemetry-api-):$(jar_of opentelemetry-context-):$(jar_of opentelemetry-common-):$(jar_of opentelemetry-sdk-trace-):$(jar_of opentelemetry-sdk-common-):$(jar_of opentelemetry-semconv-)"
AGENT=$(fetch io.opentelemetry.javaagent:opentelemetry-javaagent:2.21.0)
WITHSPAN=$(fetch io.opentelemetry.instrumentation:opentelemetry-instrumentation-annotations:2.21.0)
AJTOOLS=$(fetch org.aspectj:aspectjtools:1.9.24)

SRC="$REPO_ROOT/benchmarks/process-targets"
OUT="$WORK/coldstart"
rm -rf "$OUT" && mkdir -p "$OUT"/{common,plain,woven,agent,floor}
srcs() { find "$SRC/$1" -name '*.java'; }
javac --release 8 -proc:none -nowarn -d "$OUT/common" -cp "$FC" $(srcs common)
javac --release 8 -proc:none -nowarn -d "$OUT/plain" -cp "$FC:$ANN" $(srcs handler)
"$JAVA" -cp "$AJTOOLS" org.aspectj.tools.ajc.Main --release 8 -proc:none -nowarn -d "$OUT/woven" \
  -aspectpath "$ASPECTS" -cp "$FC:$ANN:$ASPECTS:$ASPECTJRT:$OTEL" $(srcs handler)
javac --release 8 -proc:none -nowarn -d "$OUT/agent" -cp "$FC:$WITHSPAN" $(srcs agent)
javac --release 8 -proc:none -nowarn -d "$OUT/floor" -cp "$FC:$OTEL:$OUT/common" $(srcs floor)

# The weaving index the annotation processor writes in a real build (so that B pays the weaving self-check).
mkdir -p "$OUT/index"
javac --release 8 -proc:only -processorpath "$ANN" -nowarn -d "$OUT/index" -cp "$FC:$ANN" $(srcs handler)
cp -r "$OUT/index/META-INF" "$OUT/woven/"

# Jars, not directories: a dynamic CDS archive only covers classes from jars (and FC deploys a jar).
for d in common plain woven agent floor; do jar cf "$OUT/$d.jar" -C "$OUT/$d" .; done

cat > "$OUT/coldstart.properties" <<PROPS
java=$(command -v "$JAVA")
work.dir=$OUT
agent.jar=$AGENT
cp.collector=$BENCH_CP
cp.plain=$OUT/common.jar:$OUT/plain.jar:$FC
cp.woven=$OUT/common.jar:$OUT/woven.jar:$ASPECTS:$ANN:$ASPECTJRT:$OTEL:$FC
cp.agent=$OUT/common.jar:$OUT/agent.jar:$WITHSPAN:$FC
cp.floor=$OUT/common.jar:$OUT/floor.jar:$OUT/plain.jar:$OTEL:$FC
work.millis=${WORK_MS:-0}
cp.woven.ref=${REF_ASPECTS_JAR:+$OUT/common.jar:$OUT/woven.jar:$REF_ASPECTS_JAR:$ANN:$ASPECTJRT:$OTEL:$FC}
PROPS

PIN=()
RESULT_FILE=coldstart
if [ -n "${PIN_CPUS:-}" ]; then
  PIN=(taskset -c "$PIN_CPUS") # the driver, the collector and every child inherit the affinity
  RESULT_FILE=$RESULT_FILE-pinned
fi
if [ "${WORK_MS:-0}" != 0 ]; then
  RESULT_FILE=$RESULT_FILE-work${WORK_MS}ms
fi
RESULT_FILE=$RESULT_FILE-latest.txt
"${PIN[@]}" "$JAVA" -cp "$BENCH_CP" dev.fctracing.bench.process.ColdStartDriver \
  "$OUT/coldstart.properties" "$RUNS" "$OUT/report.txt" $VARIANTS
{
  results_header "Cold start (benchmarks/coldstart.sh)" \
    "${PIN_CPUS:+PIN_CPUS=$PIN_CPUS }${REF_ASPECTS_JAR:+REF_ASPECTS_JAR=$REF_ASPECTS_JAR }RUNS=$RUNS${VARIANTS:+ VARIANTS=$VARIANTS}${WORK_MS:+ WORK_MS=$WORK_MS} benchmarks/coldstart.sh"
  cat "$OUT/report.txt"
} > "$RESULTS/$RESULT_FILE"
echo "wrote benchmarks/results/$RESULT_FILE"

# A woven run that exported nothing measured the wrong thing (a missing jar makes tracing switch itself off).
if awk '$1 == "B" && $(NF-1) == "0.0" {bad = 1} END {exit !bad}' "$OUT/report.txt"; then
  echo "error: variant B posted no spans to the collector; see $OUT/children-stderr.log" >&2
  exit 1
fi
