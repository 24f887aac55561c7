package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.server.tls.CertificateAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures that used to print a Java class name ({@code SSLHandshakeException}, {@code
 * ConnectException}, {@code ExecutionException}) print one line that says what to do.
 */
class ActionableErrorsTest {

  @TempDir Path temp;

  @Test
  void remoteCall_serverCertificateFromAnotherCa_saysPassCaCert() throws IOException {
    Path wrongCa = anotherVaultsCa();
    try (TestingRemoteVault remote =
        TestingRemoteVault.start(Files.createDirectories(temp.resolve("served")))) {

      TestingCli.Result result =
          TestingCli.run(
              "tenant",
              "list",
              "--server",
              remote.url(),
              "--token-file",
              remote.rootToken().toString(),
              "--ca-cert",
              wrongCa.toString());

      assertThat(result.status()).isEqualTo(Main.FAILED);
      assertThat(result.err())
          .isEqualTo(
              "evault: the server's certificate is not trusted: pass --ca-cert (printed by"
                  + " serve)\n");
    }
  }

  @Test
  void remoteCall_closedPort_asksWhetherServeIsRunning() throws IOException {
    String url;
    try (ServerSocket socket = new ServerSocket(0)) {
      url = "https://127.0.0.1:" + socket.getLocalPort();
    }
    Path token = temp.resolve("token");
    Files.writeString(token, "not-a-token\n", StandardCharsets.US_ASCII);

    TestingCli.Result result =
        TestingCli.run("tenant", "list", "--server", url, "--token-file", token.toString());

    assertThat(result.status()).isEqualTo(Main.FAILED);
    assertThat(result.err())
        .isEqualTo("evault: cannot reach the server at " + url + ": is `evault serve` running?\n");
  }

  @Test
  void describe_outOfMemoryInsideAnExecutionException_saysHowToGiveMoreHeap() {
    String line = Main.describe(new ExecutionException(new OutOfMemoryError("Java heap space")));

    assertThat(line)
        .matches(
            "out of memory \\(the JVM may use [0-9]+ MiB\\): give it more, e\\.g\\."
                + " EVAULT_JAVA_OPTS=-Xmx4g, or work on less at once")
        .doesNotContain("Exception")
        .doesNotContain("Error");
  }

  @Test
  void describe_refusalInsideACompletionException_isTheRefusalsMessage() {
    VaultException refusal = new VaultException(ErrorCode.RESOURCE_LIMIT, "the job quota is used");

    String line = Main.describe(new CompletionException(refusal));

    assertThat(line).isEqualTo("the job quota is used");
  }

  @Test
  void describe_faultInsideAnExecutionException_namesTheFaultNotTheWrapper() {
    String line = Main.describe(new ExecutionException(new ArithmeticException("/ by zero")));

    assertThat(line)
        .isEqualTo(
            "internal error (ArithmeticException); this is a bug in evault: please report it");
  }

  /**
   * The CA certificate of a second vault, which the served vault's certificate does not chain to.
   */
  private Path anotherVaultsCa() throws IOException {
    TestingCli other = TestingCli.in(Files.createDirectories(temp.resolve("other")));
    assertThat(other.evault("init", "--suite", "INTL").status()).isZero();
    try (Vault vault =
        Vault.open(
            other.vault(),
            Unlock.keyFile(Files.readAllBytes(other.keyFile())),
            VaultOptions.defaults())) {
      return Objects.requireNonNull(
          new CertificateAuthority(vault, Clock.systemUTC(), new SecureRandom())
              .identityFor("127.0.0.1")
              .caPem());
    }
  }
}
