package org.elementvault.crypto;

import java.security.GeneralSecurityException;

/**
 * Signals an authenticity failure: a forged, modified or moved ciphertext, a wrong key, a bad
 * signature or an invalid proof. Callers must handle it as the tamper path; it never carries key
 * bytes or plaintext.
 */
public final class CryptoException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
