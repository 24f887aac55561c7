/**
 * The vault's operations as one interface, {@link org.elementvault.server.api.VaultApi}, that the
 * CLI and the HTTP server share: {@link org.elementvault.server.api.EmbeddedApi} runs them on an
 * open vault in this process, the HTTP client runs them on a remote server. Also the values that
 * cross the interface and {@link org.elementvault.server.api.ApiJson}, the one JSON mapping both
 * ends of the wire use. No business rule lives here: each operation delegates to one method of the
 * engine or the sandbox, which authorize and log it.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.server.api;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
