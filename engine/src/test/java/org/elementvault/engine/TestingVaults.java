package org.elementvault.engine;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.kdf.Argon2Params;
import org.elementvault.engine.keys.Unlock;

/**
 * Real vaults for tests, shared with the modules above through the engine's test-jar. They use the
 * explicitly insecure Argon2id parameters so a suite can create many vaults quickly.
 */
public final class TestingVaults {

  /** The passphrase of every testing vault. */
  public static final String PASSPHRASE = "correct horse battery staple";

  /** A fixed instant for the injected clock. */
  public static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

  private TestingVaults() {}

  /** Options with a fixed clock and the test-only KDF cost, accepted as the floor too. */
  public static VaultOptions options() {
    return options(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Options with {@code clock} and the test-only KDF cost. */
  public static VaultOptions options(Clock clock) {
    return new VaultOptions(
        clock,
        new SecureRandom(),
        Argon2Params.TESTING_ONLY_INSECURE,
        Argon2Params.TESTING_ONLY_INSECURE);
  }

  /** A fresh unlock secret holding {@link #PASSPHRASE}. */
  public static Unlock passphrase() {
    return Unlock.passphrase(PASSPHRASE.toCharArray());
  }

  /** A new vault in {@code directory}, open; the caller closes it. */
  public static Vault create(Path directory, CipherSuite suite) {
    return Vault.init(directory, suite, passphrase(), options());
  }

  /** A new vault in {@code directory} whose time comes from {@code clock}, open. */
  public static Vault create(Path directory, CipherSuite suite, Clock clock) {
    return Vault.init(directory, suite, passphrase(), options(clock));
  }

  /** Opens the testing vault in {@code directory} with {@code clock}; the caller closes it. */
  public static Vault open(Path directory, Clock clock) {
    return Vault.open(directory, passphrase(), options(clock));
  }

  /** Opens the testing vault in {@code directory}; the caller closes it. */
  public static Vault open(Path directory) {
    return Vault.open(directory, passphrase(), options());
  }
}
