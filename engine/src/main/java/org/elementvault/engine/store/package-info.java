/**
 * The only RocksDB code in ElementVault: column families, key layout and write batches. Values
 * arrive here already sealed; nothing in this package sees plaintext, and RocksDB exceptions are
 * translated to {@link org.elementvault.engine.VaultException} before they leave it.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.store;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
