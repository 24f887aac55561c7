package org.elementvault.sandbox.product;

import java.util.Objects;

/**
 * A registration certificate with the vault's signature over its canonical bytes.
 *
 * @param certificate what was approved
 * @param signature the signature, base64
 */
public record SignedCertificate(ProductCertificate certificate, String signature) {

  public SignedCertificate {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(signature, "signature");
  }
}
