/**
 * The vault's key store: the file {@code vault.keystore} that holds the master key wrapped under a
 * key-encryption key (from a passphrase via Argon2id, or from a key file), the vault's signing key
 * wrapped under the master key, and the parameters to derive them; and the {@code keys/} directory
 * of wrapped tenant, sealing and dataset keys, one file per key version ({@link
 * org.elementvault.engine.keys.KeyName}). Keys live here, outside RocksDB, so that deleting one
 * really removes it. Never writes a key in clear.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.keys;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
