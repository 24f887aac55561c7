/**
 * The tamper-evident operation log: every operation, refusal and failure appends one entry in the
 * same atomic write as its effect (fail-closed). Entries form a hash chain and are the leaves of an
 * RFC 9162 Merkle tree whose signed heads auditors keep as checkpoints. Entries are sealed at rest
 * and never hold a raw data value.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.oplog;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
