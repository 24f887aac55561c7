/**
 * Public cryptographic concepts of ElementVault: cipher suites, sealing, hashing, signatures and
 * key material. Pure computation: nothing here stores, logs or serializes a key in clear, and no
 * caller chooses a nonce, a tag length or an algorithm beyond the vault's {@link
 * org.elementvault.crypto.CipherSuite}.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.crypto;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
