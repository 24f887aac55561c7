package org.elementvault.server;

import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Router;

/** {@code /healthz}, {@code /readyz} and {@code /metrics}: no token, no vault data. */
final class HealthRoutes {

  private HealthRoutes() {}

  /** Whether the server can take work: the vault is open and its log can be written. */
  @FunctionalInterface
  interface Readiness {
    boolean isReady();
  }

  static void register(Router<Route> router, Readiness readiness, ServerMetrics metrics) {
    router
        .add("GET", "/healthz", Route.open(c -> Reply.of(200, MediaTypes.TEXT, "ok\n")))
        .add(
            "GET",
            "/readyz",
            Route.open(
                c ->
                    readiness.isReady()
                        ? Reply.of(200, MediaTypes.TEXT, "ready\n")
                        : Reply.of(503, MediaTypes.TEXT, "not ready\n")))
        .add(
            "GET",
            "/metrics",
            Route.open(c -> Reply.of(200, MediaTypes.PROMETHEUS, metrics.scrape())));
  }
}
