package org.elementvault.server;

import org.elementvault.server.http.Router;

/** {@code /status}: the vault that answers, for a caller with a token (unlike {@code /healthz}). */
final class StatusRoutes {

  private StatusRoutes() {}

  static void register(Router<Route> router, Apis apis) {
    router.add("GET", "/status", Route.read(c -> Json.ok(apis.as(c.principal()).status())));
  }
}
