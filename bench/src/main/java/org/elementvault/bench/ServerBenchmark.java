package org.elementvault.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Principals;
import org.elementvault.engine.auth.Role;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.sample.SyntheticResidents;
import org.elementvault.server.ServerLimits;
import org.elementvault.server.VaultServer;
import org.elementvault.server.api.EmbeddedApi;
import org.elementvault.server.api.VaultApi;
import org.elementvault.server.http.HttpApi;
import org.elementvault.server.tls.CertificateAuthority;
import org.elementvault.server.tls.ServerIdentity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The HTTPS API on loopback: a small authenticated read ({@code GET /tenants/acme}, a token check
 * and one JSON object) at 1, 16 and 64 concurrent clients, and one element run (an aggregate with k
 * = 10 over {@code rows} residents) over HTTPS beside the same run embedded. Sampled time gives p50
 * and p99 per request; requests per second are the clients divided by the mean.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ServerBenchmark extends AbstractMicrobenchmark {

  static final String SPEC =
      """
      name: income-by-district
      type: DATASET
      scenario: benchmark
      purpose: benchmark
      datasets: [residents]
      query: |
        SELECT district, gender, COUNT(DISTINCT id_card) AS people, AVG(income) AS avg_income
        FROM residents WHERE income > 50000 GROUP BY district, gender
      threshold: 10
      """;

  /** A vault with residents and an approved element, served on a loopback port. */
  @State(Scope.Benchmark)
  public static class Served {

    @Param("100000")
    public long rows = 100_000;

    private BenchVaults vault;
    private VaultServer server;
    private HttpClient client;
    private HttpRequest read;
    private VaultApi remote;
    private VaultApi embedded;
    private String element;

    @Setup(Level.Trial)
    public void start() throws IOException {
      vault = BenchVaults.create(BenchVaults.memoryBackedTemp(), CipherSuite.INTL);
      vault.importDataset("residents", ResidentsCsv.cached(rows), SyntheticResidents.schemaYaml());
      Principals.Issued dev =
          vault.vault().addUser(vault.vault().admin(), "dev", Role.DEVELOPER, "acme", null);
      Path token = vault.directory().resolve("dev.token");
      dev.token().writeTo(token);
      dev.token().destroy();
      Principal developer = dev.principal();
      Sandbox sandbox = new Sandbox(vault.vault());
      element = sandbox.submit(developer, SPEC.getBytes(StandardCharsets.UTF_8)).id();
      var approved = sandbox.review(vault.vault().admin(), element, true, "benchmark");
      ServerIdentity identity =
          new CertificateAuthority(vault.vault(), Clock.systemUTC(), new SecureRandom())
              .identityFor("127.0.0.1");
      server =
          VaultServer.start(
              vault.vault(),
              identity,
              new InetSocketAddress("127.0.0.1", 0),
              ServerLimits.defaults(),
              Clock.systemUTC());
      String url = "https://127.0.0.1:" + server.address().getPort();
      remote = HttpApi.connect(url, token, identity.caPem());
      embedded = new EmbeddedApi(vault.vault(), developer);
      client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .sslContext(HttpApi.pinnedContext(identity.caPem()))
              .build();
      read =
          HttpRequest.newBuilder(URI.create(url + "/v1/tenants/acme"))
              .header("Authorization", "Bearer " + Files.readString(token).trim())
              .GET()
              .build();
      if (approved.id().isEmpty()) {
        throw new IllegalStateException("the element has no id");
      }
    }

    /** Stops the server (which closes the vault) and deletes the vault's directory. */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
      server.close();
      vault.close();
    }

    int read() throws IOException, InterruptedException {
      int status = client.send(read, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 200) {
        throw new IllegalStateException("the read answered " + status);
      }
      return status;
    }
  }

  @Benchmark
  @Threads(1)
  public int smallRead1(Served served) throws Exception {
    return served.read();
  }

  @Benchmark
  @Threads(16)
  public int smallRead16(Served served) throws Exception {
    return served.read();
  }

  @Benchmark
  @Threads(64)
  public int smallRead64(Served served) throws Exception {
    return served.read();
  }

  @Benchmark
  @Threads(1)
  public Sandbox.Job elementRunHttp(Served served) {
    return served.remote.runElement(served.element, false, Map.of());
  }

  @Benchmark
  @Threads(1)
  public Sandbox.Job elementRunEmbedded(Served served) {
    return served.embedded.runElement(served.element, false, Map.of());
  }
}
