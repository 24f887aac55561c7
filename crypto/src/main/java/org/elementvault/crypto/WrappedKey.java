package org.elementvault.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A key sealed under the key above it in the hierarchy, safe to store. Opening it needs the parent
 * key and the same place label it was wrapped for.
 *
 * @param sealed the output of {@link Aead#seal} over the child key's bytes
 */
public record WrappedKey(byte[] sealed) {

  public WrappedKey {
    Objects.requireNonNull(sealed, "sealed");
    if (sealed.length != KeyMaterial.LENGTH + Aead.OVERHEAD) {
      throw new IllegalArgumentException(
          "a wrapped key is "
              + (KeyMaterial.LENGTH + Aead.OVERHEAD)
              + " bytes, got "
              + sealed.length);
    }
    sealed = sealed.clone();
  }

  @Override
  public byte[] sealed() {
    return sealed.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WrappedKey that && Arrays.equals(sealed, that.sealed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sealed);
  }

  @Override
  public String toString() {
    return "WrappedKey[" + sealed.length + " bytes]";
  }
}
