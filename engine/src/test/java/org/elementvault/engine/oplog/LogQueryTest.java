package org.elementvault.engine.oplog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.elementvault.crypto.CipherSuite;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Listing entries by tenant, actor, action and time. The testing entries: even ones are tenant
 * {@code acme} and actor {@code user0}, odd ones {@code globex} and {@code user1}; every third is
 * {@code dataset.import}, the rest {@code tenant.apply}; entry n was appended at 08:0(n-1).
 */
class LogQueryTest {

  @TempDir Path temp;

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void find_allFilter_listsEveryEntryInSequenceOrder(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {

      List<LogEntry> found = LogQuery.of(testing.log()).find(LogFilter.all());

      assertThat(sequences(found)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void find_byTenant_listsOnlyThatTenantsEntries(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {

      List<LogEntry> found = LogQuery.of(testing.log()).find(LogFilter.all().withTenant("acme"));

      assertThat(sequences(found)).containsExactly(2L, 4L, 6L);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void find_byActor_listsOnlyThatActorsEntries(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {

      List<LogEntry> found = LogQuery.of(testing.log()).find(LogFilter.all().withActor("user1"));

      assertThat(sequences(found)).containsExactly(1L, 3L, 5L);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void find_byExactAction_listsOnlyThatAction(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {

      List<LogEntry> found =
          LogQuery.of(testing.log()).find(LogFilter.all().withAction("dataset.import"));

      assertThat(sequences(found)).containsExactly(3L, 6L);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void find_byActionPrefix_listsEveryActionItPrefixes(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {

      List<LogEntry> found = LogQuery.of(testing.log()).find(LogFilter.all().withAction("tenant."));

      assertThat(sequences(found)).containsExactly(1L, 2L, 4L, 5L);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void find_byActionWithoutTheDot_doesNotMatchAsAPrefix(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {

      List<LogEntry> found = LogQuery.of(testing.log()).find(LogFilter.all().withAction("tenant"));

      assertThat(found).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void find_byTimeRange_includesSinceAndExcludesUntil(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      LogFilter filter =
          LogFilter.all()
              .withSince(TickingClock.START.plusSeconds(60))
              .withUntil(TickingClock.START.plusSeconds(240));

      List<LogEntry> found = LogQuery.of(testing.log()).find(filter);

      assertThat(sequences(found)).containsExactly(2L, 3L, 4L);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void find_byTenantAndAction_requiresBoth(CipherSuite suite) {
    try (TestingLog testing = TestingLog.withEntries(temp.resolve("db"), suite, 6)) {
      LogFilter filter = LogFilter.all().withTenant("acme").withAction("tenant.");

      List<LogEntry> found = LogQuery.of(testing.log()).find(filter);

      assertThat(sequences(found)).containsExactly(2L, 4L);
    }
  }

  private static List<Long> sequences(List<LogEntry> entries) {
    return entries.stream().map(LogEntry::sequence).toList();
  }
}
