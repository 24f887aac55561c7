/**
 * The server's TLS identity: the vault's own certificate authority and the server certificate it
 * signs, or an operator's certificate chain and key. Private keys are stored only sealed under the
 * vault's master key; certificates are public and written as PEM files.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.server.tls;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
