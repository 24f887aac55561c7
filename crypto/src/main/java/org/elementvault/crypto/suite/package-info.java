/**
 * The two cipher suites' mechanisms: AES-256-GCM and SHA-256 through JCA (hardware intrinsics) and
 * Ed25519 through Bouncy Castle for {@code INTL}; for {@code GM}, SM3 and SM2 through Bouncy Castle
 * and SM4-GCM through our table-driven SM4 with Bouncy Castle's GHASH multiplier ({@code
 * crypto.internal}). Callers reach them only through {@link
 * org.elementvault.crypto.CipherSuite#primitives}.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.crypto.suite;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
