package org.elementvault.engine.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.LogFilter;
import org.elementvault.engine.oplog.LogQuery;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.store.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsTest {

  @TempDir Path directory;

  @Test
  void open_jobLeftRunningByACrash_isInterruptedAndLogged() {
    String id;
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {
      id = start(vault).id();
    }

    try (Vault reopened = TestingVaults.open(directory)) {
      assertThat(reopened.jobs().show(reopened.admin(), id).state())
          .isEqualTo(JobState.INTERRUPTED);
      List<LogEntry> logged =
          LogQuery.of(reopened.log()).find(LogFilter.all().withAction("job.interrupted"));
      assertThat(logged)
          .singleElement()
          .satisfies(e -> assertThat(e.record().target()).isEqualTo(id));
    }
  }

  @Test
  void open_endedJobs_keepTheirState() {
    String id;
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {
      JobRecord job = start(vault);
      vault.jobs().fail(job);
      id = job.id();
    }

    try (Vault reopened = TestingVaults.open(directory)) {
      assertThat(reopened.jobs().show(reopened.admin(), id).state()).isEqualTo(JobState.FAILED);
      assertThat(LogQuery.of(reopened.log()).find(LogFilter.all().withAction("job.interrupted")))
          .isEmpty();
    }
  }

  @Test
  void start_afterACrash_neverReusesAnId() {
    String first;
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {
      first = start(vault).id();
    }

    try (Vault reopened = TestingVaults.open(directory)) {
      String second = start(reopened).id();

      assertThat(first).isEqualTo("j1");
      assertThat(second).isEqualTo("j2");
    }
  }

  @Test
  void cancel_runningJob_endsCancelledWhenTheRunStops() {
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {
      JobRecord job = start(vault);

      var unused = vault.jobs().cancel(vault.admin(), job.id());
      boolean requested = vault.jobs().isCancelRequested(job.id());
      vault.jobs().fail(job);

      assertThat(requested).isTrue();
      assertThat(vault.jobs().show(vault.admin(), job.id()).state()).isEqualTo(JobState.CANCELLED);
      assertThat(LogQuery.of(vault.log()).find(LogFilter.all().withAction("job.cancel")))
          .singleElement()
          .satisfies(e -> assertThat(e.record().details()).isEqualTo("cancellation requested"));
    }
  }

  @Test
  void cancel_finishedJob_isRefusedNamingItsState() {
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {
      JobRecord job = start(vault);
      Batch batch = new Batch();
      vault.jobs().succeed(batch, job);
      vault
          .log()
          .commit(new LogRecord("admin", "", "element.run", job.id(), Outcome.OK, "test"), batch);

      assertThatThrownBy(() -> vault.jobs().cancel(vault.admin(), job.id()))
          .isInstanceOf(VaultException.class)
          .hasMessage("job j1 is DONE; only a RUNNING job can be cancelled")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.POLICY_REFUSED);
    }
  }

  @Test
  void show_malformedId_isRefusedWithoutEchoingIt() {
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {

      assertThatThrownBy(() -> vault.jobs().show(vault.admin(), "j1'; drop"))
          .isInstanceOf(VaultException.class)
          .hasMessage("job id must be j followed by 1 to 18 digits");
    }
  }

  @Test
  void show_unknownJob_isNotFound() {
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {

      assertThatThrownBy(() -> vault.jobs().show(vault.admin(), "j42"))
          .isInstanceOf(VaultException.class)
          .hasMessage("job j42 not found")
          .extracting(e -> ((VaultException) e).code())
          .isEqualTo(ErrorCode.NOT_FOUND);
    }
  }

  @Test
  void list_jobs_areInIdOrder() {
    try (Vault vault = TestingVaults.create(directory, CipherSuite.INTL)) {
      for (int i = 0; i < 11; i++) {
        vault.jobs().fail(start(vault));
      }

      List<String> ids = vault.jobs().list(vault.admin()).stream().map(JobRecord::id).toList();

      assertThat(ids).hasSize(11).startsWith("j1", "j2").endsWith("j10", "j11");
    }
  }

  private static JobRecord start(Vault vault) {
    return vault.jobs().start(vault.admin(), 1, "acme", "e1", false);
  }
}
