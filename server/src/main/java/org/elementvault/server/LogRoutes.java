package org.elementvault.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Set;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.Checkpoint;
import org.elementvault.engine.oplog.LogExporter;
import org.elementvault.server.api.LogSelection;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Router;
import org.elementvault.server.http.Wire;
import org.jspecify.annotations.Nullable;

/** {@code /log}: showing, verifying, checkpointing, exporting and purging the operation log. */
final class LogRoutes {

  private LogRoutes() {}

  static void register(Router<Route> router, Apis apis, TemporaryFiles files) {
    router
        .add(
            "GET",
            "/log",
            Route.read(
                c ->
                    Json.ok(
                        apis.as(c.principal())
                            .showLog(
                                new LogSelection(
                                    c.queryName("tenant", "tenant"),
                                    c.queryName("actor", "user"),
                                    action(c),
                                    instant(c, "since"),
                                    instant(c, "until"))))))
        .add("GET", "/log/verify", Route.read(c -> Json.ok(apis.as(c.principal()).verifyLog(null))))
        .add(
            "POST",
            "/log/verify",
            Route.write(
                Set.of(MediaTypes.JSON),
                c -> {
                  Checkpoint checkpoint = Json.read(c, Checkpoint.class);
                  return files.with(
                      "checkpoint",
                      file -> {
                        checkpoint.write(file);
                        return Json.ok(apis.as(c.principal()).verifyLog(file));
                      });
                }))
        .add(
            "POST",
            "/log/checkpoint",
            Route.read(
                c ->
                    files.with(
                        "checkpoint",
                        file -> Json.reply(201, apis.as(c.principal()).checkpointLog(file)))))
        .add(
            "POST",
            "/log/export",
            Route.read(
                c ->
                    files.with(
                        "export",
                        file -> {
                          SignedTreeHead head = apis.as(c.principal()).exportLog(file);
                          return Json.reply(
                              201,
                              new Wire.Export(
                                  head, base64(file), base64(LogExporter.publicKeyFile(file))));
                        })))
        .add(
            "POST",
            "/log/purge",
            Route.write(
                Set.of(MediaTypes.JSON),
                c ->
                    Json.ok(
                        apis.as(c.principal()).purgeLog(Json.read(c, Wire.Purge.class).before()))));
  }

  private static String base64(Path file) throws IOException {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  private static @Nullable String action(ApiCall call) {
    String action = call.query("action").orElse(null);
    if (action != null && !action.matches("[a-z]+(\\.[a-z-]+)*")) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "action must be dotted words like dataset.import");
    }
    return action;
  }

  private static @Nullable Instant instant(ApiCall call, String name) {
    String value = call.query(name).orElse(null);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "query parameter " + name + " must be an ISO 8601 instant");
    }
  }
}
