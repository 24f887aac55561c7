/**
 * The crash harness: kills the real {@code evault} command line with SIGKILL at seeded random
 * points of its durable operations and checks the vault's crash-safety invariants after each kill.
 * It must not repair what it finds: a violation is reported with the trial's seed, never hidden.
 */
@NullMarked
package org.elementvault.bench.crash;

import org.jspecify.annotations.NullMarked;
