package org.elementvault.engine.keys;

/** How a vault's master key is unlocked; fixed at {@code init}. */
public enum UnlockMethod {
  /** A passphrase stretched with Argon2id. */
  PASSPHRASE,
  /** A file of 32 random bytes, for automation. */
  KEY_FILE
}
