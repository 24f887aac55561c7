/**
 * Key derivation from a passphrase with Argon2id (RFC 9106) under an enforced minimum cost. Only
 * the explicitly named test parameter set may go below the minimum.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.crypto.kdf;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
