/**
 * RFC 9162 Merkle trees over operation-log entry hashes: roots, inclusion and consistency proofs,
 * their verification, and signed tree heads. Pure computation over the suite's {@link
 * org.elementvault.crypto.Hasher}; nothing here stores anything.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.crypto.merkle;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
