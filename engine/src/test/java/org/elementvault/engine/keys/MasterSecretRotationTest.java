package org.elementvault.engine.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.oplog.LogFilter;
import org.elementvault.engine.oplog.LogQuery;
import org.elementvault.engine.tenant.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotating the master secret: the master key is rewrapped for a new passphrase or key file. */
class MasterSecretRotationTest {

  private static final String NEW_PASSPHRASE = "a different and longer passphrase";

  @TempDir Path directory;

  private final VaultOptions options = TestingVaults.options();

  private static Unlock newPassphrase() {
    return Unlock.passphrase(NEW_PASSPHRASE.toCharArray());
  }

  @Test
  void rotate_toNewPassphrase_oldPassphraseIsRefused() {
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {
      var unused = vault.rotateMasterSecret(vault.admin(), newPassphrase());
    }

    assertThatThrownBy(() -> TestingVaults.open(directory))
        .isInstanceOf(VaultException.class)
        .hasMessage(VaultKeys.WRONG_SECRET);
  }

  @Test
  void rotate_toNewPassphrase_tenantDataStaysReadableAndTheLogVerifies() {
    byte[] sealed;
    try (Vault vault = TestingVaults.create(directory, CipherSuite.GM)) {
      sealed = vault.tenantSealer().seal(acme(vault), "model", 1, bytes("coefficients"));
      var unused = vault.rotateMasterSecret(vault.admin(), newPassphrase());
    }

    try (Vault reopened = Vault.open(directory, newPassphrase(), options)) {
      Tenant acme = reopened.tenants().find(reopened.admin(), "acme").orElseThrow();

      assertThat(reopened.tenantSealer().open(acme, "model", 1, sealed))
          .isEqualTo(bytes("coefficients"));
      assertThat(reopened.auditLog().verify(reopened.admin(), Optional.empty()).ok()).isTrue();
    }
  }

  @Test
  void rotate_toKeyFile_opensWithTheKeyFileOnly() {
    byte[] keyFile = new byte[32];
    for (int i = 0; i < keyFile.length; i++) {
      keyFile[i] = (byte) (31 * i + 5);
    }
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {
      var unused = vault.rotateMasterSecret(vault.admin(), Unlock.keyFile(keyFile));
    }

    try (Vault reopened = Vault.open(directory, Unlock.keyFile(keyFile), options)) {
      assertThat(KeyStoreFile.read(directory).method()).isEqualTo(UnlockMethod.KEY_FILE);
    }
    assertThatThrownBy(() -> TestingVaults.open(directory)).hasMessage(VaultKeys.WRONG_SECRET);
  }

  @Test
  void rotate_isLoggedWithoutTheSecret() {
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {

      var unused = vault.rotateMasterSecret(vault.admin(), newPassphrase());

      assertThat(LogQuery.of(vault.log()).find(LogFilter.all().withAction("keys.rotate")))
          .singleElement()
          .satisfies(
              entry -> {
                assertThat(entry.record().target()).isEqualTo("master");
                assertThat(entry.record().details())
                    .isEqualTo("master secret rotated; unlocked by PASSPHRASE");
              });
    }
  }

  @Test
  void rotate_byAnAuditor_isForbiddenAndChangesNothing() {
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {
      Principal auditor = vault.addUser(vault.admin(), "aud", Role.AUDITOR, null, null).principal();

      assertThatThrownBy(() -> vault.rotateMasterSecret(auditor, newPassphrase()))
          .isInstanceOf(VaultException.class)
          .hasMessage("role auditor may not perform keys.rotate")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.FORBIDDEN);
    }
    try (Vault reopened = TestingVaults.open(directory)) {
      assertThat(reopened.id()).isNotEmpty();
    }
  }

  /** A crash after the new key store is written but before the switch: the old secret works. */
  @Test
  void crashBeforeTheSwitch_oldSecretStillOpensTheSameMasterKey() {
    Primitives primitives = CipherSuite.INTL.primitives(options.random());
    try (VaultKeys keys = VaultKeys.create(primitives, TestingVaults.passphrase(), options)) {
      keys.file().write(directory);

      SecretRotation unusedRotation =
          keys.prepareSecretRotation(directory, primitives, newPassphrase(), options);

      try (VaultKeys reopened = unlock(primitives, TestingVaults.passphrase())) {
        assertThat(reopened.master()).isEqualTo(keys.master());
      }
      assertThatThrownBy(() -> unlock(primitives, newPassphrase()))
          .hasMessage(VaultKeys.WRONG_SECRET);
    }
  }

  /** A crash right after the switch: only the new secret works, and it opens the same master. */
  @Test
  void crashAfterTheSwitch_newSecretOpensTheSameMasterKey() {
    Primitives primitives = CipherSuite.INTL.primitives(options.random());
    try (VaultKeys keys = VaultKeys.create(primitives, TestingVaults.passphrase(), options)) {
      keys.file().write(directory);

      keys.prepareSecretRotation(directory, primitives, newPassphrase(), options).commit();

      try (VaultKeys reopened = unlock(primitives, newPassphrase())) {
        assertThat(reopened.master()).isEqualTo(keys.master());
      }
      assertThatThrownBy(() -> unlock(primitives, TestingVaults.passphrase()))
          .hasMessage(VaultKeys.WRONG_SECRET);
    }
  }

  @Test
  void discard_preparedRotation_leavesNoSecondKeyStore() {
    Primitives primitives = CipherSuite.INTL.primitives(options.random());
    try (VaultKeys keys = VaultKeys.create(primitives, TestingVaults.passphrase(), options)) {
      keys.file().write(directory);

      keys.prepareSecretRotation(directory, primitives, newPassphrase(), options).discard();

      assertThat(directory.resolve(KeyStoreFile.FILE_NAME + ".tmp")).doesNotExist();
      try (VaultKeys reopened = unlock(primitives, TestingVaults.passphrase())) {
        assertThat(reopened.master()).isEqualTo(keys.master());
      }
    }
  }

  private VaultKeys unlock(Primitives primitives, Unlock unlock) {
    return VaultKeys.unlock(KeyStoreFile.read(directory), primitives, unlock, options.kdfFloor());
  }

  private static Tenant acme(Vault vault) {
    var unused = vault.tenants().apply(vault.admin(), "acme", "ops", null);
    return vault.tenants().review(vault.admin(), "acme", true, "ok");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
