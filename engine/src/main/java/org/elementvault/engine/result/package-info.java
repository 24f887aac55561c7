/**
 * Released results: a job's desensitized output sealed with its tenant's key in the {@code results}
 * family, its hash logged in the same atomic write before anyone can read it. Only the job's own
 * developer reads a result back; exiting the tenant deletes its results and shreds the key that
 * sealed them. The release ledger records every release with the shape of its groups as keyed
 * fingerprints, and refuses a release that re-slices an earlier one. Knows nothing of how a result
 * was computed, and never holds a released value.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.result;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
