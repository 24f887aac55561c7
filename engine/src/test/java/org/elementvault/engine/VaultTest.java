package org.elementvault.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.kdf.Argon2Params;
import org.elementvault.engine.keys.KeyStoreFile;
import org.elementvault.engine.keys.Unlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class VaultTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String WRONG_SECRET = "wrong passphrase or key file";

  @TempDir Path temp;

  private Path vaultDir() {
    return temp.resolve("vault");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void init_newDirectory_createsKeyStoreKeysAndDatabase(CipherSuite suite) {
    try (Vault vault = TestingVaults.create(vaultDir(), suite)) {

      assertThat(vault.suite()).isEqualTo(suite);
      assertThat(vaultDir().resolve("vault.keystore")).isRegularFile();
      assertThat(vaultDir().resolve("keys")).isDirectory();
      assertThat(vaultDir().resolve("db")).isDirectory();
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_afterClose_isTheSameVault(CipherSuite suite) {
    String id;
    try (Vault vault = TestingVaults.create(vaultDir(), suite)) {
      id = vault.id();
    }

    try (Vault reopened = TestingVaults.open(vaultDir())) {

      assertThat(reopened.id()).isEqualTo(id);
      assertThat(reopened.suite()).isEqualTo(suite);
    }
  }

  @Test
  void init_keyStore_isReadableByOwnerOnly() throws IOException {
    TestingVaults.create(vaultDir(), CipherSuite.INTL).close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyStore())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vaultDir())))
        .isEqualTo("rwx------");
  }

  @Test
  void init_passphrase_appearsInNoFileOfTheVault() throws IOException {
    TestingVaults.create(vaultDir(), CipherSuite.GM).close();

    byte[] passphrase = TestingVaults.PASSPHRASE.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(vaultDir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(file), passphrase)).as(file.toString()).isEqualTo(-1);
      }
    }
  }

  @Test
  void init_nonEmptyDirectory_isRefusedAndLeavesItUnchanged() throws IOException {
    Files.createDirectories(vaultDir());
    Files.writeString(vaultDir().resolve("notes.txt"), "keep me");

    assertThatThrownBy(() -> TestingVaults.create(vaultDir(), CipherSuite.INTL))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            vaultDir() + " is not empty: a vault is created only in an empty or new directory")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.USER_ERROR);
    try (Stream<Path> entries = Files.list(vaultDir())) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
    }
  }

  @Test
  void init_pathIsAFile_isRefused() throws IOException {
    Files.writeString(vaultDir(), "a file");

    assertThatThrownBy(() -> TestingVaults.create(vaultDir(), CipherSuite.INTL))
        .isInstanceOf(VaultException.class)
        .hasMessage(vaultDir() + " exists and is not a directory");
  }

  @Test
  void init_failureAfterCreatingTheDirectory_removesEverything() {
    Clock broken =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            throw new IllegalStateException("clock failed");
          }
        };

    assertThatThrownBy(
            () ->
                Vault.init(
                    vaultDir(),
                    CipherSuite.INTL,
                    TestingVaults.passphrase(),
                    TestingVaults.options(broken)))
        .isInstanceOf(VaultException.class)
        .hasMessage("creating the vault in " + vaultDir() + " failed");
    assertThat(vaultDir()).doesNotExist();
  }

  @Test
  void init_keyFileOfWrongLength_isRefused() {
    assertThatThrownBy(() -> Unlock.keyFile(new byte[31]))
        .isInstanceOf(VaultException.class)
        .hasMessage("a key file must hold exactly 32 bytes, it holds 31");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_wrongPassphrase_isDeniedWithOneMessage(CipherSuite suite) {
    TestingVaults.create(vaultDir(), suite).close();
    Unlock wrong = Unlock.passphrase("correct horse battery stapler".toCharArray());

    assertThatThrownBy(() -> Vault.open(vaultDir(), wrong, TestingVaults.options()))
        .isInstanceOf(VaultException.class)
        .hasMessage(WRONG_SECRET)
        .hasNoCause()
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.ACCESS_DENIED);
  }

  @Test
  void open_wrongKeyFile_isDeniedWithTheSameMessage() {
    byte[] key = new byte[32];
    key[0] = 1;
    Vault.init(vaultDir(), CipherSuite.GM, Unlock.keyFile(key), TestingVaults.options()).close();
    key[0] = 2;

    assertThatThrownBy(() -> Vault.open(vaultDir(), Unlock.keyFile(key), TestingVaults.options()))
        .isInstanceOf(VaultException.class)
        .hasMessage(WRONG_SECRET);
  }

  @Test
  void open_keyFileForPassphraseVault_isDeniedWithTheSameMessage() {
    TestingVaults.create(vaultDir(), CipherSuite.INTL).close();

    assertThatThrownBy(
            () -> Vault.open(vaultDir(), Unlock.keyFile(new byte[32]), TestingVaults.options()))
        .isInstanceOf(VaultException.class)
        .hasMessage(WRONG_SECRET);
  }

  @Test
  void open_passphraseForKeyFileVault_isDeniedWithTheSameMessage() {
    Vault.init(vaultDir(), CipherSuite.INTL, Unlock.keyFile(new byte[32]), TestingVaults.options())
        .close();

    assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
        .isInstanceOf(VaultException.class)
        .hasMessage(WRONG_SECRET);
  }

  @Test
  void open_keyFile_opensTheVault() {
    byte[] key = new byte[32];
    key[31] = 7;
    Vault.init(vaultDir(), CipherSuite.GM, Unlock.keyFile(key), TestingVaults.options()).close();

    try (Vault vault = Vault.open(vaultDir(), Unlock.keyFile(key), TestingVaults.options())) {

      assertThat(vault.suite()).isEqualTo(CipherSuite.GM);
    }
  }

  /** An attacker who edits a public parameter of the key store must not get a weaker vault. */
  @ParameterizedTest
  @ValueSource(
      strings = {"salt", "signingPublicKey", "suite", "vaultId", "createdAt", "kdf", "masterKey"})
  void open_keyStoreFieldEdited_isRefused(String field) throws IOException {
    TestingVaults.create(vaultDir(), CipherSuite.INTL).close();
    ObjectNode json = (ObjectNode) JSON.readTree(keyStore().toFile());
    switch (field) {
      case "suite" -> json.put("suite", "GM");
      case "createdAt" -> json.put("createdAt", "2020-01-01T00:00:00Z");
      case "kdf" -> ((ObjectNode) json.get("kdf")).put("iterations", 2);
      case "vaultId" -> json.put("vaultId", "00000000-0000-4000-8000-000000000000");
      default -> {
        byte[] bytes = Base64.getDecoder().decode(json.get(field).asText());
        bytes[bytes.length - 1] ^= 1;
        json.put(field, Base64.getEncoder().encodeToString(bytes));
      }
    }
    JSON.writeValue(keyStore().toFile(), json);

    assertThatThrownBy(() -> TestingVaults.open(vaultDir())).isInstanceOf(VaultException.class);
  }

  @Test
  void open_kdfCostBelowFloor_isRefusedAsIntegrityFailure() {
    TestingVaults.create(vaultDir(), CipherSuite.INTL).close();

    assertThatThrownBy(
            () -> Vault.open(vaultDir(), TestingVaults.passphrase(), VaultOptions.defaults()))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "the key store's Argon2id cost is below the enforced minimum " + Argon2Params.MINIMUM)
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void open_databaseOfAnotherVault_isRefused() throws IOException {
    Path other = temp.resolve("other");
    TestingVaults.create(vaultDir(), CipherSuite.INTL).close();
    TestingVaults.create(other, CipherSuite.INTL).close();
    moveTree(other.resolve("db"), temp.resolve("swap"));
    moveTree(vaultDir().resolve("db"), other.resolve("db"));
    moveTree(temp.resolve("swap"), vaultDir().resolve("db"));

    assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
        .isInstanceOf(VaultException.class)
        .hasMessage("the vault's database does not belong to its key store")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.INTEGRITY);
  }

  @Test
  void open_whileOpenElsewhere_isRefusedAsInUse() {
    try (Vault open = TestingVaults.create(vaultDir(), CipherSuite.INTL)) {

      assertThat(open.id()).isNotEmpty();
      assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
          .isInstanceOf(VaultException.class)
          .hasMessage("the vault is in use by another process (" + vaultDir().resolve("db") + ")");
    }
  }

  @Test
  void open_directoryWithoutKeyStore_isNotAVault() throws IOException {
    Files.createDirectories(vaultDir());

    assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
        .isInstanceOf(VaultException.class)
        .hasMessage(vaultDir() + " is not a vault (it has no vault.keystore)");
  }

  @Test
  void open_keyStoreNotJson_isMalformed() throws IOException {
    TestingVaults.create(vaultDir(), CipherSuite.INTL).close();
    Files.writeString(keyStore(), "{ not json");

    assertThatThrownBy(() -> TestingVaults.open(vaultDir()))
        .isInstanceOf(VaultException.class)
        .hasMessage("the key store vault.keystore is malformed: not valid JSON");
  }

  @Test
  void unlock_toString_revealsNoSecret() {
    Unlock unlock = TestingVaults.passphrase();

    assertThat(unlock.toString()).doesNotContain("horse").isEqualTo("Unlock.Passphrase[redacted]");
    assertThat(List.of(Unlock.keyFile(new byte[32])).toString()).contains("redacted");
  }

  private Path keyStore() {
    return vaultDir().resolve(KeyStoreFile.FILE_NAME);
  }

  private static void moveTree(Path from, Path to) throws IOException {
    Files.move(from, to);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
