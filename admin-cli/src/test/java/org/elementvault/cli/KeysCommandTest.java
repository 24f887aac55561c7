package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys commands: rotating the master secret and the key status. */
class KeysCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private TestingCli cli;

  @BeforeEach
  void vaultWithATenant() throws IOException {
    cli = TestingCli.in(temp);
    assertThat(cli.evault("init", "--suite", "INTL").status()).isZero();
    assertThat(cli.evault("tenant", "apply", "--name", "acme", "--contact", "ops").status())
        .isZero();
    assertThat(cli.evault("tenant", "review", "acme", "--approve", "--reason", "ok").status())
        .isZero();
  }

  @Test
  void rotateMaster_toNewKeyFile_onlyTheNewKeyFileOpensTheVault() throws IOException {
    Path newKey = temp.resolve("new.key");
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (11 * i + 1);
    }
    Files.write(newKey, key);

    TestingCli.Result rotated =
        cli.evault("keys", "rotate", "--master", "--new-key-file", newKey.toString());
    TestingCli.Result withOld = cli.evault("keys", "status");
    TestingCli.Result withNew =
        TestingCli.run(
            "keys",
            "status",
            "--output",
            "json",
            "--vault",
            cli.vault().toString(),
            "--key-file",
            newKey.toString());

    assertThat(rotated.status()).as(rotated.err()).isZero();
    assertThat(withOld.status()).isEqualTo(1);
    assertThat(withOld.err()).contains("wrong passphrase or key file");
    assertThat(withNew.status()).as(withNew.err()).isZero();
    JsonNode keys = JSON.readTree(withNew.out());
    assertThat(keys.get(0).get("key").asText()).isEqualTo("master");
    assertThat(keys.get(1).get("key").asText()).isEqualTo("tenant-1");
    assertThat(keys.get(1).get("owner").asText()).isEqualTo("acme");
    assertThat(keys.get(1).get("version").asInt()).isEqualTo(1);
  }

  @Test
  void rotateMaster_shortNewPassphrase_isRefusedAndChangesNothing() throws IOException {
    Path passphrase = temp.resolve("new.pass");
    Files.writeString(passphrase, "too short\n", StandardCharsets.UTF_8);

    TestingCli.Result rotated =
        cli.evault("keys", "rotate", "--master", "--new-passphrase-file", passphrase.toString());

    assertThat(rotated.status()).isEqualTo(1);
    assertThat(rotated.err()).contains("a new passphrase must be at least 12 characters");
    assertThat(cli.evault("keys", "status").status()).isZero();
  }

  @Test
  void rotateMaster_twoNewSecrets_isBadUsage() {

    TestingCli.Result rotated =
        cli.evault(
            "keys", "rotate", "--master", "--new-passphrase-file", "a", "--new-key-file", "b");

    assertThat(rotated.status()).isEqualTo(2);
  }
}
