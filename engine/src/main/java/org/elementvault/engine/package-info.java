/**
 * The vault façade: {@link org.elementvault.engine.Vault} creates and opens a vault directory and
 * owns its storage and keys. Knows nothing of SQL, HTTP or the command line; errors leave this
 * module only as {@link org.elementvault.engine.VaultException}.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
