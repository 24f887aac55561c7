package org.elementvault.crypto;

import java.security.SecureRandom;
import java.util.Optional;
import org.elementvault.crypto.suite.GmPrimitives;
import org.elementvault.crypto.suite.IntlPrimitives;

/**
 * The cipher suites a vault can be created with. The suite is chosen once, at {@code init}, and
 * every sealed value, hash and signature of that vault uses it.
 *
 * <ul>
 *   <li>{@link #INTL}: AES-256-GCM, SHA-256, Ed25519.
 *   <li>{@link #GM}: SM4-GCM, SM3, SM2 (GM/T 0002, 0004, 0003).
 * </ul>
 */
public enum CipherSuite {
  INTL((byte) 1),
  GM((byte) 2);

  private final byte id;

  CipherSuite(byte id) {
    this.id = id;
  }

  /** The byte that identifies this suite inside sealed values. */
  public byte id() {
    return id;
  }

  /** The suite with the given identifier byte, if there is one. */
  public static Optional<CipherSuite> fromId(byte id) {
    for (CipherSuite suite : values()) {
      if (suite.id == id) {
        return Optional.of(suite);
      }
    }
    return Optional.empty();
  }

  /**
   * The primitives of this suite. {@code random} supplies every nonce and key this instance
   * generates; pass the vault's one injected {@link SecureRandom}.
   */
  public Primitives primitives(SecureRandom random) {
    return switch (this) {
      case INTL -> new IntlPrimitives(random);
      case GM -> new GmPrimitives(random);
    };
  }
}
