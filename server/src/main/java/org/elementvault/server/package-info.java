/**
 * The vault's HTTPS API: {@link org.elementvault.server.VaultServer} binds a TLS-only Netty server
 * whose handlers authenticate a bearer token and call one {@code VaultApi} method per request. No
 * business rule lives here: the engine and the sandbox authorise, log and refuse; this package
 * parses, limits and renders.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.server;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
