/**
 * The {@code evault} command line: parses arguments, reads secrets from files or a terminal prompt,
 * calls one engine operation and renders the result as a table, JSON or CSV. A thin shell: no
 * business rule lives only here.
 */
@NullMarked
package org.elementvault.cli;

import org.jspecify.annotations.NullMarked;
