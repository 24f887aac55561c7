package org.elementvault.sandbox.protection;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.elementvault.crypto.KeyMaterial;

/**
 * The secret behind the sticky noise, subject hashes and flattening choices of one dataset:
 * HMAC-SHA256(vault secret, dataset identity), so that noise never depends on the element, the run
 * or the tenant that asks, and differs between datasets.
 *
 * <p>Subjects are hashed with SipHash-2-4 (128-bit output; Aumasson and Bernstein's keyed PRF)
 * under a 128-bit key derived once from this key by HMAC-SHA256, because a release hashes up to ten
 * million subjects and an HMAC per subject costs microseconds; noise seeds, which are few per
 * group, stay on HMAC-SHA256.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Without the vault secret, subject hashes and noise values are unpredictable; with it they
 *       are reproducible, which is the point: the same question always gets the same answer.
 *   <li>The vault secret is used only through {@link KeyMaterial#hmacSha256}; this key's bytes and
 *       the subject hash key are never exposed, {@link #toString()} is redacted, and {@link
 *       #destroy()} wipes both and the bit streams kept for repeated seeds (any later use throws
 *       {@link IllegalStateException}).
 *   <li>Thread-safe for use; not against concurrent destruction. Whoever derives it destroys it.
 * </ul>
 */
public final class NoiseKey implements Destroyable {

  private final KeyMaterial key;
  private final KeyedStreams streams;
  private final SipHash subjects;
  private final SubjectHash subjectKeyId;

  private NoiseKey(KeyMaterial key) {
    this.key = key;
    this.streams = new KeyedStreams(key);
    byte[] subjectKey = key.hmacSha256(SeedEncoder.of("subject-hash-key").bytes());
    try {
      this.subjects = SipHash.keyed(subjectKey);
      this.subjectKeyId = subjects.hash(SeedEncoder.of("subject-hash-key-id").bytes());
    } finally {
      Arrays.fill(subjectKey, (byte) 0);
    }
  }

  /**
   * The noise key of {@code dataset}, a stable identity of the dataset (not of a version of it, nor
   * of an element or tenant).
   */
  public static NoiseKey derive(KeyMaterial vaultSecret, String dataset) {
    Objects.requireNonNull(vaultSecret, "vaultSecret");
    Objects.requireNonNull(dataset, "dataset");
    byte[] derived = vaultSecret.hmacSha256(SeedEncoder.of("noise-key").add(dataset).bytes());
    try {
      return new NoiseKey(KeyMaterial.copyOf(derived));
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  /**
   * Names the subject hash key without revealing it: its hash of a fixed label. Two noise keys with
   * equal ids hash every subject alike (up to a 2<sup>-128</sup> chance), so subject hashes may be
   * kept between runs under this id.
   */
  public SubjectHash subjectKeyId() {
    return subjectKeyId;
  }

  /**
   * The keyed hash of one subject (the canonical bytes of its subject-column value): what {@link
   * SubjectSetDigest} and {@link Flattening} work with, so no subject value is held longer than
   * this call. SipHash-2-4-128 of the bytes under this key's subject hash key: tens of nanoseconds.
   */
  public SubjectHash subject(byte[] canonicalSubject) {
    Objects.requireNonNull(canonicalSubject, "canonicalSubject");
    return subjects.hash(canonicalSubject);
  }

  /**
   * The keyed hash of the subject whose canonical bytes are the {@code length} bytes of {@code
   * buffer} from {@code offset}: {@link #subject(byte[])} of a copy of them, for an executor that
   * reads subjects' bytes straight from its column buffers into one reused array.
   */
  public SubjectHash subject(byte[] buffer, int offset, int length) {
    Objects.requireNonNull(buffer, "buffer");
    return subjects.hash(buffer, offset, length);
  }

  /** The keyed hash of a subject given as text: {@link #subject(byte[])} of its UTF-8 bytes. */
  public SubjectHash subject(String subject) {
    Objects.requireNonNull(subject, "subject");
    return subjects.hash(subject.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The deterministic bit stream of {@code seed} under this key: {@link RandomBits#keyed} of this
   * key and the seed's bytes, its stream kept for the next ask of the same seed.
   */
  RandomBits bits(SeedEncoder seed) {
    return streams.bits(seed.bytes());
  }

  @Override
  public void destroy() {
    streams.destroy();
    subjects.destroy();
    key.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  @Override
  public String toString() {
    return "NoiseKey[redacted]";
  }
}
