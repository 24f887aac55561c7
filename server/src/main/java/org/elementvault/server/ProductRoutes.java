package org.elementvault.server;

import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.product.ProductApplication;
import org.elementvault.sandbox.product.ProductRun;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Router;
import org.elementvault.server.http.Wire;

/**
 * {@code /products}: data products on published elements, from registration to runs and usage. The
 * vault admin and auditors name a product's tenant with {@code ?tenant=T} when several tenants use
 * the name (an element owner's admin always does, for usage).
 */
final class ProductRoutes {

  private ProductRoutes() {}

  static void register(Router<Route> router, Apis apis) {
    router
        .add(
            "POST",
            "/products",
            Route.write(
                Set.of(MediaTypes.JSON),
                c ->
                    Json.reply(
                        201,
                        apis.as(c.principal())
                            .registerProduct(Json.read(c, ProductApplication.class)))))
        .add("GET", "/products", Route.read(c -> Json.ok(apis.as(c.principal()).listProducts())))
        .add(
            "GET",
            "/products/{product}",
            Route.read(
                c ->
                    Json.ok(
                        apis.as(c.principal())
                            .showProduct(c.queryName("tenant", "tenant"), product(c)))))
        .add(
            "POST",
            "/products/{product}/review",
            Route.write(
                Set.of(MediaTypes.JSON),
                c -> {
                  String name = product(c);
                  String tenant = c.queryName("tenant", "tenant");
                  Wire.ProductReview body = Json.read(c, Wire.ProductReview.class);
                  return Json.ok(
                      apis.as(c.principal())
                          .reviewProduct(tenant, name, body.decision(), body.reason()));
                }))
        .add(
            "POST",
            "/products/{product}/suspend",
            Route.write(
                Set.of(MediaTypes.JSON),
                c -> {
                  String name = product(c);
                  String tenant = c.queryName("tenant", "tenant");
                  Wire.Reason body = Json.read(c, Wire.Reason.class);
                  return Json.ok(
                      apis.as(c.principal()).suspendProduct(tenant, name, body.reason()));
                }))
        .add(
            "POST",
            "/products/{product}/resume",
            Route.read(
                c ->
                    Json.ok(
                        apis.as(c.principal())
                            .resumeProduct(c.queryName("tenant", "tenant"), product(c)))))
        .add(
            "GET",
            "/products/{product}/certificate",
            Route.read(
                c ->
                    Json.ok(
                        apis.as(c.principal())
                            .productCertificate(c.queryName("tenant", "tenant"), product(c)))))
        .add(
            "POST",
            "/products/{product}/runs",
            Route.read(
                c -> {
                  String name = product(c);
                  String element =
                      c.query("element")
                          .orElseThrow(
                              () ->
                                  new VaultException(
                                      ErrorCode.USER_ERROR, "query parameter element is required"));
                  ProductRun run =
                      apis.as(c.principal()).runProduct(name, element, ElementRoutes.parameters(c));
                  return switch (c.exchange().format()) {
                    case JSON -> Json.reply(201, run);
                    case CSV, ARROW -> ElementRoutes.result(c, 201, run.jobId(), run.result());
                  };
                }))
        .add(
            "GET",
            "/products/{product}/usage",
            Route.read(
                c ->
                    Json.ok(
                        apis.as(c.principal())
                            .productUsage(c.queryName("tenant", "tenant"), product(c)))));
  }

  private static String product(ApiCall call) {
    return call.name("product", "product");
  }

  private static String missing(String parameter) {
    throw new VaultException(ErrorCode.USER_ERROR, "query parameter " + parameter + " is required");
  }
}
