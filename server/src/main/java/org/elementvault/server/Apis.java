package org.elementvault.server;

import org.elementvault.engine.auth.Principal;
import org.elementvault.server.api.VaultApi;

/** The vault's operations as one authenticated principal, made fresh for each request. */
@FunctionalInterface
interface Apis {
  VaultApi as(Principal principal);
}
