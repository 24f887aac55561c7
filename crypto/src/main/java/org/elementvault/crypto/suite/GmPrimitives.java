package org.elementvault.crypto.suite;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.Hasher;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.Verifier;
import org.elementvault.crypto.internal.InsecureNonceSm4Gcm;

/**
 * The {@code GM} suite: SM4-GCM, SM3 and SM2 signatures over the recommended curve {@code
 * sm2p256v1} with the default user identity {@code 1234567812345678} (GB/T 32918, GM/T 0009).
 */
public final class GmPrimitives implements Primitives {

  private static final Hasher SM3 = new DigestHasher(SM3Digest::new);
  private static final X9ECParameters CURVE = GMNamedCurves.getByName("sm2p256v1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());

  private final SecureRandom random;

  public GmPrimitives(SecureRandom random) {
    this.random = random;
  }

  @Override
  public CipherSuite suite() {
    return CipherSuite.GM;
  }

  @Override
  public Aead aead(KeyMaterial key) {
    return new SealingAead(CipherSuite.GM, new InsecureNonceSm4Gcm(key), random);
  }

  @Override
  public Hasher hasher() {
    return SM3;
  }

  @Override
  public KeyMaterial newKey() {
    return KeyMaterial.generate(random);
  }

  /** A private scalar d drawn uniformly from [1, n-2], as GB/T 32918.1 requires. */
  @Override
  public KeyMaterial newSigningKey() {
    BigInteger upper = DOMAIN.getN().subtract(BigInteger.TWO);
    BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, upper, random);
    byte[] encoded = BigIntegers.asUnsignedByteArray(KeyMaterial.LENGTH, d);
    try {
      return KeyMaterial.copyOf(encoded);
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
  }

  @Override
  public Signer signer(KeyMaterial privateKey) {
    byte[] encoded = privateKey.exposeSecretBytes();
    BigInteger d = BigIntegers.fromUnsignedByteArray(encoded);
    Arrays.fill(encoded, (byte) 0);
    if (d.signum() <= 0 || d.compareTo(DOMAIN.getN().subtract(BigInteger.ONE)) >= 0) {
      throw new IllegalArgumentException("not an SM2 private key");
    }
    ECPrivateKeyParameters key = new ECPrivateKeyParameters(d, DOMAIN);
    byte[] publicKey = DOMAIN.getG().multiply(d).normalize().getEncoded(false);
    return new Signer() {
      @Override
      public byte[] sign(byte[] message) {
        SM2Signer signer = new SM2Signer();
        signer.init(true, new ParametersWithRandom(key, random));
        signer.update(message, 0, message.length);
        try {
          return signer.generateSignature();
        } catch (CryptoException e) {
          throw new IllegalStateException("SM2 signing failed", e);
        }
      }

      @Override
      public byte[] publicKey() {
        return publicKey.clone();
      }
    };
  }

  @Override
  public Verifier verifier(byte[] publicKey) throws org.elementvault.crypto.CryptoException {
    if (publicKey.length == 0) {
      // Bouncy Castle reads the encoding's first byte unchecked and would throw
      // ArrayIndexOutOfBoundsException, escaping the tamper path.
      throw new org.elementvault.crypto.CryptoException("not an SM2 public key");
    }
    ECPublicKeyParameters key;
    try {
      ECPoint point = CURVE.getCurve().decodePoint(publicKey);
      key = new ECPublicKeyParameters(point, DOMAIN);
    } catch (IllegalArgumentException e) {
      throw new org.elementvault.crypto.CryptoException("not an SM2 public key", e);
    }
    return (message, signature) -> {
      SM2Signer verifier = new SM2Signer();
      verifier.init(false, key);
      verifier.update(message, 0, message.length);
      if (!verifier.verifySignature(signature)) {
        throw new org.elementvault.crypto.CryptoException("signature does not verify");
      }
    };
  }
}
