package org.elementvault.engine.keys;

import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * The secret that unlocks a vault's master key: a passphrase (stretched with Argon2id) or the
 * contents of a 32-byte key file. The caller creates it and destroys it after {@code Vault.init} or
 * {@code Vault.open}; its {@code toString()} never shows the secret.
 */
public sealed interface Unlock extends Destroyable {

  /** A passphrase; the array is copied, so the caller should wipe its own. */
  static Unlock passphrase(char[] passphrase) {
    return new Passphrase(passphrase.clone());
  }

  /**
   * The bytes of a key file; the array is copied, so the caller should wipe its own.
   *
   * @throws VaultException {@code USER_ERROR} unless it holds exactly {@link KeyMaterial#LENGTH}
   *     bytes
   */
  static Unlock keyFile(byte[] contents) {
    if (contents.length != KeyMaterial.LENGTH) {
      throw new VaultException(
          ErrorCode.USER_ERROR,
          "a key file must hold exactly "
              + KeyMaterial.LENGTH
              + " bytes, it holds "
              + contents.length);
    }
    return new KeyFile(contents.clone());
  }

  /** The unlocking method a vault created with this secret records. */
  UnlockMethod method();

  @Override
  void destroy();

  /** A passphrase to stretch with Argon2id. */
  final class Passphrase implements Unlock {
    private final char[] chars;
    private boolean destroyed;

    private Passphrase(char[] chars) {
      this.chars = chars;
    }

    char[] chars() {
      return chars;
    }

    @Override
    public UnlockMethod method() {
      return UnlockMethod.PASSPHRASE;
    }

    @Override
    public void destroy() {
      Arrays.fill(chars, '\0');
      destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
      return destroyed;
    }

    @Override
    public String toString() {
      return "Unlock.Passphrase[redacted]";
    }
  }

  /** The raw contents of a key file. */
  final class KeyFile implements Unlock {
    private final byte[] bytes;
    private boolean destroyed;

    private KeyFile(byte[] bytes) {
      this.bytes = bytes;
    }

    byte[] bytes() {
      return bytes;
    }

    @Override
    public UnlockMethod method() {
      return UnlockMethod.KEY_FILE;
    }

    @Override
    public void destroy() {
      Arrays.fill(bytes, (byte) 0);
      destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
      return destroyed;
    }

    @Override
    public String toString() {
      return "Unlock.KeyFile[redacted]";
    }
  }
}
