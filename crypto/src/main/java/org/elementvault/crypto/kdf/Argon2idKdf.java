package org.elementvault.crypto.kdf;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.elementvault.crypto.KeyMaterial;
import org.jspecify.annotations.Nullable;

/** Derives a key-encryption key from a passphrase with Argon2id (RFC 9106, version 0x13). */
public final class Argon2idKdf {

  /** Salt length in bytes (RFC 9106 recommends 128 bits). */
  public static final int SALT_LENGTH = 16;

  private Argon2idKdf() {}

  /**
   * The {@link KeyMaterial#LENGTH}-byte key derived from {@code passphrase}. The passphrase's
   * encoded bytes are wiped afterwards; the caller wipes its own {@code char[]}.
   *
   * @throws IllegalArgumentException if {@code params} are below {@code floor} or the salt has the
   *     wrong length
   */
  public static KeyMaterial derive(
      char[] passphrase, byte[] salt, Argon2Params params, Argon2Params floor) {
    if (!params.isAtLeast(floor)) {
      throw new IllegalArgumentException(
          "Argon2id cost " + params + " is below the enforced minimum " + floor);
    }
    if (salt.length != SALT_LENGTH) {
      throw new IllegalArgumentException(
          "Argon2id salt must be " + SALT_LENGTH + " bytes, got " + salt.length);
    }
    byte[] password = utf8(passphrase);
    try {
      return derive(password, salt, null, null, params);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /** The raw RFC 9106 function, for known-answer tests that use a secret and associated data. */
  static KeyMaterial derive(
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData,
      Argon2Params params) {
    Argon2Parameters.Builder builder =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(params.memoryKiB())
            .withIterations(params.iterations())
            .withParallelism(params.parallelism())
            .withSalt(salt);
    if (secret != null) {
      builder.withSecret(secret);
    }
    if (associatedData != null) {
      builder.withAdditional(associatedData);
    }
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(builder.build());
    byte[] out = new byte[KeyMaterial.LENGTH];
    generator.generateBytes(password, out);
    try {
      return KeyMaterial.copyOf(out);
    } finally {
      Arrays.fill(out, (byte) 0);
    }
  }

  private static byte[] utf8(char[] chars) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return bytes;
  }
}
