package org.elementvault.server;

import java.nio.file.Files;
import java.util.Base64;
import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.server.api.VersionInfo;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Router;
import org.elementvault.server.http.Wire;

/**
 * {@code /datasets}: imports (streamed uploads), descriptions, classification, ε budgets and drops.
 */
final class DatasetRoutes {

  /** A schema file is small: its base64 must fit in the request headers. */
  private static final int MAX_SCHEMA_HEADER = 12 * 1024;

  private DatasetRoutes() {}

  static void register(Router<Route> router, Apis apis, ServerMetrics metrics) {
    router
        .add(
            "GET",
            "/datasets",
            Route.read(
                c -> Json.ok(apis.as(c.principal()).listDatasets(c.queryName("tenant", "tenant")))))
        .add(
            "GET",
            "/datasets/{dataset}",
            Route.read(
                c ->
                    Json.ok(
                        apis.as(c.principal())
                            .describeDataset(
                                c.queryName("tenant", "tenant"), c.name("dataset", "dataset")))))
        .add(
            "POST",
            "/datasets/{dataset}/versions",
            Route.upload(
                Set.of(MediaTypes.CSV, MediaTypes.ARROW_STREAM, MediaTypes.ARROW_FILE),
                c -> {
                  String tenant = c.queryName("tenant", "tenant");
                  String name = c.name("dataset", "dataset");
                  byte[] schema = schema(c);
                  long bytes = Files.size(c.uploadFile());
                  VersionInfo version =
                      apis.as(c.principal())
                          .importDataset(
                              tenant, name, c.uploadFile(), schema, Datasets.Progress.NONE);
                  metrics.imported(bytes);
                  return Json.reply(201, version);
                }))
        .add(
            "POST",
            "/datasets/{dataset}/classify",
            Route.write(
                Set.of(MediaTypes.JSON),
                c -> {
                  String name = c.name("dataset", "dataset");
                  Wire.Classification body = Json.read(c, Wire.Classification.class);
                  return Json.ok(
                      apis.as(c.principal())
                          .classifyColumn(
                              c.queryName("tenant", "tenant"),
                              name,
                              body.column(),
                              body.level(),
                              body.reason()));
                }))
        .add(
            "PUT",
            "/datasets/{dataset}/budget",
            Route.write(
                Set.of(MediaTypes.JSON),
                c -> {
                  String name = c.name("dataset", "dataset");
                  Wire.BudgetSetting body = Json.read(c, Wire.BudgetSetting.class);
                  return Json.ok(
                      apis.as(c.principal())
                          .setDatasetBudget(
                              c.queryName("tenant", "tenant"),
                              name,
                              body.epsilon(),
                              body.windowDays()));
                }))
        .add(
            "POST",
            "/datasets/{dataset}/drop",
            Route.write(
                Set.of(MediaTypes.JSON),
                c -> {
                  String name = c.name("dataset", "dataset");
                  Wire.Confirmation body = Json.read(c, Wire.Confirmation.class);
                  return Json.ok(
                      apis.as(c.principal())
                          .dropDataset(c.queryName("tenant", "tenant"), name, body.confirm()));
                }));
  }

  private static byte[] schema(ApiCall call) {
    String header = call.exchange().headers().get(Wire.SCHEMA_HEADER);
    if (header == null || header.isBlank() || header.length() > MAX_SCHEMA_HEADER) {
      throw new VaultException(
          ErrorCode.USER_ERROR,
          "an upload needs its schema YAML, base64-encoded, in the "
              + Wire.SCHEMA_HEADER
              + " header");
    }
    try {
      return Base64.getMimeDecoder().decode(header.trim());
    } catch (IllegalArgumentException e) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "the " + Wire.SCHEMA_HEADER + " header is not valid base64");
    }
  }
}
