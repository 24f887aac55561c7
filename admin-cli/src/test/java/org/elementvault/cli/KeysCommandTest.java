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

/** The keys commands: rotating the master secret, tenant and dataset keys, and the key status. */
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

  private void importResidents(String name) throws IOException {
    Path schema = temp.resolve("residents.yaml");
    Files.writeString(
        schema,
        """
        subject: id_card
        open_category: CONDITIONAL
        columns:
          - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
          - {name: income, type: BIGINT, level: IMPORTANT}
        """,
        StandardCharsets.UTF_8);
    Path file = temp.resolve(name + ".csv");
    Files.writeString(file, "id_card,income\nA1,10\nA2,20\n", StandardCharsets.UTF_8);
    TestingCli.Result imported =
        cli.evault(
            "dataset",
            "import",
            "--tenant",
            "acme",
            "--name",
            name,
            "--file",
            file.toString(),
            "--schema",
            schema.toString());
    assertThat(imported.status()).as(imported.err()).isZero();
  }

  @Test
  void rotateDataset_printsTheNewVersionAndTheJob() throws IOException {
    importResidents("residents");

    TestingCli.Result rotated =
        cli.evault(
            "keys", "rotate", "--tenant", "acme", "--dataset", "residents", "--output", "json");

    assertThat(rotated.status()).as(rotated.err()).isZero();
    JsonNode rotation = JSON.readTree(rotated.out()).get(0);
    assertThat(rotation.get("key").asText()).isEqualTo("dataset-1-v2");
    assertThat(rotation.get("owner").asText()).isEqualTo("acme/residents");
    assertThat(rotation.get("version").asInt()).isEqualTo(2);
    assertThat(rotation.get("reencrypted").asLong()).isEqualTo(2);
    JsonNode job =
        JSON.readTree(
            cli.evault("job", "show", rotation.get("job").asText(), "--output", "json").out());
    assertThat(job.get("state").asText()).isEqualTo("DONE");
  }

  @Test
  void rotateDataset_thenStatus_showsTheNewVersionWithNothingPending() throws IOException {
    importResidents("residents");
    assertThat(cli.evault("keys", "rotate", "--tenant", "acme", "--dataset", "residents").status())
        .isZero();

    TestingCli.Result status = cli.evault("keys", "status", "--output", "json");

    JsonNode dataset = JSON.readTree(status.out()).get(3); // after master, tenant and sealing
    assertThat(dataset.get("key").asText()).isEqualTo("dataset-1");
    assertThat(dataset.get("version").asInt()).isEqualTo(2);
    assertThat(dataset.get("pendingChunks").asLong()).isZero();
  }

  @Test
  void rotateTenant_rotatesTheTenantKeyAndEveryDatasetOfTheTenant() throws IOException {
    importResidents("residents");
    importResidents("visitors");

    TestingCli.Result rotated = cli.evault("keys", "rotate", "--tenant", "acme", "--output", "csv");

    assertThat(rotated.status()).as(rotated.err()).isZero();
    assertThat(rotated.out().lines().toList())
        .hasSize(4)
        .anySatisfy(line -> assertThat(line).startsWith("tenant-1-v2,acme,2,3,"))
        .anySatisfy(line -> assertThat(line).startsWith("dataset-1-v2,acme/residents,2,2,"))
        .anySatisfy(line -> assertThat(line).startsWith("dataset-2-v2,acme/visitors,2,2,"));
  }

  @Test
  void rotateTenant_thenStatus_showsTheTenantKeysNewVersion() throws IOException {
    assertThat(cli.evault("keys", "rotate", "--tenant", "acme").status()).isZero();

    TestingCli.Result status = cli.evault("keys", "status", "--output", "json");

    JsonNode tenant = JSON.readTree(status.out()).get(1);
    assertThat(tenant.get("key").asText()).isEqualTo("tenant-1");
    assertThat(tenant.get("owner").asText()).isEqualTo("acme");
    assertThat(tenant.get("version").asInt()).isEqualTo(2);
  }

  @Test
  void rotate_unknownDataset_failsNamingIt() throws IOException {
    TestingCli.Result rotated =
        cli.evault("keys", "rotate", "--tenant", "acme", "--dataset", "nobody");

    assertThat(rotated.status()).isEqualTo(1);
    assertThat(rotated.err()).contains("dataset nobody not found");
  }

  @Test
  void rotate_datasetWithoutTenant_isBadUsage() {
    TestingCli.Result rotated = cli.evault("keys", "rotate", "--dataset", "residents");

    assertThat(rotated.status()).isEqualTo(2);
  }

  @Test
  void rotate_masterAndTenantTogether_isBadUsage() {
    TestingCli.Result rotated =
        cli.evault("keys", "rotate", "--master", "--new-key-file", "k", "--tenant", "acme");

    assertThat(rotated.status()).isEqualTo(2);
  }
}
