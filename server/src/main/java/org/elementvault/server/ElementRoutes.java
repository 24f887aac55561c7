package org.elementvault.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.ResultEncoding;
import org.elementvault.server.http.Router;
import org.elementvault.server.http.Wire;

/** {@code /elements} and {@code /jobs}: specs from assessment to released results. */
final class ElementRoutes {

  /** Element specs are YAML, as the CLI reads them from a file. */
  static final Set<String> YAML = Set.of(MediaTypes.YAML, "application/x-yaml", "text/yaml");

  private ElementRoutes() {}

  static void register(Router<Route> router, Apis apis, ServerMetrics metrics) {
    router
        .add(
            "POST",
            "/elements/check",
            Route.write(YAML, c -> Json.ok(apis.as(c.principal()).checkElement(c.body()))))
        .add(
            "POST",
            "/elements",
            Route.write(YAML, c -> Json.reply(201, apis.as(c.principal()).submitElement(c.body()))))
        .add(
            "GET",
            "/elements",
            Route.read(
                c -> Json.ok(apis.as(c.principal()).listElements(c.queryName("tenant", "tenant")))))
        .add(
            "GET",
            "/elements/{element}",
            Route.read(
                c -> Json.ok(apis.as(c.principal()).showElement(c.name("element", "element")))))
        .add(
            "POST",
            "/elements/{element}/review",
            Route.write(
                Set.of(MediaTypes.JSON),
                c -> {
                  String id = c.name("element", "element");
                  Wire.Decision body = Json.read(c, Wire.Decision.class);
                  return Json.ok(
                      apis.as(c.principal()).reviewElement(id, body.approve(), body.reason()));
                }))
        .add(
            "POST",
            "/elements/{element}/suspend",
            Route.write(
                Set.of(MediaTypes.JSON),
                c -> {
                  String id = c.name("element", "element");
                  Wire.Reason body = Json.read(c, Wire.Reason.class);
                  return Json.ok(apis.as(c.principal()).suspendElement(id, body.reason()));
                }))
        .add(
            "POST",
            "/elements/{element}/resume",
            Route.read(
                c -> Json.ok(apis.as(c.principal()).resumeElement(c.name("element", "element")))))
        .add(
            "POST",
            "/elements/{element}/retire",
            Route.write(
                Set.of(MediaTypes.JSON),
                c -> {
                  String id = c.name("element", "element");
                  Wire.Reason body = Json.read(c, Wire.Reason.class);
                  return Json.ok(apis.as(c.principal()).retireElement(id, body.reason()));
                }))
        .add(
            "POST",
            "/elements/{element}/runs",
            Route.read(
                c -> {
                  String id = c.name("element", "element");
                  boolean sample = flag(c, "sample");
                  Sandbox.Job job =
                      metrics.job(
                          () -> apis.as(c.principal()).runElement(id, sample, parameters(c)));
                  return switch (c.exchange().format()) {
                    case JSON -> Json.reply(201, job);
                    case CSV, ARROW -> result(c, 201, job.jobId(), job.result());
                  };
                }))
        .add(
            "POST",
            "/elements/{element}/release",
            Route.read(
                c -> Json.ok(apis.as(c.principal()).releaseElement(c.name("element", "element")))))
        .add(
            "GET",
            "/elements/{element}/releases",
            Route.read(
                c ->
                    Json.ok(
                        apis.as(c.principal()).elementReleaseReport(c.name("element", "element")))))
        .add(
            "GET",
            "/elements/{element}/usage",
            Route.read(
                c -> Json.ok(apis.as(c.principal()).elementUsage(c.name("element", "element")))))
        .add("GET", "/catalog", Route.read(c -> Json.ok(apis.as(c.principal()).elementCatalog())))
        .add(
            "GET",
            "/jobs/{job}/result",
            Route.read(
                c -> {
                  String id = c.name("job", "job");
                  ElementResult result = apis.as(c.principal()).readResult(id);
                  return result(c, 200, id, result);
                }));
  }

  /** A result in the format the client accepts; CSV and Arrow name the job in a header. */
  static Reply result(ApiCall call, int status, String jobId, ElementResult result) {
    return switch (call.exchange().format()) {
      case JSON -> Json.reply(status, result);
      case CSV -> new Reply(status, MediaTypes.CSV, ResultEncoding.csv(result), jobId);
      case ARROW -> new Reply(status, MediaTypes.ARROW_STREAM, ResultEncoding.arrow(result), jobId);
    };
  }

  /** The template parameters a run names as {@code param.NAME=VALUE} query parameters. */
  static Map<String, String> parameters(ApiCall call) {
    Map<String, String> parameters = new LinkedHashMap<>();
    call.exchange()
        .query()
        .forEach(
            (key, value) -> {
              if (key.startsWith(Wire.PARAM_PREFIX)) {
                parameters.put(key.substring(Wire.PARAM_PREFIX.length()), value);
              }
            });
    return parameters;
  }

  private static boolean flag(ApiCall call, String name) {
    String value = call.query(name).orElse("false");
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new VaultException(
              ErrorCode.USER_ERROR, "query parameter " + name + " must be true or false");
    };
  }
}
