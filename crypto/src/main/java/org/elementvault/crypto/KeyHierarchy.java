package org.elementvault.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Envelope encryption: one parent key wraps the keys below it (master → tenant → dataset). A child
 * key exists at rest only wrapped, bound to its place label (for example {@code "tenant/7"}), so a
 * wrapped key copied to another place fails to unwrap.
 *
 * <p>Re-wrapping under a new parent changes only the wrapping, never the child key itself, so data
 * sealed with the child stays readable. Thread-safe; the caller keeps ownership of the parent key.
 */
public final class KeyHierarchy {

  private static final String WRAP_CONTEXT = "evault/wrap/v1/";

  private final Aead parent;

  private KeyHierarchy(Aead parent) {
    this.parent = parent;
  }

  /** The hierarchy below {@code parentKey}. */
  public static KeyHierarchy of(Primitives primitives, KeyMaterial parentKey) {
    return new KeyHierarchy(primitives.aead(parentKey));
  }

  /** {@code child} sealed under the parent key for {@code place}. */
  public WrappedKey wrap(KeyMaterial child, String place) {
    byte[] bytes = child.exposeSecretBytes();
    try {
      return new WrappedKey(parent.seal(bytes, associatedData(place)));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The child key wrapped for {@code place}.
   *
   * @throws CryptoException if the parent key or place is wrong, or the wrapping was modified
   */
  public KeyMaterial unwrap(WrappedKey wrapped, String place) throws CryptoException {
    byte[] bytes = parent.open(wrapped.sealed(), associatedData(place));
    try {
      return KeyMaterial.copyOf(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The same child key wrapped under {@code newParent} instead of this hierarchy's parent.
   *
   * @throws CryptoException if {@code wrapped} does not unwrap here
   */
  public WrappedKey rewrap(WrappedKey wrapped, String place, KeyHierarchy newParent)
      throws CryptoException {
    KeyMaterial child = unwrap(wrapped, place);
    try {
      return newParent.wrap(child, place);
    } finally {
      child.destroy();
    }
  }

  private static byte[] associatedData(String place) {
    Objects.requireNonNull(place, "place");
    if (place.isEmpty()) {
      throw new IllegalArgumentException("a wrapped key needs a place label");
    }
    return (WRAP_CONTEXT + place).getBytes(StandardCharsets.UTF_8);
  }
}
