/**
 * Dangerous mechanisms behind the public crypto API: ciphers that take a caller-chosen nonce (named
 * {@code InsecureNonce…}), the table-driven SM4 and GHASH that SM4-GCM is built from, and the
 * sealed-value codec. Only {@code crypto.suite} and known-answer tests may use the nonce-taking
 * ciphers; an architecture test enforces it.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.crypto.internal;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
