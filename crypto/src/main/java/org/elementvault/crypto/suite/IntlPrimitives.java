package org.elementvault.crypto.suite;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.Verifier;
import org.elementvault.crypto.internal.InsecureNonceAesGcm;

/** The {@code INTL} suite: AES-256-GCM (JCA), SHA-256 and Ed25519 (RFC 8032, Bouncy Castle). */
public final class IntlPrimitives implements Primitives {

  private static final Hasher SHA256 = new DigestHasher(SHA256Digest::new);

  private final SecureRandom random;

  public IntlPrimitives(SecureRandom random) {
    this.random = random;
  }

  @Override
  public CipherSuite suite() {
    return CipherSuite.INTL;
  }

  @Override
  public Aead aead(KeyMaterial key) {
    return new SealingAead(CipherSuite.INTL, new InsecureNonceAesGcm(key), random);
  }

  @Override
  public Hasher hasher() {
    return SHA256;
  }

  @Override
  public KeyMaterial newKey() {
    return KeyMaterial.generate(random);
  }

  /** An Ed25519 private key is any 32-byte seed. */
  @Override
  public KeyMaterial newSigningKey() {
    return KeyMaterial.generate(random);
  }

  @Override
  public Signer signer(KeyMaterial privateKey) {
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

  @Override
  public Verifier verifier(byte[] publicKey) throws CryptoException {
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
