package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} over HTTPS, without a token, as Prometheus scrapes it. */
class MetricsEndpointTest {

  @TempDir Path directory;

  @Test
  void metrics_afterARequest_showLatencyBucketsJvmProcessAndBuildInfo() {
    try (TestingServer server = new TestingServer(directory)) {
      var unused = server.send(HttpRequest.newBuilder(server.uri("/healthz")).GET().build());

      HttpResponse<String> metrics =
          server.send(HttpRequest.newBuilder(server.uri("/metrics")).GET().build());

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains(
              "evault_http_requests_seconds_bucket{method=\"GET\",route=\"/healthz\","
                  + "status=\"200\",le=\"+Inf\"} 1")
          .contains("jvm_memory_used_bytes{")
          .contains("jvm_gc_")
          .contains("process_cpu_usage")
          .contains("process_uptime_seconds")
          .contains("evault_build_info{");
    }
  }
}
