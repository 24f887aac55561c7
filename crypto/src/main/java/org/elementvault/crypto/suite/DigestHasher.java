package org.elementvault.crypto.suite;

import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.elementvault.crypto.Hasher;

/** A {@link Hasher} over a Bouncy Castle digest; a fresh digest per call keeps it thread-safe. */
final class DigestHasher implements Hasher {

  private final Supplier<Digest> digests;
  private final int length;

  DigestHasher(Supplier<Digest> digests) {
    this.digests = digests;
    this.length = digests.get().getDigestSize();
  }

  @Override
  public int digestLength() {
    return length;
  }

  @Override
  public byte[] hash(byte[]... parts) {
    Digest digest = digests.get();
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[length];
    digest.doFinal(out, 0);
    return out;
  }
}
