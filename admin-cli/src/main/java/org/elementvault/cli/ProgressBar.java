package org.elementvault.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.elementvault.engine.backup.Backups;
import org.elementvault.engine.dataset.Datasets;

/**
 * An import's or a backup's progress on stderr: rows or files, MB/s and the time left, redrawn on
 * one line. Used only when stderr is a terminal, so scripts and logs see nothing of it.
 */
final class ProgressBar implements Datasets.Progress, Backups.Progress {

  private static final int WIDTH = 24;

  private final PrintWriter err;
  private final long totalBytes;
  private final long startNanos = System.nanoTime();
  private boolean drawn;

  ProgressBar(PrintWriter err, long totalBytes) {
    this.err = err;
    this.totalBytes = Math.max(1, totalBytes);
  }

  @Override
  public void update(long rows, long bytesRead) {
    draw(rows, "rows", bytesRead, totalBytes);
  }

  @Override
  public void copied(long files, long bytesCopied, long total) {
    draw(files, "files", bytesCopied, Math.max(1, total));
  }

  private void draw(long count, String unit, long bytesRead, long total) {
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    double fraction = Math.min(1.0, bytesRead / (double) total);
    int filled = (int) Math.round(fraction * WIDTH);
    double megabytesPerSecond = bytesRead / 1e6 / seconds;
    long secondsLeft =
        bytesRead == 0 ? 0 : Math.round(seconds * (total - bytesRead) / (double) bytesRead);
    err.print(
        String.format(
            Locale.ROOT,
            "\r[%s%s] %3d%%  %,d %s  %.1f MB/s  ETA %s ",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            Math.round(fraction * 100),
            count,
            unit,
            megabytesPerSecond,
            format(Duration.ofSeconds(secondsLeft))));
    err.flush();
    drawn = true;
  }

  /** Ends the progress line, if one was drawn. */
  void finish() {
    if (drawn) {
      err.println();
    }
  }

  private static String format(Duration left) {
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", left.toHours(), left.toMinutesPart(), left.toSecondsPart());
  }
}
