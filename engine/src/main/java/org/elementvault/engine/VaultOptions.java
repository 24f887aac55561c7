package org.elementvault.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.elementvault.crypto.kdf.Argon2Params;
import org.elementvault.engine.chunk.ChunkCache;
import org.elementvault.engine.chunk.ChunkCacheBudget;

/**
 * How a vault process runs: its clock, its one source of randomness, the Argon2id cost it uses for
 * new passphrases and the minimum it accepts when opening, and the memory its decrypted-chunk cache
 * may hold.
 *
 * @param clock the time of every timestamp the vault writes
 * @param random every key, nonce and salt
 * @param kdfCost the Argon2id cost {@link Vault#init} records for a passphrase
 * @param kdfFloor the lowest Argon2id cost {@link Vault#open} accepts from a key store
 * @param chunkCache the budget of the open vault's {@link ChunkCache}
 */
public record VaultOptions(
    Clock clock,
    SecureRandom random,
    Argon2Params kdfCost,
    Argon2Params kdfFloor,
    ChunkCacheBudget chunkCache) {

  public VaultOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(kdfCost, "kdfCost");
    Objects.requireNonNull(kdfFloor, "kdfFloor");
    Objects.requireNonNull(chunkCache, "chunkCache");
    if (!kdfCost.isAtLeast(kdfFloor)) {
      throw new IllegalArgumentException("kdfCost " + kdfCost + " is below the floor " + kdfFloor);
    }
  }

  /** Options with the {@linkplain ChunkCacheBudget#DEFAULT default} chunk cache. */
  public VaultOptions(
      Clock clock, SecureRandom random, Argon2Params kdfCost, Argon2Params kdfFloor) {
    this(clock, random, kdfCost, kdfFloor, ChunkCacheBudget.DEFAULT);
  }

  /** These options with a chunk cache of {@code budget} ({@link ChunkCacheBudget#OFF}: none). */
  public VaultOptions withChunkCache(ChunkCacheBudget budget) {
    return new VaultOptions(clock, random, kdfCost, kdfFloor, budget);
  }

  /** Production settings: system UTC clock, a strong SecureRandom, RFC 9106's minimum cost. */
  public static VaultOptions defaults() {
    return new VaultOptions(
        Clock.systemUTC(), new SecureRandom(), Argon2Params.MINIMUM, Argon2Params.MINIMUM);
  }
}
