package org.elementvault.crypto.suite;

import java.security.SecureRandom;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Hasher;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.Verifier;
import org.elementvault.crypto.internal.InsecureNonceAesGcm;

/**
 * The {@code INTL} suite: AES-256-GCM and SHA-256 (JCA), Ed25519 (RFC 8032, Bouncy Castle). Sealing
 * and hashing load no Bouncy Castle class (see {@link Ed25519Keys}).
 */
public final class IntlPrimitives implements Primitives {

  private static final Hasher SHA256 = new JcaHasher("SHA-256");

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
    return Ed25519Keys.signer(privateKey);
  }

  @Override
  public Verifier verifier(byte[] publicKey) throws CryptoException {
    return Ed25519Keys.verifier(publicKey);
  }
}
