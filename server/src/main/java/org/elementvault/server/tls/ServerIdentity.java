package org.elementvault.server.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the server presents in a TLS handshake: its private key and certificate chain (leaf first),
 * plus the CA certificate clients pin, when the vault issued the chain itself.
 *
 * @param key the server certificate's private key; never printed ({@link #toString()} redacts it)
 * @param chain the certificate chain, leaf first
 * @param caPem the absolute path of the CA certificate's PEM file clients pin, or null for an
 *     operator's own chain
 * @param caFingerprint the SHA-256 fingerprint of the CA certificate (or of the chain's last
 *     certificate), colon-separated upper-case hex
 */
public record ServerIdentity(
    PrivateKey key, List<X509Certificate> chain, @Nullable Path caPem, String caFingerprint) {

  public ServerIdentity {
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain has at least one certificate");
    }
    Objects.requireNonNull(caFingerprint, "caFingerprint");
  }

  @Override
  public String toString() {
    return "ServerIdentity["
        + chain.get(0).getSubjectX500Principal().getName()
        + ", CA "
        + caFingerprint
        + "]";
  }
}
