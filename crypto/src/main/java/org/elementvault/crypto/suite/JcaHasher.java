package org.elementvault.crypto.suite;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.elementvault.crypto.Hasher;

/**
 * A {@link Hasher} over a JCA message digest of the JDK. Unlike Bouncy Castle's classes, the JDK's
 * need no signed jar verified before their first use; a fresh digest per call keeps it thread-safe.
 */
final class JcaHasher implements Hasher {

  private final String algorithm;
  private final int length;

  /** A hasher over {@code algorithm}, which every Java platform must provide (e.g. SHA-256). */
  JcaHasher(String algorithm) {
    this.algorithm = algorithm;
    this.length = digest().getDigestLength();
  }

  @Override
  public int digestLength() {
    return length;
  }

  @Override
  public byte[] hash(byte[]... parts) {
    MessageDigest digest = digest();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  private MessageDigest digest() {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides " + algorithm, e);
    }
  }
}
