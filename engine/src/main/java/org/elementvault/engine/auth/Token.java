package org.elementvault.engine.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.security.auth.Destroyable;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * A bearer token: 256 random bits, shown once when issued. The vault keeps only its hash. The token
 * never appears in {@code toString()}, logs or errors; {@link #writeTo} is how it reaches its
 * holder.
 */
public final class Token implements Destroyable {

  private static final int BYTES = 32;

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final char[] value;
  private boolean destroyed;

  private Token(char[] value) {
    this.value = value;
  }

  static Token generate(SecureRandom random) {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    try {
      return new Token(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray());
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The token as its holder presents it. */
  public static Token of(char[] presented) {
    return new Token(presented.clone());
  }

  char[] chars() {
    if (destroyed) {
      throw new IllegalStateException("token was destroyed");
    }
    return value;
  }

  /**
   * Writes the bare token and a newline into {@code file}, creating it or replacing its contents,
   * and makes it readable by its owner only.
   *
   * @throws VaultException {@code USER_ERROR} if it cannot be written
   */
  public void writeTo(Path file) {
    byte[] bytes = new String(chars()).concat("\n").getBytes(StandardCharsets.US_ASCII);
    try {
      if (!Files.exists(file)) {
        Files.createFile(file, OWNER_ONLY);
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "cannot write token file " + file, e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public void destroy() {
    Arrays.fill(value, '\0');
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "Token[redacted]";
  }
}
