package org.elementvault.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.chunk.ChunkCache;

/**
 * The server's Prometheus metrics: requests and their latency by route and status, refusals by
 * error code, element jobs by outcome, bytes imported, open connections, and the decrypted-chunk
 * cache's memory and hit counts. Labels carry route templates and codes only, never a name from a
 * path, and the cache is shown in total only: {@code /metrics} needs no token, so no figure may
 * tell one tenant's activity. Thread-safe.
 */
public final class ServerMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger connections = new AtomicInteger();
  private final Counter bytesImported;

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
  }

  /** Records one answered request. */
  void request(String method, String route, int status, Duration latency) {
    Timer.builder("evault.http.requests")
        .description("Requests answered, by route and status")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram(false)
        .register(registry)
        .record(latency);
  }

  /** Records a refusal with {@code code}, from the engine or from the server's own limits. */
  void refused(ErrorCode code) {
    registry.counter("evault.http.refusals", "code", code.name()).increment();
  }

  /** Records an element job that ended with {@code outcome} ({@code ok} or an error code). */
  void job(String outcome) {
    registry.counter("evault.jobs", "outcome", outcome).increment();
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
}
