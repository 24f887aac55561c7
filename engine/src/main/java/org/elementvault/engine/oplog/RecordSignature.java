package org.elementvault.engine.oplog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.Verifier;

/**
 * Signatures of the vault's log key over records other than tree heads (a data product's
 * registration certificate), and their offline check against the public key a log export writes to
 * {@code F.pub}.
 *
 * <h2>Format</h2>
 *
 * <p>The signature covers {@code "evault/signed-record/v1" 0x00 kind 0x00 record}, where {@code
 * kind} names what the record is ({@code product-certificate}) and {@code record} is the record's
 * canonical bytes. The label differs from a signed tree head's ({@code "evault/sth/v1" 0x00}) in
 * its first bytes, so a tree-head signature never verifies as a record's and back; the kind keeps
 * records of different kinds apart likewise.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>{@link #verify} returning true proves that the holder of the vault's log key signed exactly
 * these record bytes as a record of this kind. Whether the public key is the vault's is for the
 * verifier to establish, as for a log export.
 */
public final class RecordSignature {

  private static final byte[] LABEL = "evault/signed-record/v1\0".getBytes(StandardCharsets.UTF_8);

  private RecordSignature() {}

  /** Signs {@code record} as a record of {@code kind} with the vault's log key. */
  public static byte[] sign(Signer signer, String kind, byte[] record) {
    return signer.sign(signedBytes(kind, record));
  }

  /**
   * Whether {@code signature} is the vault's signature over {@code record} as a record of {@code
   * kind}, with the public key in {@code publicKeyFile} (as {@code log export} writes it).
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} if the key file cannot be
   *     read or is not a public key file
   */
  public static boolean verify(Path publicKeyFile, String kind, byte[] record, byte[] signature) {
    PublicKeyFile key = PublicKeyFile.read(publicKeyFile);
    // The primitives want a source of randomness; verifying draws none.
    var primitives = key.suite().primitives(new SecureRandom());
    try {
      Verifier verifier = primitives.verifier(key.publicKey());
      verifier.verify(signedBytes(kind, record), signature);
      return true;
    } catch (CryptoException e) {
      return false;
    }
  }

  private static byte[] signedBytes(String kind, byte[] record) {
    Objects.requireNonNull(record, "record");
    if (!kind.matches("[a-z][a-z-]{0,62}")) {
      throw new IllegalArgumentException("kind must match [a-z][a-z-]{0,62}");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(LABEL);
    out.writeBytes(kind.getBytes(StandardCharsets.UTF_8));
    out.write(0);
    out.writeBytes(record);
    return out.toByteArray();
  }
}
