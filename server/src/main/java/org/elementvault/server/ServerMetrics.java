package org.elementvault.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.chunk.ChunkCache;

/**
 * The server's Prometheus metrics: requests and their latency by route and status, refusals by
 * error code, element jobs and their duration by outcome (latencies as histograms with fixed
 * buckets), bytes imported, open connections, the decrypted-chunk cache's memory and hit counts,
 * the JVM's memory, garbage collection and threads, the process's CPU, uptime and open files, and
 * {@code evault_build_info{version, java}}. Labels carry route templates and codes only, never a
 * name from a path, and the cache is shown in total only: {@code /metrics} needs no token, so no
 * figure may tell one tenant's activity. Thread-safe; {@link #close()} stops the JVM listeners.
 */
public final class ServerMetrics implements AutoCloseable {

  /** Bucket bounds of request latency: from a health check to a slow upload. */
  private static final Duration[] REQUEST_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  /** Bucket bounds of element job duration: from a cached sample run to a long scan. */
  private static final Duration[] JOB_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger connections = new AtomicInteger();
  private final Counter bytesImported;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /** Metrics that include {@code chunkCache}'s, read at each scrape. */
  public ServerMetrics(ChunkCache chunkCache) {
    Gauge.builder("evault.chunk.cache.memory", chunkCache, c -> c.stats().bytes())
        .description("Memory held by decrypted column chunks, never written to disk")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("evault.chunk.cache.chunks", chunkCache, c -> c.stats().entries())
        .description("Decrypted column chunks held")
        .register(registry);
    FunctionCounter.builder("evault.chunk.cache.hits", chunkCache, c -> c.stats().hits())
        .description("Chunk reads served without decrypting")
        .register(registry);
    FunctionCounter.builder("evault.chunk.cache.misses", chunkCache, c -> c.stats().misses())
        .description("Chunk reads that decrypted")
        .register(registry);
    FunctionCounter.builder("evault.chunk.cache.evictions", chunkCache, c -> c.stats().evictions())
        .description("Chunks evicted to stay within the cache's budget")
        .register(registry);
    Gauge.builder("evault.http.connections", connections, AtomicInteger::get)
        .description("Open HTTPS connections")
        .register(registry);
    bytesImported =
        Counter.builder("evault.import.bytes")
            .description("Bytes of dataset files uploaded and imported")
            .baseUnit("bytes")
            .register(registry);
    Gauge.builder("evault.build.info", () -> 1)
        .description("The evault version serving, and the Java runtime under it")
        .tag("version", BuildInfo.version())
        .tag("java", Runtime.version().toString())
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** Records one answered request. */
  void request(String method, String route, int status, Duration latency) {
    Timer.builder("evault.http.requests")
        .description("Requests answered, by route and status")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .serviceLevelObjectives(REQUEST_BUCKETS)
        .register(registry)
        .record(latency);
  }

  /** Records a refusal with {@code code}, from the engine or from the server's own limits. */
  void refused(ErrorCode code) {
    registry.counter("evault.http.refusals", "code", code.name()).increment();
  }

  /**
   * Runs an element job and records its duration and outcome ({@code OK} or the error code it was
   * refused or failed with).
   */
  <T> T job(Supplier<T> job) {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "OK";
    try {
      return job.get();
    } catch (VaultException e) {
      outcome = e.code().name();
      throw e;
    } catch (RuntimeException e) {
      outcome = ErrorCode.INTERNAL.name();
      throw e;
    } finally {
      sample.stop(
          Timer.builder("evault.jobs")
              .description("Element jobs run, by outcome, and how long they took")
              .tag("outcome", outcome)
              .serviceLevelObjectives(JOB_BUCKETS)
              .register(registry));
    }
  }

  /** Records bytes of an upload that was imported. */
  void imported(long bytes) {
    bytesImported.increment(bytes);
  }

  AtomicInteger connections() {
    return connections;
  }

  /** The metrics in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /** Stops listening to the JVM's garbage collections and closes the registry. */
  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
