package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: output, exit status and one-line errors. */
class MainTest {

  @TempDir Path temp;

  private Path keyFile;
  private String out;
  private String err;

  @BeforeEach
  void writeKeyFile() throws IOException {
    keyFile = temp.resolve("master.key");
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 3);
    }
    Files.write(keyFile, key);
  }

  private int evault(String... args) {
    TestingCli.Result result = TestingCli.run(args);
    out = result.out();
    err = result.err();
    return result.status();
  }

  private Path vault() {
    return temp.resolve("vault");
  }

  @Test
  void init_keyFile_createsTheVaultAndPrintsItsId() throws IOException {
    int status =
        evault(
            "init",
            "--vault",
            vault().toString(),
            "--suite",
            "GM",
            "--key-file",
            keyFile.toString(),
            "--output",
            "json");

    assertThat(status).isZero();
    JsonNode result = new ObjectMapper().readTree(out);
    assertThat(result.get("suite").asText()).isEqualTo("GM");
    assertThat(result.get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(result.get("vault").asText()).isEqualTo(vault().toString());
    assertThat(vault().resolve("vault.keystore")).isRegularFile();
    assertThat(err).isEmpty();
  }

  @Test
  void init_globalOptionsBeforeTheCommand_areAccepted() {
    int status =
        evault(
            "--vault",
            vault().toString(),
            "--key-file",
            keyFile.toString(),
            "init",
            "--suite",
            "intl");

    assertThat(status).isZero();
    assertThat(out).contains("suite   INTL");
  }

  @Test
  void init_passphraseFile_usesArgon2idAtTheEnforcedMinimum() throws IOException {
    Path passphrase = temp.resolve("passphrase");
    Files.writeString(passphrase, "a long enough passphrase\n", StandardCharsets.UTF_8);

    int status =
        evault(
            "init",
            "--vault",
            vault().toString(),
            "--suite",
            "INTL",
            "--passphrase-file",
            passphrase.toString(),
            "--output",
            "csv");

    assertThat(status).isZero();
    assertThat(out.lines()).first().isEqualTo("vault,id,suite,unlock");
    assertThat(out).contains("\"passphrase (Argon2id, 64 MiB, t=3, p=4)\"");
  }

  @Test
  void init_nonEmptyDirectory_failsWithOneLineAndChangesNothing() throws IOException {
    Files.createDirectories(vault());
    Files.writeString(vault().resolve("data.csv"), "id\n1\n");

    int status = initWithKeyFile();

    assertThat(status).isEqualTo(1);
    assertThat(err)
        .isEqualTo(
            "evault: "
                + vault()
                + " is not empty: a vault is created only in an empty or new directory"
                + System.lineSeparator());
    try (Stream<Path> entries = Files.list(vault())) {
      assertThat(entries).hasSize(1);
    }
  }

  @Test
  void init_shortPassphrase_isRefused() throws IOException {
    Path passphrase = temp.resolve("passphrase");
    Files.writeString(passphrase, "short\n", StandardCharsets.UTF_8);

    int status =
        evault(
            "init",
            "--vault",
            vault().toString(),
            "--suite",
            "GM",
            "--passphrase-file",
            passphrase.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err).contains("must be at least 12 characters").doesNotContain("short\n");
    assertThat(vault()).doesNotExist();
  }

  @Test
  void init_passphraseFileNotUtf8_isRefused() throws IOException {
    Path passphrase = temp.resolve("passphrase");
    Files.write(
        passphrase,
        new byte[] {'a', (byte) 0xff, 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'});

    int status =
        evault(
            "init",
            "--vault",
            vault().toString(),
            "--suite",
            "GM",
            "--passphrase-file",
            passphrase.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err).contains("is not valid UTF-8");
  }

  @Test
  void init_keyFileOfWrongLength_isRefusedWithAHint() throws IOException {
    Files.write(keyFile, new byte[16]);

    int status = initWithKeyFile();

    assertThat(status).isEqualTo(1);
    assertThat(err)
        .contains("must hold exactly 32 bytes (make one with: head -c 32 /dev/urandom > FILE)");
  }

  @Test
  void init_missingKeyFile_isRefused() throws IOException {
    Files.delete(keyFile);

    int status = initWithKeyFile();

    assertThat(status).isEqualTo(1);
    assertThat(err)
        .isEqualTo("evault: key file " + keyFile + " does not exist" + System.lineSeparator());
  }

  @Test
  void init_withoutSuite_isAUsageError() {
    int status = evault("init", "--vault", vault().toString(), "--key-file", keyFile.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err).contains("Missing required option: '--suite=SUITE'");
  }

  @Test
  void init_unknownSuite_isAUsageError() {
    int status =
        evault(
            "init",
            "--vault",
            vault().toString(),
            "--suite",
            "DES",
            "--key-file",
            keyFile.toString());

    assertThat(status).isEqualTo(2);
  }

  @Test
  void init_withoutVault_isAUsageError() {
    int status = evault("init", "--suite", "GM", "--key-file", keyFile.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err).contains("init needs --vault DIR");
  }

  @Test
  void init_remote_isRefusedAsEmbeddedOnly() {
    int status =
        evault(
            "init",
            "--server",
            "https://localhost:8443",
            "--suite",
            "GM",
            "--key-file",
            keyFile.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err).contains("init works only embedded");
  }

  @Test
  void init_passphraseFileAndKeyFile_isAUsageError() throws IOException {
    Path passphrase = temp.resolve("passphrase");
    Files.writeString(passphrase, "a long enough passphrase\n", StandardCharsets.UTF_8);

    int status =
        evault(
            "init",
            "--vault",
            vault().toString(),
            "--suite",
            "GM",
            "--key-file",
            keyFile.toString(),
            "--passphrase-file",
            passphrase.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err).contains("give either --passphrase-file or --key-file, not both");
  }

  @Test
  void unknownCommand_isAUsageError() {
    int status = evault("frobnicate");

    assertThat(status).isEqualTo(2);
  }

  @Test
  void noCommand_isAUsageError() {
    int status = evault();

    assertThat(status).isEqualTo(2);
    assertThat(err).contains("a command is required");
  }

  @Test
  void help_listsTheCommands() {
    int status = evault("--help");

    assertThat(status).isZero();
    assertThat(out).contains("init").contains("demo").contains("--output");
  }

  @Test
  void subcommandHelp_isAvailable() {
    int status = evault("init", "--help");

    assertThat(status).isZero();
    assertThat(out).contains("--suite");
  }

  @Test
  void version_printsTheVersion() {
    int status = evault("--version");

    assertThat(status).isZero();
    assertThat(out).startsWith("evault ");
  }

  @Test
  void demo_walksThroughTheProduct() throws Exception {
    java.nio.file.Path demo = vault().resolveSibling("demo");

    int status = evault("demo", "--dir", demo.toString());

    assertThat(status).as(err).isZero();
    assertThat(out)
        .contains("imported 100,000 synthetic residents")
        .contains("may not be output raw; use mask_id_card()")
        .contains("log verify: ok")
        .contains("the catalog every tenant sees lists 1 element")
        .contains("a second tenant, beta, registered product loan-pricing")
        .contains("so the approval is --approve-conditional; ACTIVE")
        .containsPattern(
            "alice \\(the owner\\) sees the usage of e\\d+ from the log: \\[\\d{4}-\\d{2} 2 runs,"
                + " \\d+ rows, tenants \\[acme, beta\\], products \\[beta/loan-pricing\\]\\]")
        .containsPattern("dev trained e\\d+ .* model m\\d+ stays sealed in the vault")
        .containsPattern("dev scored every resident with m\\d+ through e\\d+")
        .containsPattern("410\\d{3}\\*{8}\\d{3}[0-9X]");
  }

  /**
   * No CSV is left behind; the key and the tokens to go on with the vault are kept owner-only, and
   * they open it.
   */
  @Test
  void demo_keepsTheSealedVaultWithItsKeyAndTokensOwnerOnly() throws Exception {
    java.nio.file.Path demo = vault().resolveSibling("demo");
    assertThat(evault("demo", "--dir", demo.toString())).as(err).isZero();

    int status =
        evault(
            "--vault",
            demo.resolve("vault").toString(),
            "--key-file",
            demo.resolve("master.key").toString(),
            "--token-file",
            demo.resolve("dev.token").toString(),
            "element",
            "list");

    assertThat(status).as(err).isZero();
    assertThat(out).contains("e1");
    try (var files = java.nio.file.Files.list(demo)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("vault", "master.key", "alice.token", "dev.token");
    }
    for (String secret : java.util.List.of("master.key", "alice.token", "dev.token")) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  java.nio.file.Files.getPosixFilePermissions(demo.resolve(secret))))
          .isEqualTo("rw-------");
    }
  }

  private int initWithKeyFile() {
    return evault(
        "init", "--vault", vault().toString(), "--suite", "GM", "--key-file", keyFile.toString());
  }
}
