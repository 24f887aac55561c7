package org.elementvault.server;

import org.elementvault.server.http.Router;

/**
 * {@code /keys}: the key status. Rotating the master secret has no route: a new secret never
 * travels over the network.
 */
final class KeyRoutes {

  private KeyRoutes() {}

  static void register(Router<Route> router, Apis apis) {
    router.add("GET", "/keys", Route.read(c -> Json.ok(apis.as(c.principal()).keyStatus())));
  }
}
