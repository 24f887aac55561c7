package org.elementvault.crypto.suite;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.Verifier;

/**
 * Ed25519 signatures (RFC 8032) through Bouncy Castle, for {@link IntlPrimitives}. A class of its
 * own so that Bouncy Castle is loaded on the first signature or verification only: its jar is
 * signed, and a fresh JVM spends about a third of a second verifying it, which commands that sign
 * nothing (an element run, a listing) need not pay.
 */
final class Ed25519Keys {

  private Ed25519Keys() {}

  /** Signs with {@code privateKey}, a 32-byte seed. */
  static Signer signer(KeyMaterial privateKey) {
    byte[] seed = privateKey.exposeSecretBytes();
    Ed25519PrivateKeyParameters key;
    try {
      key = new Ed25519PrivateKeyParameters(seed, 0);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
    byte[] publicKey = key.generatePublicKey().getEncoded();
    return new Signer() {
      @Override
      public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
      }

      @Override
      public byte[] publicKey() {
        return publicKey.clone();
      }
    };
  }

  /**
   * Verifies signatures by the holder of {@code publicKey}.
   *
   * @throws CryptoException if {@code publicKey} is not an encoded Ed25519 point
   */
  static Verifier verifier(byte[] publicKey) throws CryptoException {
    if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new CryptoException("not an Ed25519 public key");
    }
    Ed25519PublicKeyParameters key;
    try {
      key = new Ed25519PublicKeyParameters(publicKey, 0);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("not an Ed25519 public key", e);
    }
    return (message, signature) -> {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, key);
      verifier.update(message, 0, message.length);
      if (!verifier.verifySignature(signature)) {
        throw new CryptoException("signature does not verify");
      }
    };
  }
}
