package org.elementvault.engine.backup;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;

/**
 * The key that seals backup manifests, derived from the master key for that purpose alone, so a
 * manifest is authenticated by the master secret without the master key sealing anything new.
 */
public final class BackupKey {

  private static final byte[] LABEL =
      "elementvault backup manifest v1".getBytes(StandardCharsets.UTF_8);

  private BackupKey() {}

  /** A sealer under the backup key of the vault whose master key is {@code master}. */
  public static Aead sealer(Primitives primitives, KeyMaterial master) {
    byte[] derived = master.hmacSha256(LABEL);
    KeyMaterial key = KeyMaterial.copyOf(derived);
    Arrays.fill(derived, (byte) 0);
    try {
      return primitives.aead(key);
    } finally {
      key.destroy();
    }
  }
}
