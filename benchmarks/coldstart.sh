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
#   REF_ASPECTS_JAR=old/tracing-aspects.jar REF_WOVEN_JAR=old/woven.jar REF_ANN_JAR=old/tracing-annotations.jar \
#     VARIANTS=A,B,Bref,Dbatch benchmarks/coldstart.sh
#                                           # Bref as another checkout built it (its coldstart.sh's woven.jar): for a
#                                           # library whose woven code is not compatible with this one
#                                           # (RESULTS_NAME=x: results in coldstart-x-latest.txt instead)
#   PIN_CPUS=1 VARIANTS=A,B,D benchmarks/coldstart.sh
#                                           # every JVM of the series pinned (taskset -c 1): a 1-vCPU instance
#   WORKLOAD=real benchmarks/coldstart.sh   # the realistic workload: VARIANTS=Areal,Breal,Dreal (+Brealref with
#                                           # REF_ASPECTS_JAR): six @Traced spans, one caught exception recorded
#   WORKLOAD=init benchmarks/coldstart.sh   # an initialize hook: VARIANTS=A,B,Ainit,Binit (+Binitref); the first
#                                           # handleRequest timed on its own (1st-req)
#   PROFILE=1 RUNS=12 VARIANTS=Breal,Dreal benchmarks/coldstart.sh
#                                           # async-profiler 4.1 in wall-clock mode on every measured JVM: collapsed
#                                           # stacks in benchmarks/target/process/coldstart/profile/ (times inflated;
#                                           # no results file is written)
# Writes benchmarks/results/coldstart-latest.txt; with WORKLOAD, PIN_CPUS or WORK_MS, coldstart-<workload>-,
# coldstart-pinned- or coldstart-work<N>ms-latest.txt (combined in that order: coldstart-real-work30ms-latest.txt).
#
# Variants: A plain javac build (no aspects, no OpenTelemetry on the class path); B woven with fc-tracing, tracing on,
# the first call exports; C the OpenTelemetry Java agent 2.21 with @WithSpan (OTLP/HTTP to the loopback collector,
# which answers 400: the point is the agent's start-up); Cmin the agent with only the annotations and API
# instrumentations; D the floor, an OpenTelemetry SDK built by hand with a SimpleSpanProcessor, one span, one POST;
# Dlean D with an empty resource and no-op meters; Dbatch D with a BatchSpanProcessor flushed before returning (the
# floor as the performance issue words it); A+cds / B+cds with a dynamic CDS archive trained by one run.
# Realistic workload: Areal (RealHandler, plain), Breal (woven: 7 spans, one recorded exception), Dreal (the same work
# and spans by hand on an SDK built by hand, BatchSpanProcessor, default resource, the spans encoded as one Jaeger
# batch, one POST). Initialize hook: Ainit (plain), Binit (woven InitColdHandler: initialize, then handleRequest).
# Every traced variant's collector counts (POSTs, spans) are checked per run; a wrong count fails the script.
# Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/process-lib.sh
RUNS=${RUNS:-12}
VARIANTS=${VARIANTS:-}
WORKLOAD=${WORKLOAD:-}
case "$WORKLOAD" in
  "") ;;
  real) VARIANTS=${VARIANTS:-Areal,Breal,Dreal${REF_ASPECTS_JAR:+,Brealref}} ;;
  init) VARIANTS=${VARIANTS:-A,B,Ainit,Binit${REF_ASPECTS_JAR:+,Binitref}} ;;
  *) echo "WORKLOAD must be real or init" >&2; exit 2 ;;
esac

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
rm -rf "$OUT" && mkdir -p "$OUT"
srcs() { find "$SRC/$1" -name '*.java'; }
javac --release 8 -proc:none -nowarn -d "$OUT/common" -cp "$FC" $(srcs common)
# One function per jar, as deployed: handler/ (ColdHandler: A, B), real/ (RealHandler: Areal, Breal), init/
# (InitColdHandler: Ainit, Binit); each plain (javac) and woven (ajc, with the weaving index the annotation processor
# writes in a real build, so that the woven variants pay the weaving self-check for their own classes only).
for fn in handler real init; do
  suffix=${fn/#handler/}
  suffix=${suffix:+-$suffix}
  javac --release 8 -proc:none -nowarn -d "$OUT/plain$suffix" -cp "$FC:$ANN" $(srcs $fn)
  "$JAVA" -cp "$AJTOOLS" org.aspectj.tools.ajc.Main --release 8 -proc:none -nowarn -d "$OUT/woven$suffix" \
    -aspectpath "$ASPECTS" -cp "$FC:$ANN:$ASPECTS:$ASPECTJRT:$OTEL" $(srcs $fn)
  javac --release 8 -proc:only -processorpath "$ANN" -nowarn -d "$OUT/index$suffix" -cp "$FC:$ANN" $(srcs $fn)
  cp -r "$OUT/index$suffix/META-INF" "$OUT/woven$suffix/"
done
javac --release 8 -proc:none -nowarn -d "$OUT/agent" -cp "$FC:$WITHSPAN" $(srcs agent)
javac --release 8 -proc:none -nowarn -d "$OUT/floor" -cp "$FC:$OTEL:$OUT/common:$OUT/plain-real" $(srcs floor)

# Jars, not directories: a dynamic CDS archive only covers classes from jars (and FC deploys a jar).
for d in common plain woven plain-real woven-real plain-init woven-init agent floor; do
  jar cf "$OUT/$d.jar" -C "$OUT/$d" .
done

cat > "$OUT/coldstart.properties" <<PROPS
java=$(command -v "$JAVA")
work.dir=$OUT
agent.jar=$AGENT
cp.collector=$BENCH_CP
cp.plain=$OUT/common.jar:$OUT/plain.jar:$FC
cp.woven=$OUT/common.jar:$OUT/woven.jar:$ASPECTS:$ANN:$ASPECTJRT:$OTEL:$FC
cp.agent=$OUT/common.jar:$OUT/agent.jar:$WITHSPAN:$FC
cp.floor=$OUT/common.jar:$OUT/floor.jar:$OUT/plain.jar:$OTEL:$FC
cp.plain.real=$OUT/common.jar:$OUT/plain-real.jar:$FC
cp.woven.real=$OUT/common.jar:$OUT/woven-real.jar:$ASPECTS:$ANN:$ASPECTJRT:$OTEL:$FC
cp.floor.real=$OUT/common.jar:$OUT/floor.jar:$OUT/plain-real.jar:$OTEL:$FC
cp.plain.init=$OUT/common.jar:$OUT/plain-init.jar:$FC
cp.woven.init=$OUT/common.jar:$OUT/woven-init.jar:$ASPECTS:$ANN:$ASPECTJRT:$OTEL:$FC
work.millis=${WORK_MS:-0}
cp.woven.ref=${REF_ASPECTS_JAR:+$OUT/common.jar:${REF_WOVEN_JAR:-$OUT/woven.jar}:$REF_ASPECTS_JAR:${REF_ANN_JAR:-$ANN}:$ASPECTJRT:$OTEL:$FC}
cp.woven.real.ref=${REF_ASPECTS_JAR:+$OUT/common.jar:$OUT/woven-real.jar:$REF_ASPECTS_JAR:$ANN:$ASPECTJRT:$OTEL:$FC}
cp.woven.init.ref=${REF_ASPECTS_JAR:+$OUT/common.jar:$OUT/woven-init.jar:$REF_ASPECTS_JAR:$ANN:$ASPECTJRT:$OTEL:$FC}
PROPS
if [ -n "${PROFILE:-}" ]; then
  PROFILER_JAR=$WORK/lib/async-profiler-4.1-linux-x64.jar
  if [ ! -f "$PROFILER_JAR" ]; then
    mvn -q -B -N dependency:copy -Dartifact=tools.profiler:async-profiler:4.1:jar:linux-x64 \
      -DoutputDirectory="$WORK/lib" >&2
  fi
  (cd "$WORK/lib" && unzip -o -q "$PROFILER_JAR" linux-x64/libasyncProfiler.so)
  rm -rf "$OUT/profile"
  {
    echo "profiler.agent=$WORK/lib/linux-x64/libasyncProfiler.so"
    echo "profiler.event=${PROFILE_EVENT:-wall}" # cpu: CPU samples (itimer where perf events are not allowed)
  } >> "$OUT/coldstart.properties"
fi

PIN=()
RESULT_FILE=coldstart${WORKLOAD:+-$WORKLOAD}${RESULTS_NAME:+-$RESULTS_NAME}
if [ -n "${PIN_CPUS:-}" ]; then
  PIN=(taskset -c "$PIN_CPUS") # the driver, the collector and every child inherit the affinity
  RESULT_FILE=$RESULT_FILE-pinned
fi
if [ "${WORK_MS:-0}" != 0 ]; then
  RESULT_FILE=$RESULT_FILE-work${WORK_MS}ms
fi
RESULT_FILE=$RESULT_FILE-latest.txt
STATUS=0
"${PIN[@]}" "$JAVA" -cp "$BENCH_CP" dev.fctracing.bench.process.ColdStartDriver \
  "$OUT/coldstart.properties" "$RUNS" "$OUT/report.txt" $VARIANTS || STATUS=$?
if [ ! -f "$OUT/report.txt" ]; then
  exit $((STATUS == 0 ? 1 : STATUS))
fi
if [ -n "${PROFILE:-}" ]; then
  "$JAVA" -cp "$BENCH_CP" dev.fctracing.bench.process.ProfileSummary "$OUT/profile" 30 \
    dev/fctracing,org/aspectj,io/opentelemetry | tee "$OUT/profile-summary.txt"
  echo "profile: collapsed stacks in $OUT/profile, summary in $OUT/profile-summary.txt (times include the profiler)"
  exit "$STATUS"
fi
{
  results_header "Cold start (benchmarks/coldstart.sh)" \
    "${PIN_CPUS:+PIN_CPUS=$PIN_CPUS }${REF_ASPECTS_JAR:+REF_ASPECTS_JAR=$REF_ASPECTS_JAR }${REF_WOVEN_JAR:+REF_WOVEN_JAR=$REF_WOVEN_JAR }${REF_ANN_JAR:+REF_ANN_JAR=$REF_ANN_JAR }${RESULTS_NAME:+RESULTS_NAME=$RESULTS_NAME }${WORKLOAD:+WORKLOAD=$WORKLOAD }RUNS=$RUNS${VARIANTS:+ VARIANTS=$VARIANTS}${WORK_MS:+ WORK_MS=$WORK_MS} benchmarks/coldstart.sh"
  cat "$OUT/report.txt"
} > "$RESULTS/$RESULT_FILE"
echo "wrote benchmarks/results/$RESULT_FILE"

# A woven run whose collector counts were wrong measured the wrong thing (a missing jar makes tracing switch itself
# off): the driver checked every run and exited 4.
if [ "$STATUS" != 0 ]; then
  echo "error: the series failed (exit $STATUS): wrong collector counts, see the report and $OUT/children-stderr.log" >&2
  exit "$STATUS"
fi
