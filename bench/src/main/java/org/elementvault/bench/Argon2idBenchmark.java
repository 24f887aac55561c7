package org.elementvault.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.kdf.Argon2Params;
import org.elementvault.crypto.kdf.Argon2idKdf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one Argon2id derivation at {@link Argon2Params#MINIMUM} (64 MiB, t=3, p=4), the cost a
 * user waits for when a vault is unlocked with a passphrase.
 *
 * <p>Each iteration is a single derivation ({@link Mode#SingleShotTime}), since one takes a sizable
 * fraction of a second; the warm-up shots let the compiler reach steady state first, so the score
 * is the warm cost. Bouncy Castle computes the lanes one after another, so {@code p=4} does not use
 * more than one core.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
public class Argon2idBenchmark extends AbstractMicrobenchmark {

  private char[] passphrase;
  private byte[] salt;

  /** Picks a passphrase and a random salt. */
  @Setup(Level.Trial)
  public void setUp() {
    passphrase = "correct horse battery staple".toCharArray();
    salt = new byte[Argon2idKdf.SALT_LENGTH];
    new SecureRandom().nextBytes(salt);
  }

  /** Derives one key at the minimum cost a vault accepts. */
  @Benchmark
  public KeyMaterial deriveAtMinimum() {
    return Argon2idKdf.derive(passphrase, salt, Argon2Params.MINIMUM, Argon2Params.MINIMUM);
  }
}
