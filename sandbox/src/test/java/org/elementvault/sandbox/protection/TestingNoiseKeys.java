package org.elementvault.sandbox.protection;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.elementvault.crypto.KeyMaterial;

/** Seeded vault secrets, noise keys, bit streams and subject sets for the protection tests. */
final class TestingNoiseKeys {

  private TestingNoiseKeys() {}

  /** A vault secret drawn from {@code seed}. */
  static KeyMaterial secret(long seed) {
    byte[] bytes = new byte[KeyMaterial.LENGTH];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return KeyMaterial.copyOf(bytes);
  }

  /** The noise key of a dataset named after {@code seed}, under {@link #secret(long)}. */
  static NoiseKey key(long seed) {
    return NoiseKey.derive(secret(seed), "dataset-" + seed);
  }

  /** A keyed bit stream from {@code seed}. */
  static RandomBits bits(long seed) {
    return RandomBits.keyed(secret(seed), ("stream-" + seed).getBytes(StandardCharsets.UTF_8));
  }

  /** The subjects {@code prefix-0} to {@code prefix-(count-1)}, hashed under {@code key}. */
  static SubjectSetDigest subjects(NoiseKey key, String prefix, int count) {
    SubjectSetDigest digest = SubjectSetDigest.EMPTY;
    for (int i = 0; i < count; i++) {
      digest = digest.plus(key.subject(prefix + "-" + i));
    }
    return digest;
  }
}
