package org.elementvault.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.elementvault.server.api.UserInfo;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Router;
import org.elementvault.server.http.Wire;

/** {@code /users}: principals and their tokens; {@code /whoami}: the caller's own. */
final class UserRoutes {

  private UserRoutes() {}

  static void register(Router<Route> router, Apis apis, TemporaryFiles files) {
    router
        .add("GET", "/whoami", Route.read(c -> Json.ok(apis.as(c.principal()).whoami())))
        .add("GET", "/users", Route.read(c -> Json.ok(apis.as(c.principal()).listUsers())))
        .add(
            "POST",
            "/users",
            Route.write(
                Set.of(MediaTypes.JSON),
                c -> {
                  Wire.NewUser body = Json.read(c, Wire.NewUser.class);
                  // The token reaches the caller in this reply only; the file that carries it
                  // from the engine lives in the vault's tmp/ (mode 600) for this call alone.
                  return files.with(
                      "token",
                      file -> {
                        UserInfo user =
                            apis.as(c.principal())
                                .addUser(
                                    body.name(),
                                    body.role(),
                                    body.tenant(),
                                    body.expiresAt(),
                                    file);
                        return Json.reply(201, new Wire.IssuedUser(user, token(file)));
                      });
                }))
        .add(
            "POST",
            "/users/{user}/revoke",
            Route.read(c -> Json.ok(apis.as(c.principal()).revokeUser(c.name("user", "user")))));
  }

  private static String token(Path file) throws java.io.IOException {
    return Files.readString(file, StandardCharsets.US_ASCII).trim();
  }
}
