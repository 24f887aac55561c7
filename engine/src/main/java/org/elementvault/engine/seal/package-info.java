/**
 * The barrier between plaintext and storage: metadata records are serialized to JSON and sealed
 * with associated data naming their place (vault, kind, id), so a sealed value moved to another
 * place fails to open. Nothing leaves this package for RocksDB unsealed.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.seal;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
