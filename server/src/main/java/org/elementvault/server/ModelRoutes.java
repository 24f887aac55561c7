package org.elementvault.server;

import java.util.List;
import java.util.Set;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Router;

/**
 * {@code /models}: the registry of models; metadata and lineage only, no export. {@code POST
 * /models/{model}?features=a,b} registers an ONNX file (body {@code application/onnx}).
 */
final class ModelRoutes {

  private ModelRoutes() {}

  static void register(Router<Route> router, Apis apis) {
    router
        .add("GET", "/models", Route.read(c -> Json.ok(apis.as(c.principal()).listModels())))
        .add(
            "GET",
            "/models/{model}",
            Route.read(c -> Json.ok(apis.as(c.principal()).showModel(c.name("model", "model")))))
        .add(
            "POST",
            "/models/{model}",
            Route.upload(
                Set.of(MediaTypes.ONNX),
                c ->
                    Json.reply(
                        201,
                        apis.as(c.principal())
                            .registerModel(
                                c.name("model", "model"),
                                c.uploadFile(),
                                List.of(c.query("features").orElse("").split(",", -1))))));
  }
}
