package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flag beats an environment variable; contradictory flags are bad usage. */
class FlagsAndEnvironmentTest {

  @TempDir Path temp;

  private TestingCli cli;

  @BeforeEach
  void createVault() throws IOException {
    cli = TestingCli.in(temp);
    assertThat(cli.evault("init", "--suite", "INTL").status()).isZero();
  }

  @Test
  void keyFileFlag_beatsPassphraseFileVariable() throws IOException {
    Path passphrase = Files.writeString(temp.resolve("passphrase"), "not the vault's\n");

    TestingCli.Result result =
        TestingCli.runIn(
            Map.of("EVAULT_PASSPHRASE_FILE", passphrase.toString()),
            "tenant",
            "list",
            "--vault",
            cli.vault().toString(),
            "--key-file",
            cli.keyFile().toString());

    assertThat(result.err()).isEmpty();
    assertThat(result.status()).isZero();
  }

  @Test
  void vaultFlag_beatsServerVariable() {
    TestingCli.Result result =
        TestingCli.runIn(
            Map.of(
                "EVAULT_SERVER",
                "https://127.0.0.1:1",
                "EVAULT_KEY_FILE",
                cli.keyFile().toString()),
            "tenant",
            "list",
            "--vault",
            cli.vault().toString());

    assertThat(result.err()).isEmpty();
    assertThat(result.status()).isZero();
  }

  @Test
  void serverFlag_beatsVaultVariable() {
    TestingCli.Result result =
        TestingCli.runIn(
            Map.of("EVAULT_VAULT", cli.vault().toString()),
            "tenant",
            "list",
            "--server",
            "https://127.0.0.1:1",
            "--token-file",
            temp.resolve("missing.token").toString());

    assertThat(result.status()).isEqualTo(Main.FAILED);
    assertThat(result.err()).doesNotContain("not both").contains("token file");
  }

  @Test
  void variables_giveTheDefaults() {
    TestingCli.Result result =
        TestingCli.runIn(
            Map.of(
                "EVAULT_VAULT",
                cli.vault().toString(),
                "EVAULT_KEY_FILE",
                cli.keyFile().toString()),
            "tenant",
            "list");

    assertThat(result.err()).isEmpty();
    assertThat(result.status()).isZero();
  }

  @Test
  void vaultAndServerFlags_areBadUsage() {
    TestingCli.Result result =
        cli.evault("tenant", "list", "--server", "https://127.0.0.1:1", "--token-file", "t");

    assertThat(result.status()).isEqualTo(Main.USAGE);
    assertThat(result.err()).startsWith("evault: give either --vault or --server, not both");
  }

  @Test
  void passphraseFileAndKeyFileFlags_areBadUsage() throws IOException {
    Path passphrase = Files.writeString(temp.resolve("passphrase"), "a long passphrase\n");

    TestingCli.Result result =
        cli.evault("tenant", "list", "--passphrase-file", passphrase.toString());

    assertThat(result.status()).isEqualTo(Main.USAGE);
    assertThat(result.err())
        .startsWith("evault: give either --passphrase-file or --key-file, not both");
  }

  @Test
  void bothUnlockVariablesWithoutAFlag_areBadUsage() throws IOException {
    Path passphrase = Files.writeString(temp.resolve("passphrase"), "a long passphrase\n");

    TestingCli.Result result =
        TestingCli.runIn(
            Map.of(
                "EVAULT_PASSPHRASE_FILE",
                passphrase.toString(),
                "EVAULT_KEY_FILE",
                cli.keyFile().toString()),
            "tenant",
            "list",
            "--vault",
            cli.vault().toString());

    assertThat(result.status()).isEqualTo(Main.USAGE);
    assertThat(result.err())
        .startsWith(
            "evault: EVAULT_PASSPHRASE_FILE and EVAULT_KEY_FILE are both set: choose one with"
                + " --passphrase-file or --key-file");
  }
}
