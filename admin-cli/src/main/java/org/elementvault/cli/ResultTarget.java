package org.elementvault.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.elementvault.sandbox.exec.ElementResult;

/**
 * The file a run's result goes to ({@code --out F}), created empty before the run: a file that
 * already exists, or a place that cannot be written, costs no release. Closed unwritten (the run
 * failed, or writing did), the file is removed, so a half-written result never looks like a whole
 * one.
 */
final class ResultTarget implements AutoCloseable {

  private final Path path;
  private final ResultFile format;
  private final OutputStream stream;
  private boolean written;

  private ResultTarget(Path path, ResultFile format, OutputStream stream) {
    this.path = path;
    this.format = format;
    this.stream = stream;
  }

  /** Creates {@code path}, new and empty, for a result in {@code format}. */
  static ResultTarget create(Path path, ResultFile format) {
    try {
      return new ResultTarget(
          path,
          format,
          Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    } catch (FileAlreadyExistsException e) {
      throw new CliException("result file " + path + " already exists; nothing was run");
    } catch (IOException e) {
      throw new CliException("cannot create result file " + path + "; nothing was run");
    }
  }

  Path path() {
    return path;
  }

  /** Writes the released {@code result} and closes the file. */
  void write(ElementResult result) {
    try (stream) {
      format.write(result, stream);
    } catch (IOException e) {
      throw new CliException("cannot write result file " + path);
    }
    written = true;
  }

  @Override
  public void close() {
    if (written) {
      return;
    }
    try (stream) {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new CliException("cannot remove the unwritten result file " + path);
    }
  }
}
