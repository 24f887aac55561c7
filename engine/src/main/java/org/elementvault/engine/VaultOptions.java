package org.elementvault.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.elementvault.crypto.kdf.Argon2Params;

/**
 * How a vault process runs: its clock, its one source of randomness, and the Argon2id cost it uses
 * for new passphrases and the minimum it accepts when opening.
 *
 * @param clock the time of every timestamp the vault writes
 * @param random every key, nonce and salt
 * @param kdfCost the Argon2id cost {@link Vault#init} records for a passphrase
 * @param kdfFloor the lowest Argon2id cost {@link Vault#open} accepts from a key store
 */
public record VaultOptions(
    Clock clock, SecureRandom random, Argon2Params kdfCost, Argon2Params kdfFloor) {

  public VaultOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(kdfCost, "kdfCost");
    Objects.requireNonNull(kdfFloor, "kdfFloor");
    if (!kdfCost.isAtLeast(kdfFloor)) {
      throw new IllegalArgumentException("kdfCost " + kdfCost + " is below the floor " + kdfFloor);
    }
  }

  /** Production settings: system UTC clock, a strong SecureRandom, RFC 9106's minimum cost. */
  public static VaultOptions defaults() {
    return new VaultOptions(
        Clock.systemUTC(), new SecureRandom(), Argon2Params.MINIMUM, Argon2Params.MINIMUM);
  }
}
