package org.elementvault.engine.keys;

/**
 * A prepared rotation of the master secret ({@link VaultKeys#prepareSecretRotation}): the new key
 * store is written beside the current one; exactly one of {@link #commit} and {@link #discard}
 * follows.
 */
public interface SecretRotation {

  /** Switches to the new key store in one atomic rename; from now on only the new secret works. */
  void commit();

  /** Deletes the prepared key store, so no copy of the master key wrapped for it stays behind. */
  void discard();
}
