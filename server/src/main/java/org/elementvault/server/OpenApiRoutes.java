package org.elementvault.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Router;

/**
 * {@code /openapi.json}: the OpenAPI 3.1 document that describes every route, served without a
 * token like the probes, since it describes the API and holds nothing of the vault. It is a
 * checked-in resource that tests hold against the route table, the HTTP client and the docs.
 */
final class OpenApiRoutes {

  /** The document's classpath resource, beside this class. */
  static final String RESOURCE = "openapi.json";

  private OpenApiRoutes() {}

  static void register(Router<Route> router) {
    byte[] document = document();
    router.add("GET", "/openapi.json", Route.open(c -> new Reply(200, MediaTypes.JSON, document)));
  }

  /** The document's bytes; a build without it is broken, so its absence fails at startup. */
  static byte[] document() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the build lacks the resource " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
