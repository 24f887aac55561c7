package org.elementvault.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Role;
import org.elementvault.sandbox.sample.SyntheticResidents;
import org.elementvault.server.http.HttpApi;
import org.elementvault.server.tls.CertificateAuthority;
import org.elementvault.server.tls.Pem;
import org.elementvault.server.tls.ServerIdentity;

/**
 * A real vault in a directory behind a real {@link VaultServer} on a loopback port, with its own
 * CA. The built-in admin (embedded, as the operator at the vault host would) adds one remote vault
 * admin, {@code root}, whose token file is {@link #rootToken()}; everything else a test does goes
 * over HTTPS.
 */
final class TestingServer implements AutoCloseable {

  /** Synthetic residents the tests import: enough for groups over the threshold. */
  static final int ROWS = 3_000;

  final Path directory;
  final TestingClock clock = new TestingClock(TestingVaults.NOW);
  final Vault vault;
  final ServerIdentity identity;
  final VaultServer server;
  private final HttpClient client;

  TestingServer(Path directory) {
    this(directory, ServerLimits.defaults());
  }

  TestingServer(Path directory, ServerLimits limits) {
    this.directory = directory;
    this.vault = TestingVaults.create(directory.resolve("vault"), CipherSuite.INTL, clock);
    // Certificates are checked against the real time by the JDK's TLS, so the CA uses it too.
    this.identity =
        new CertificateAuthority(vault, Clock.systemUTC(), new SecureRandom())
            .identityFor("127.0.0.1");
    var issued = vault.addUser(vault.admin(), "root", Role.ADMIN, null, null);
    issued.token().writeTo(rootToken());
    issued.token().destroy();
    // The failed-login windows follow the test's clock, so a test ends a window by advancing it.
    this.server =
        VaultServer.start(vault, identity, new InetSocketAddress("127.0.0.1", 0), limits, clock);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trustingCa(caPem()))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  Path rootToken() {
    return directory.resolve("root.token");
  }

  Path caPem() {
    return java.util.Objects.requireNonNull(identity.caPem());
  }

  String url() {
    return "https://127.0.0.1:" + server.address().getPort();
  }

  URI uri(String path) {
    return URI.create(url() + path);
  }

  /** The HTTP implementation of the API with the token in {@code tokenFile}, pinning the CA. */
  HttpApi api(Path tokenFile) {
    return HttpApi.connect(url(), tokenFile, caPem());
  }

  /** A plain HTTPS client trusting the vault's CA, for requests the API client would not send. */
  HttpClient client() {
    return client;
  }

  /** Sends {@code request}; the body as text. */
  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request builder for {@code path} with {@code tokenFile}'s bearer token. */
  HttpRequest.Builder request(String path, Path tokenFile) {
    try {
      return HttpRequest.newBuilder(uri(path))
          .header("Authorization", "Bearer " + Files.readString(tokenFile).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A CSV of {@link #ROWS} synthetic residents and its schema, written under the test directory.
   */
  Path residentsCsv() {
    Path csv = directory.resolve("residents.csv");
    try {
      if (!Files.exists(csv)) {
        var unused = SyntheticResidents.write(csv, ROWS, SyntheticResidents.DEFAULT_SEED);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return csv;
  }

  static byte[] residentsSchema() {
    return SyntheticResidents.schemaYaml().getBytes(StandardCharsets.UTF_8);
  }

  static SSLContext trustingCa(Path pem) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("ca", Pem.readCertificates(pem).get(0));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server, which closes the vault. */
  @Override
  public void close() {
    server.close();
  }
}
