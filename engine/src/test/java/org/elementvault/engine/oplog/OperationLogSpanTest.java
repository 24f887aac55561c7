package org.elementvault.engine.oplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.store.Batch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads inside an operation's span wait for its commit and are written in the same synced write, in
 * the order they were made, before the operation's own entry.
 */
class OperationLogSpanTest {

  @TempDir Path temp;

  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicBoolean failNext = new AtomicBoolean();
  private TestingLog testing;
  private OperationLog log;

  @BeforeEach
  void countingLog() {
    testing = TestingLog.create(temp.resolve("db"), CipherSuite.INTL);
    log =
        testing.openWith(
            batch -> {
              if (failNext.getAndSet(false)) {
                throw new IllegalStateException("disk gone");
              }
              writes.incrementAndGet();
              testing.store().write(batch);
            });
  }

  @AfterEach
  void close() {
    testing.close();
  }

  @Test
  void commit_afterReadsInASpan_writesThemAndItsEntryInOneWrite() {
    try (OperationLog.Span span = log.span()) {
      log.appendRead(TestingLog.record(1));
      log.appendRead(TestingLog.record(2));
      assertThat(log.size()).isZero();

      log.commit(TestingLog.record(3), new Batch());
    }

    assertThat(writes).hasValue(1);
    assertThat(targets()).containsExactly("t1", "t2", "t3");
    assertThat(LogVerifier.of(testing.reopen()).verify().ok()).isTrue();
  }

  @Test
  void appendRead_outsideASpan_isWrittenAtOnce() {
    log.appendRead(TestingLog.record(1));

    assertThat(writes).hasValue(1);
    assertThat(log.size()).isEqualTo(1);
  }

  @Test
  void close_spanWithReadsAndNoCommit_writesThem() {
    try (OperationLog.Span span = log.span()) {
      log.appendRead(TestingLog.record(1));
    }

    assertThat(targets()).containsExactly("t1");
  }

  @Test
  void span_insideAnother_isNestedAndLeavesItsReadsToTheOuterCommit() {
    try (OperationLog.Span outer = log.span()) {
      try (OperationLog.Span inner = log.span()) {
        assertThat(inner.nested()).isTrue();
        log.appendRead(TestingLog.record(1));
      }
      assertThat(outer.nested()).isFalse();
      assertThat(log.size()).isZero();
      log.commit(TestingLog.record(2), new Batch());
    }

    assertThat(writes).hasValue(1);
    assertThat(targets()).containsExactly("t1", "t2");
  }

  @Test
  void commit_failing_keepsTheReadsForTheRefusalThatFollows() {
    try (OperationLog.Span span = log.span()) {
      log.appendRead(TestingLog.record(1));
      failNext.set(true);
      assertThatThrownBy(() -> log.commit(TestingLog.record(2), new Batch()))
          .isInstanceOf(VaultException.class);

      log.append(TestingLog.record(3));
    }

    assertThat(targets()).containsExactly("t1", "t3");
  }

  @Test
  void appendRead_onAnotherThread_isNotPartOfTheSpan() throws InterruptedException {
    try (OperationLog.Span span = log.span()) {
      Thread other = new Thread(() -> log.appendRead(TestingLog.record(1)));
      other.start();
      other.join();

      assertThat(log.size()).isEqualTo(1);
    }
  }

  private List<String> targets() {
    return LongStream.rangeClosed(1, log.size())
        .mapToObj(n -> log.entry(n).orElseThrow().record().target())
        .toList();
  }
}
