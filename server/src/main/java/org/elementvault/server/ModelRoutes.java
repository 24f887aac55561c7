package org.elementvault.server;

import org.elementvault.server.http.Router;

/** {@code /models}: the registry of trained models; metadata and lineage only, no export. */
final class ModelRoutes {

  private ModelRoutes() {}

  static void register(Router<Route> router, Apis apis) {
    router
        .add("GET", "/models", Route.read(c -> Json.ok(apis.as(c.principal()).listModels())))
        .add(
            "GET",
            "/models/{model}",
            Route.read(c -> Json.ok(apis.as(c.principal()).showModel(c.name("model", "model")))));
  }
}
