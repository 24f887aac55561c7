package org.elementvault.server.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLException;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * Turns a failed connection to a vault server into one line that says what to do, instead of the
 * name of a Java exception: the usual causes are a server that is not running, a certificate the
 * client was not told to trust, and a mistyped address. The messages name the URL the user gave,
 * never anything the server sent.
 */
final class ConnectionFailures {

  private ConnectionFailures() {}

  /** The refusal for {@code failure}, met while calling {@code server}. */
  static VaultException of(URI server, IOException failure) {
    if (failure instanceof HttpConnectTimeoutException) {
      return new VaultException(
          ErrorCode.INTERNAL,
          "cannot reach the server at "
              + server
              + " within "
              + HttpApi.CONNECT_TIMEOUT.toSeconds()
              + " s: check the address and that no firewall is in the way",
          failure);
    }
    if (failure instanceof ConnectException) {
      return has(failure, UnresolvedAddressException.class)
          ? new VaultException(
              ErrorCode.USER_ERROR,
              "cannot find the host of " + server + ": check the --server address",
              failure)
          : new VaultException(
              ErrorCode.INTERNAL,
              "cannot reach the server at " + server + ": is `evault serve` running?",
              failure);
    }
    if (has(failure, CertificateExpiredException.class)) {
      return new VaultException(
          ErrorCode.USER_ERROR,
          "the server's certificate has expired: restart `evault serve` (it renews its own) or"
              + " renew the certificate given to --tls-cert",
          failure);
    }
    if (has(failure, CertPathBuilderException.class)
        || has(failure, CertPathValidatorException.class)) {
      return new VaultException(
          ErrorCode.USER_ERROR,
          "the server's certificate is not trusted: pass --ca-cert (printed by serve)",
          failure);
    }
    if (failure instanceof SSLException) {
      return new VaultException(
          ErrorCode.USER_ERROR,
          "the TLS handshake with "
              + server
              + " failed: check that it is `evault serve` and that its certificate names this host",
          failure);
    }
    return new VaultException(
        ErrorCode.INTERNAL,
        "the connection to the server at " + server + " broke off: check that it is still running",
        failure);
  }

  private static boolean has(Throwable failure, Class<? extends Throwable> kind) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
