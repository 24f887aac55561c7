package org.elementvault.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;

/**
 * Real JFR recordings of this JVM busy in {@link #spin}, a method of the report's package (so a
 * project frame), sampled every millisecond.
 */
@SuppressForbidden // makes flight recordings (jdk.jfr)
final class TestingRecording {

  /** The frame label of {@link #spin} as the report writes it. */
  static final String BUSY_FRAME = "TestingRecording.spin";

  private static final Duration BUSY = Duration.ofMillis(300);

  private TestingRecording() {}

  /** Records ~300 ms of {@link #spin} into {@code file}, creating its directory. */
  static Path record(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
      recording.start();
      spin(BUSY);
      recording.stop();
      recording.dump(file);
    }
    return file;
  }

  /** Spins for {@code duration} of wall time. */
  private static void spin(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
