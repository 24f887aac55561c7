package org.elementvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.server.api.LogSelection;
import org.elementvault.server.api.VaultApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test on loopback (invariant 11): 32 clients for a fixed number of requests each,
 * mixing element runs with reads. No response is an error except quota refusals (429), every run
 * that answered 201 has its {@code element.run} entry in the log, and the log verifies.
 */
class LoadTest {

  private static final int CLIENTS = 32;
  private static final int REQUESTS_PER_CLIENT = 40;
  private static final long SEED = 20_260_301L;

  @Test
  void mixedLoad_answersOnlySuccessOrQuotaRefusal_andLosesNoLogEntry(@TempDir Path directory)
      throws Exception {
    try (TestingServer server = new TestingServer(directory)) {
      VaultApi root = server.api(server.rootToken());
      var unused = root.applyTenant("acme", "ops", null);
      unused = root.reviewTenant("acme", true, "ok");
      unused = root.activateTenant("acme");
      Path alice = directory.resolve("alice.token");
      Path dev = directory.resolve("dev.token");
      var unusedAlice = root.addUser("alice", Role.TENANT_ADMIN, "acme", null, alice);
      var unusedDev = root.addUser("dev", Role.DEVELOPER, "acme", null, dev);
      var version =
          server
              .api(alice)
              .importDataset(
                  null,
                  "residents",
                  server.residentsCsv(),
                  TestingServer.residentsSchema(),
                  org.elementvault.engine.dataset.Datasets.Progress.NONE);
      assertThat(version.rows()).isEqualTo(TestingServer.ROWS);
      String element =
          server
              .api(dev)
              .submitElement(RemoteDemoTest.AGGREGATE_SPEC.getBytes(StandardCharsets.UTF_8))
              .id();
      var unusedReview = root.reviewElement(element, true, "ok");
      long runsBefore = runs(root);

      Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        SplittableRandom random = new SplittableRandom(SEED + c);
        done.add(
            clients.submit(
                () -> {
                  for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                    HttpRequest request =
                        switch (random.nextInt(4)) {
                          case 0 ->
                              server
                                  .request("/v1/elements/" + element + "/runs", dev)
                                  .header("Accept", "text/csv")
                                  .POST(HttpRequest.BodyPublishers.noBody())
                                  .build();
                          case 1 -> server.request("/v1/datasets/residents", dev).GET().build();
                          case 2 -> server.request("/v1/elements/" + element, dev).GET().build();
                          default -> server.request("/v1/tenants/acme", alice).GET().build();
                        };
                    HttpResponse<String> response = server.send(request);
                    statuses
                        .computeIfAbsent(response.statusCode(), s -> new AtomicLong())
                        .incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get(2, TimeUnit.MINUTES);
      }
      clients.shutdown();
      assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

      assertThat(statuses.keySet())
          .as("statuses %s, seed %s", statuses, SEED)
          .isSubsetOf(200, 201, 429);
      long created = statuses.getOrDefault(201, new AtomicLong()).get();
      assertThat(created).isPositive();
      assertThat(runs(root) - runsBefore).isGreaterThanOrEqualTo(created);
      assertThat(root.verifyLog(null).ok()).isTrue();
      assertThat(
              server
                  .send(
                      HttpRequest.newBuilder(server.uri("/healthz"))
                          .timeout(Duration.ofSeconds(5))
                          .build())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  /** The successful element runs the log records. */
  private static long runs(VaultApi root) {
    return root.showLog(LogSelection.all()).stream()
        .map(LogEntry::record)
        .filter(r -> r.action().equals("element.run") && r.outcome().name().equals("OK"))
        .count();
  }
}
