package org.elementvault.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Execution samples read back from a real JFR recording of this JVM, made in the test. */
class ExecutionSamplesTest {

  @TempDir Path dir;

  @Test
  void read_busyMethod_isTheTopProjectFrameWithMostSamples() throws IOException {
    ExecutionSamples samples =
        ExecutionSamples.read(TestingRecording.record(dir.resolve("profile.jfr")));

    assertThat(samples.projectFrames()).isNotEmpty();
    ExecutionSamples.Share top = samples.projectFrames().get(0);
    assertThat(top.name()).isEqualTo(TestingRecording.BUSY_FRAME);
    assertThat(2 * top.samples()).isGreaterThan(samples.total());
  }

  @Test
  void mayBeOn_theJvmVersionOfJmhsJdkVersion_andNoOther() {
    ExecutionSamples samples =
        new ExecutionSamples("17.0.15+6-Debian-1deb12u1", 0, List.of(), List.of());

    assertThat(samples.mayBeOn("17.0.15")).isTrue();
    assertThat(samples.mayBeOn("17.0.1")).isFalse();
    assertThat(samples.mayBeOn("21.0.2")).isFalse();
  }

  @Test
  void library_groupsThePlatformByItsFirstPackageAndOthersByUpToThree() {
    assertThat(ExecutionSamples.library("java.util.HashMap")).isEqualTo("java.*");
    assertThat(ExecutionSamples.library("com.sun.crypto.provider.GaloisCounterMode"))
        .isEqualTo("com.sun.crypto");
    assertThat(ExecutionSamples.library("org.rocksdb.RocksIterator")).isEqualTo("org.rocksdb");
    assertThat(ExecutionSamples.library("org.elementvault.engine.scan.ChunkReader"))
        .isEqualTo(ExecutionSamples.PROJECT);
  }
}
