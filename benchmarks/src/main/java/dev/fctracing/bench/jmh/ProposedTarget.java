package dev.fctracing.bench.jmh;

/** The same body as {@link TracedTarget#traced}, woven by the proposed primitive-returning advice only. */
public class ProposedTarget {

  @BenchTracedProposed
  public long traced(long x) {
    return x * 0x9E3779B97F4A7C15L + 1;
  }
}
