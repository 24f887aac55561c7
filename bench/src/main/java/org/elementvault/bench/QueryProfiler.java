package org.elementvault.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof org.elementvault.bench.QueryProfiler}) that adds, to each
 * iteration's results, the peak heap the iteration needed and whatever the benchmark {@linkplain
 * #publish published} during it: {@link ElementQueryBenchmark} publishes the parts of an element
 * query's time (scan and decrypt, policy, release and log) and the Arrow memory its scan held.
 *
 * <p>{@value #HEAP_PEAK} is the sum over the heap's memory pools of each pool's peak use since the
 * iteration began (the JVM's own counters, reset before every iteration): an upper bound of the
 * heap in use at any moment, garbage not yet collected included, which is what sizing {@code -Xmx}
 * asks. JMH aggregates it over the measured iterations by maximum, the published figures by mean.
 */
public final class QueryProfiler implements InternalProfiler {

  /** Secondary result: peak heap in MB (10⁶ bytes). */
  static final String HEAP_PEAK = "mem.heap.peak";

  /** Units of published figures by name; insertion order is the report's order. */
  private static final Map<String, Published> PUBLISHED = new LinkedHashMap<>();

  private record Published(double value, String unit, AggregationPolicy policy) {}

  /** Records {@code value} for the current iteration, averaged over iterations by JMH. */
  static synchronized void publish(String name, double value, String unit) {
    PUBLISHED.put(name, new Published(value, unit, AggregationPolicy.AVG));
  }

  /** Records {@code value} for the current iteration, the maximum over iterations kept. */
  static synchronized void publishPeak(String name, double value, String unit) {
    PUBLISHED.put(name, new Published(value, unit, AggregationPolicy.MAX));
  }

  private static synchronized List<Result<?>> drain() {
    List<Result<?>> results = new ArrayList<>();
    PUBLISHED.forEach(
        (name, p) -> results.add(new ScalarResult(name, p.value(), p.unit(), p.policy())));
    PUBLISHED.clear();
    return results;
  }

  @Override
  public String getDescription() {
    return "peak heap per iteration, and the figures an ElementVault benchmark publishes";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    var unused = drain();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        pool.resetPeakUsage();
      }
    }
  }

  @Override
  public Collection<? extends Result<?>> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    List<Result<?>> results = drain();
    results.add(new ScalarResult(HEAP_PEAK, peak / 1e6, "MB", AggregationPolicy.MAX));
    return results;
  }
}
