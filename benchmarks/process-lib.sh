# Shared by coldstart.sh, flush.sh and size.sh: build the benchmarks module (never `mvn install`), work out class
# paths from the reactor, and write the header of a results file. Source it from the repository root.

REPO_ROOT=$(pwd)
WORK="$REPO_ROOT/benchmarks/target/process"
RESULTS="$REPO_ROOT/benchmarks/results"
JAVA=${JAVA:-java}
mkdir -p "$WORK" "$RESULTS"

# Builds tracing-* and benchmarks in the reactor and writes each module's run-time class path to target/cp.txt.
build_benchmarks() {
  mvn -q -B ${MVN_FLAGS:-} -pl benchmarks -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/cp.txt -DincludeScope=runtime
  BENCH_CP="$REPO_ROOT/benchmarks/target/classes:$(cat "$REPO_ROOT/benchmarks/target/cp.txt")"
}

# The jar of artifact $1 (file name prefix, e.g. opentelemetry-api-) from the benchmarks class path.
jar_of() {
  tr ':' '\n' < "$REPO_ROOT/benchmarks/target/cp.txt" | grep -E "/$1[0-9][^/]*\.jar$" | head -1
}

# Copies G:A:V from Maven Central (or ~/.m2) into $WORK/lib; prints the jar's path.
fetch() {
  local gav=$1 a v
  a=$(echo "$gav" | cut -d: -f2)
  v=$(echo "$gav" | cut -d: -f3)
  mkdir -p "$WORK/lib"
  if [ ! -f "$WORK/lib/$a-$v.jar" ]; then
    mvn -q -B -N dependency:copy -Dartifact="$gav" -DoutputDirectory="$WORK/lib" >&2
  fi
  echo "$WORK/lib/$a-$v.jar"
}

# Header of a results file: date, machine, JDK, the command that produced it.
results_header() {
  echo "# $1"
  echo "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "commit:    $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$REPO_ROOT" diff --quiet HEAD -- tracing-aspects benchmarks ':!benchmarks/results' 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "nproc:     $(nproc)"
  echo "cpu:       $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory:    $(free -h | awk '/^Mem:/ {print $2}')"
  echo "java:      $("$JAVA" -version 2>&1 | tr '\n' ' ')"
  echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at the end of the run; the machine is shared)"
  echo "command:   $2"
  echo
}
