package org.elementvault.engine.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedSecretsTest {

  private static final byte[] SECRET = "tls private key".getBytes(StandardCharsets.UTF_8);

  @Test
  void put_thenGetAfterReopen_returnsTheSecret(@TempDir Path directory) {
    try (Vault vault = TestingVaults.create(directory.resolve("v"), CipherSuite.INTL)) {
      vault.secrets().put("tls-key", SECRET);
    }

    try (Vault vault = TestingVaults.open(directory.resolve("v"))) {
      assertThat(vault.secrets().get("tls-key")).contains(SECRET);
    }
  }

  @Test
  void storedFile_holdsNoPlaintext(@TempDir Path directory) throws Exception {
    try (Vault vault = TestingVaults.create(directory.resolve("v"), CipherSuite.GM)) {
      vault.secrets().put("tls-key", SECRET);

      byte[] stored = Files.readAllBytes(vault.directory().resolve("secrets/tls-key.sealed"));

      assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("private");
    }
  }

  /** Pins the move attack: a sealed secret renamed to another name must not open. */
  @Test
  void get_secretMovedToAnotherName_failsIntegrity(@TempDir Path directory) throws Exception {
    try (Vault vault = TestingVaults.create(directory.resolve("v"), CipherSuite.INTL)) {
      vault.secrets().put("tls-ca-key", SECRET);
      Path secrets = vault.directory().resolve("secrets");
      Files.copy(secrets.resolve("tls-ca-key.sealed"), secrets.resolve("tls-server-key.sealed"));

      assertThatThrownBy(() -> vault.secrets().get("tls-server-key"))
          .isInstanceOf(VaultException.class)
          .hasMessage("secret tls-server-key fails to open")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.INTEGRITY);
    }
  }

  @Test
  void get_absent_isEmpty(@TempDir Path directory) {
    try (Vault vault = TestingVaults.create(directory.resolve("v"), CipherSuite.INTL)) {
      assertThat(vault.secrets().get("nothing")).isEmpty();
    }
  }
}
