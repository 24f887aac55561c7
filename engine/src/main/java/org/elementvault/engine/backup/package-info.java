/**
 * Backups of a vault: a consistent copy of its database, key store, wrapped keys and log head,
 * sealed as the live vault is, with a manifest authenticated under a key derived from the master
 * key; verification that authenticates every file, chunk and log entry; restore into a new
 * directory; and restore drills. Nothing here writes a value in clear or holds a key longer than
 * one call; a backup's keys are sealed under shields that never leave the live vault, so shredding
 * there reaches every backup.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.backup;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
