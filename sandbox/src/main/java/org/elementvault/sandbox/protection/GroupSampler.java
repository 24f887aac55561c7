package org.elementvault.sandbox.protection;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Ranks a subject's groups pseudo-randomly under a key drawn fresh for one run, so that a
 * differentially private release keeps each subject's lowest-ranked {@code max_groups} groups: a
 * choice that depends neither on the subject's values nor on the order rows arrive in, and that the
 * next run makes anew.
 *
 * <p>Thread-safe for ranking; not against concurrent destruction.
 */
public final class GroupSampler implements Destroyable {

  private final SipHash hash;

  private GroupSampler(SipHash hash) {
    this.hash = hash;
  }

  /** A sampler under a key drawn from {@code random}. */
  public static GroupSampler create(SecureRandom random) {
    byte[] key = new byte[SipHash.KEY_BYTES];
    random.nextBytes(key);
    try {
      return new GroupSampler(SipHash.keyed(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The rank of {@code group} (its key values in canonical text) for {@code subject}. */
  public SubjectHash rank(String subject, List<String> group) {
    Objects.requireNonNull(subject, "subject");
    SeedEncoder seed = SeedEncoder.of("dp.group").add(subject).add(group.size());
    group.forEach(seed::add);
    return hash.hash(seed.bytes());
  }

  @Override
  public void destroy() {
    hash.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return hash.isDestroyed();
  }

  @Override
  public String toString() {
    return "GroupSampler[redacted]";
  }
}
