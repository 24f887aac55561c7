package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.keys.Unlock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job commands over a vault whose last process stopped in the middle of a job. */
class JobCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private TestingCli cli;

  @BeforeEach
  void vaultWithAJobLeftRunning() throws IOException {
    cli = TestingCli.in(temp);
    assertThat(cli.evault("init", "--suite", "INTL").status()).isZero();
    try (Vault vault =
        Vault.open(
            cli.vault(),
            Unlock.keyFile(Files.readAllBytes(cli.keyFile())),
            VaultOptions.defaults())) {
      var unused = vault.jobs().start(vault.admin(), 1, "acme", "e1", false);
    }
  }

  @Test
  void list_afterACrash_showsTheJobInterrupted() throws IOException {

    TestingCli.Result listed = cli.evault("job", "list", "--output", "json");

    assertThat(listed.status()).as(listed.err()).isZero();
    JsonNode jobs = JSON.readTree(listed.out());
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).get("id").asText()).isEqualTo("j1");
    assertThat(jobs.get(0).get("state").asText()).isEqualTo("INTERRUPTED");
  }

  @Test
  void show_job_printsItsState() {

    TestingCli.Result shown = cli.evault("job", "show", "j1");

    assertThat(shown.status()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("INTERRUPTED").contains("e1");
  }

  @Test
  void cancel_endedJob_isRefusedNamingItsState() {

    TestingCli.Result cancelled = cli.evault("job", "cancel", "j1");

    assertThat(cancelled.status()).isEqualTo(1);
    assertThat(cancelled.err())
        .contains("job j1 is INTERRUPTED; only a RUNNING job can be cancelled");
  }
}
