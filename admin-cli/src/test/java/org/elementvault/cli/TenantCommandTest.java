package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tenant and user commands, embedded, as an admin and with tokens. */
class TenantCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private TestingCli cli;

  @BeforeEach
  void createVault() throws IOException {
    cli = TestingCli.in(temp);
    assertThat(cli.evault("init", "--suite", "INTL").status()).isZero();
  }

  private JsonNode json(TestingCli.Result result) throws IOException {
    assertThat(result.err()).isEmpty();
    assertThat(result.status()).isZero();
    return JSON.readTree(result.out());
  }

  private void approved(String tenant) {
    assertThat(cli.evault("tenant", "apply", "--name", tenant, "--contact", "ops desk").status())
        .isZero();
    assertThat(cli.evault("tenant", "review", tenant, "--approve", "--reason", "complete").status())
        .isZero();
  }

  private Path token(String tenant, String user, String role) {
    Path file = temp.resolve(user + ".token");
    TestingCli.Result result =
        cli.evault(
            "user",
            "add",
            "--tenant",
            tenant,
            "--name",
            user,
            "--role",
            role,
            "--token-out",
            file.toString());
    assertThat(result.status()).as(result.err()).isZero();
    return file;
  }

  @Test
  void apply_thenApprove_startsTheTrial() throws IOException {
    cli.evault("tenant", "apply", "--name", "acme", "--contact", "ops desk");

    JsonNode tenant =
        json(
            cli.evault(
                "tenant",
                "review",
                "acme",
                "--approve",
                "--reason",
                "complete",
                "--output",
                "json"));

    assertThat(tenant.at("/tenant/state").asText()).isEqualTo("TRIAL");
    assertThat(tenant.at("/tenant/trialEnds").asText()).isNotEmpty();
  }

  @Test
  void activate_beforeApproval_isRefusedWithTheRule() {
    cli.evault("tenant", "apply", "--name", "acme", "--contact", "ops desk");

    TestingCli.Result result = cli.evault("tenant", "activate", "acme");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("evault: tenant acme is APPLIED: activate needs TRIAL" + System.lineSeparator());
  }

  @Test
  void review_bothApproveAndReject_isAUsageError() {
    cli.evault("tenant", "apply", "--name", "acme", "--contact", "ops desk");

    TestingCli.Result result =
        cli.evault("tenant", "review", "acme", "--approve", "--reject", "--reason", "x");

    assertThat(result.status()).isEqualTo(2);
  }

  @Test
  void list_showsEveryTenantSortedWithItsState() throws IOException {
    approved("zeta");
    cli.evault("tenant", "apply", "--name", "alpha", "--contact", "ops desk");

    JsonNode list = json(cli.evault("tenant", "list", "--output", "json"));

    assertThat(list).hasSize(2);
    assertThat(list.get(0).at("/tenant/name").asText()).isEqualTo("alpha");
    assertThat(list.get(0).at("/tenant/state").asText()).isEqualTo("APPLIED");
    assertThat(list.get(1).at("/tenant/state").asText()).isEqualTo("TRIAL");
  }

  @Test
  void userAdd_writesTheBareTokenToAnOwnerOnlyFile() throws IOException {
    approved("acme");

    Path file = token("acme", "alice", "tenant-admin");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file, StandardCharsets.US_ASCII)).matches("[A-Za-z0-9_-]{43}\n");
  }

  @Test
  void userAdd_existingTokenFile_isNotOverwrittenAndNoUserIsAdded() throws IOException {
    approved("acme");
    Path file = temp.resolve("taken");
    Files.writeString(file, "keep");

    TestingCli.Result result =
        cli.evault(
            "user",
            "add",
            "--tenant",
            "acme",
            "--name",
            "bob",
            "--role",
            "developer",
            "--token-out",
            file.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(Files.readString(file)).isEqualTo("keep");
    assertThat(cli.evault("user", "list").out()).doesNotContain("bob");
  }

  @Test
  void tokenOfTenantAdmin_seesItsOwnTenant() throws IOException {
    approved("acme");
    Path alice = token("acme", "alice", "tenant-admin");

    JsonNode tenant =
        json(
            cli.evault(
                "tenant", "show", "acme", "--token-file", alice.toString(), "--output", "json"));

    assertThat(tenant.at("/tenant/name").asText()).isEqualTo("acme");
  }

  @Test
  void tokenOfTenantAdmin_otherTenantLooksExactlyLikeANonexistentOne() {
    approved("acme");
    approved("globex");
    Path alice = token("acme", "alice", "tenant-admin");

    TestingCli.Result other =
        cli.evault("tenant", "show", "globex", "--token-file", alice.toString());
    TestingCli.Result missing =
        cli.evault("tenant", "show", "nosuch", "--token-file", alice.toString());

    assertThat(other.status()).isEqualTo(1).isEqualTo(missing.status());
    assertThat(other.err().replace("globex", "T")).isEqualTo(missing.err().replace("nosuch", "T"));
  }

  @Test
  void revokedToken_isRefusedOnTheNextCommand() {
    approved("acme");
    Path alice = token("acme", "alice", "tenant-admin");
    cli.evault("user", "revoke", "alice");

    TestingCli.Result result =
        cli.evault("tenant", "show", "acme", "--token-file", alice.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("evault: invalid, expired or revoked token" + System.lineSeparator());
  }

  @Test
  void developer_mayNotApproveTenants() {
    approved("acme");
    Path dev = token("acme", "dev", "developer");

    TestingCli.Result result =
        cli.evault(
            "tenant",
            "review",
            "acme",
            "--approve",
            "--reason",
            "x",
            "--token-file",
            dev.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("role developer may not perform tenant.review");
  }

  @Test
  void changeRequest_byTenantAdmin_waitsForReviewThenApplies() throws IOException {
    approved("acme");
    Path alice = token("acme", "alice", "tenant-admin");

    JsonNode requested =
        json(
            cli.evault(
                "tenant",
                "change",
                "acme",
                "--max-jobs",
                "8",
                "--token-file",
                alice.toString(),
                "--output",
                "json"));
    JsonNode reviewed =
        json(
            cli.evault(
                "tenant", "review", "acme", "--approve", "--reason", "ok", "--output", "json"));

    assertThat(requested.at("/tenant/state").asText()).isEqualTo("CHANGE_REQUESTED");
    assertThat(requested.at("/tenant/quotas/maxJobs").asInt()).isEqualTo(4);
    assertThat(reviewed.at("/tenant/state").asText()).isEqualTo("TRIAL");
    assertThat(reviewed.at("/tenant/quotas/maxJobs").asInt()).isEqualTo(8);
  }

  @Test
  void quota_minThreshold_isSetAndPrintedAsANumber() throws IOException {
    approved("acme");

    JsonNode tenant =
        json(cli.evault("tenant", "quota", "acme", "--min-threshold", "12", "--output", "json"));

    assertThat(tenant.at("/tenant/quotas/minThreshold").isInt()).isTrue();
    assertThat(tenant.at("/tenant/quotas/minThreshold").asInt()).isEqualTo(12);
    assertThat(tenant.at("/tenant/quotas/maxJobs").asInt()).isEqualTo(4);
  }

  @Test
  void quota_minThreshold_isShownByTenantShow() throws IOException {
    approved("acme");
    cli.evault("tenant", "quota", "acme", "--min-threshold", "12");

    TestingCli.Result shown = cli.evault("tenant", "show", "acme");

    assertThat(shown.status()).isZero();
    assertThat(shown.out().lines()).contains("min_threshold          12");
  }

  @Test
  void show_tenantNeverGivenAFloor_hasMinThresholdTen() throws IOException {
    approved("acme");

    JsonNode tenant = json(cli.evault("tenant", "show", "acme", "--output", "json"));

    assertThat(tenant.at("/tenant/quotas/minThreshold").isInt()).isTrue();
    assertThat(tenant.at("/tenant/quotas/minThreshold").asInt()).isEqualTo(10);
  }

  @Test
  void quota_minThresholdBelowTwo_isAUsageErrorAndChangesNothing() throws IOException {
    approved("acme");

    TestingCli.Result result = cli.evault("tenant", "quota", "acme", "--min-threshold", "1");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "evault: Invalid value for option '--min-threshold': quota of minimum threshold must"
                + " be between 2 and 1000000"
                + System.lineSeparator()
                + "Try 'evault tenant quota --help'."
                + System.lineSeparator());
    assertThat(
            json(cli.evault("tenant", "show", "acme", "--output", "json"))
                .at("/tenant/quotas/minThreshold")
                .asInt())
        .isEqualTo(10);
  }

  @Test
  void quota_minThresholdNotAWholeNumber_isAUsageError() {
    approved("acme");

    TestingCli.Result result = cli.evault("tenant", "quota", "acme", "--min-threshold", "ten");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err())
        .startsWith(
            "evault: Invalid value for option '--min-threshold': expected a whole number"
                + System.lineSeparator());
  }

  @Test
  void quota_minThreshold_byTenantAdmin_isRefused() {
    approved("acme");
    Path alice = token("acme", "alice", "tenant-admin");

    TestingCli.Result result =
        cli.evault(
            "tenant", "quota", "acme", "--min-threshold", "2", "--token-file", alice.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "evault: role tenant-admin may not perform tenant.quota" + System.lineSeparator());
  }

  @Test
  void changeRequest_minThreshold_showsInTheRequestThenApplies() throws IOException {
    approved("acme");
    Path alice = token("acme", "alice", "tenant-admin");

    JsonNode requested =
        json(
            cli.evault(
                "tenant",
                "change",
                "acme",
                "--min-threshold",
                "15",
                "--token-file",
                alice.toString(),
                "--output",
                "json"));
    JsonNode reviewed =
        json(
            cli.evault(
                "tenant", "review", "acme", "--approve", "--reason", "ok", "--output", "json"));

    assertThat(requested.at("/tenant/quotas/minThreshold").asInt()).isEqualTo(10);
    assertThat(requested.at("/tenant/requestedQuotas/minThreshold").asInt()).isEqualTo(15);
    assertThat(reviewed.at("/tenant/quotas/minThreshold").asInt()).isEqualTo(15);
  }

  @Test
  void exit_withoutMatchingConfirmation_changesNothing() throws IOException {
    approved("acme");

    TestingCli.Result result = cli.evault("tenant", "exit", "acme", "--confirm", "acm");

    assertThat(result.status()).isEqualTo(1);
    assertThat(
            json(cli.evault("tenant", "show", "acme", "--output", "json"))
                .at("/tenant/state")
                .asText())
        .isEqualTo("TRIAL");
  }

  @Test
  void exit_destroysTheTenantAndRevokesItsTokens() throws IOException {
    approved("acme");
    Path alice = token("acme", "alice", "tenant-admin");

    JsonNode destroyed =
        json(cli.evault("tenant", "exit", "acme", "--confirm", "acme", "--output", "json"));

    assertThat(destroyed.at("/tenant/state").asText()).isEqualTo("DESTROYED");
    assertThat(cli.evault("tenant", "show", "acme", "--token-file", alice.toString()).status())
        .isEqualTo(1);
  }

  @Test
  void wrongKeyFile_failsWithOneLine() throws IOException {
    Files.write(cli.keyFile(), new byte[32]);

    TestingCli.Result result = cli.evault("tenant", "list");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("evault: wrong passphrase or key file" + System.lineSeparator());
  }
}
