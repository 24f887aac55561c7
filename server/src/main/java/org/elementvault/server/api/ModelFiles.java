package org.elementvault.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.model.Models;

/** Reads a model file to register, never more than one byte past the registry's size limit. */
public final class ModelFiles {

  private ModelFiles() {}

  /**
   * The bytes of {@code file}, cut one byte past {@link Models#MAX_FILE_BYTES} so that the registry
   * refuses a larger file by its size without it being read whole.
   *
   * @throws VaultException {@code USER_ERROR} if it cannot be read
   */
  public static byte[] read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(Models.MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "model file: cannot be read", e);
    }
  }
}
