package org.elementvault.server;

import java.util.Set;
import org.elementvault.server.api.QuotaChange;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Router;
import org.elementvault.server.http.Wire;

/** {@code /tenants}: applications, reviews and the lifecycle of tenants. */
final class TenantRoutes {

  private static final Set<String> JSON = Set.of(MediaTypes.JSON);

  private TenantRoutes() {}

  static void register(Router<Route> router, Apis apis) {
    router
        .add("GET", "/tenants", Route.read(c -> Json.ok(apis.as(c.principal()).listTenants())))
        .add(
            "POST",
            "/tenants",
            Route.write(
                JSON,
                c -> {
                  Wire.TenantApplication body = Json.read(c, Wire.TenantApplication.class);
                  return Json.reply(
                      201,
                      apis.as(c.principal())
                          .applyTenant(body.name(), body.contact(), body.until()));
                }))
        .add(
            "GET",
            "/tenants/{tenant}",
            Route.read(c -> Json.ok(apis.as(c.principal()).showTenant(c.name("tenant", "tenant")))))
        .add(
            "POST",
            "/tenants/{tenant}/review",
            Route.write(
                JSON,
                c -> {
                  String name = c.name("tenant", "tenant");
                  Wire.Decision body = Json.read(c, Wire.Decision.class);
                  return Json.ok(
                      apis.as(c.principal()).reviewTenant(name, body.approve(), body.reason()));
                }))
        .add(
            "POST",
            "/tenants/{tenant}/activate",
            Route.read(
                c -> Json.ok(apis.as(c.principal()).activateTenant(c.name("tenant", "tenant")))))
        .add(
            "POST",
            "/tenants/{tenant}/extend-trial",
            Route.write(
                JSON,
                c -> {
                  String name = c.name("tenant", "tenant");
                  Wire.Days body = Json.read(c, Wire.Days.class);
                  return Json.ok(apis.as(c.principal()).extendTrial(name, body.days()));
                }))
        .add(
            "POST",
            "/tenants/{tenant}/suspend",
            Route.read(
                c -> Json.ok(apis.as(c.principal()).suspendTenant(c.name("tenant", "tenant")))))
        .add(
            "POST",
            "/tenants/{tenant}/resume",
            Route.read(
                c -> Json.ok(apis.as(c.principal()).resumeTenant(c.name("tenant", "tenant")))))
        .add(
            "POST",
            "/tenants/{tenant}/change",
            Route.write(
                JSON,
                c -> {
                  String name = c.name("tenant", "tenant");
                  QuotaChange body = Json.read(c, QuotaChange.class);
                  return Json.ok(apis.as(c.principal()).requestTenantChange(name, body));
                }))
        .add(
            "PUT",
            "/tenants/{tenant}/quota",
            Route.write(
                JSON,
                c -> {
                  String name = c.name("tenant", "tenant");
                  QuotaChange body = Json.read(c, QuotaChange.class);
                  return Json.ok(apis.as(c.principal()).setTenantQuotas(name, body));
                }))
        .add(
            "POST",
            "/tenants/{tenant}/exit",
            Route.write(
                JSON,
                c -> {
                  String name = c.name("tenant", "tenant");
                  Wire.Confirmation body = Json.read(c, Wire.Confirmation.class);
                  return Json.ok(apis.as(c.principal()).exitTenant(name, body.confirm()));
                }));
  }
}
