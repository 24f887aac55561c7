/**
 * The two cipher suites' mechanisms: AES-256-GCM through JCA (hardware intrinsics), SHA-256 and
 * Ed25519 for {@code INTL}; SM4-GCM, SM3 and SM2 through Bouncy Castle for {@code GM}. Callers
 * reach them only through {@link org.elementvault.crypto.CipherSuite#primitives}.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.crypto.suite;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
