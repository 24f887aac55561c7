package org.elementvault.engine.chunk;

import org.elementvault.crypto.Aead;
import org.elementvault.engine.VaultException;

/**
 * The versions of one dataset's key that a {@link ChunkSealer} seals and opens with. A chunk names
 * the key version it was sealed under, so while a rotation re-encrypts a dataset both the old and
 * the new version open its chunks; new chunks are sealed under {@link #sealingVersion()}.
 * Implementations are thread-safe.
 */
public interface ChunkKeys {

  /** The key version new chunks are sealed under, at least 1. */
  int sealingVersion();

  /**
   * Sealing under key version {@code version}.
   *
   * @throws VaultException {@code INTEGRITY} if that version does not exist (any more)
   */
  Aead aead(int version);

  /** One key, version 1, for sealing and opening. */
  static ChunkKeys single(Aead aead) {
    return new ChunkKeys() {
      @Override
      public int sealingVersion() {
        return 1;
      }

      @Override
      public Aead aead(int version) {
        if (version != 1) {
          throw ChunkMessages.noKeyVersion(version);
        }
        return aead;
      }
    };
  }
}
