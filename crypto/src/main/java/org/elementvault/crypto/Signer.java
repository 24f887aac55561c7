package org.elementvault.crypto;

/** Signs messages with one private key (Ed25519 or SM2). Thread-safe. */
public interface Signer {

  /** A signature over {@code message}. */
  byte[] sign(byte[] message);

  /** The encoded public key that verifies this signer's signatures. */
  byte[] publicKey();
}
