package org.elementvault.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.tenant.Tenants;
import org.elementvault.server.api.UserInfo;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault user …}: principals and their tokens. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users and tokens.")
final class UserCommand {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add a user and write its new token to FILE (mode 600, the bare token on one line).",
        "Roles: admin, auditor (vault-wide); tenant-admin, developer (need --tenant)."
      })
  void add(
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant,
      @Option(names = "--name", required = true, paramLabel = "U") String name,
      @Option(names = "--role", required = true, paramLabel = "ROLE") String roleLabel,
      @Option(names = "--token-out", required = true, paramLabel = "FILE") Path tokenOut,
      @Option(
              names = "--expires",
              paramLabel = "DATE",
              description = "The token stops working at the start of DATE (China Standard Time).")
          @Nullable LocalDate expires) {
    Role role =
        Role.fromLabel(roleLabel)
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(),
                        "--role must be admin, tenant-admin, developer or auditor"));
    Instant expiresAt =
        expires == null ? null : expires.atStartOfDay(Tenants.BUSINESS_ZONE).toInstant();
    try (Session session = Session.open(global, spec.commandLine())) {
      reserve(tokenOut);
      UserInfo user;
      try {
        user = session.api.addUser(name, role, tenant, expiresAt, tokenOut);
      } catch (RuntimeException e) {
        deleteQuietly(tokenOut);
        throw e;
      }
      print(user, tokenOut);
    }
  }

  /** Creates the token file first, so an existing file is never overwritten. */
  private static void reserve(Path file) {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new CliException("token file " + file + " already exists; it was not overwritten");
    } catch (IOException e) {
      throw new CliException("cannot create token file " + file);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The empty file holds no secret; leaving it is harmless.
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a user's token at once.")
  void revoke(@Parameters(paramLabel = "U") String name) {
    try (Session session = Session.open(global, spec.commandLine())) {
      print(session.api.revokeUser(name), null);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the users you may see.")
  void list() {
    try (Session session = Session.open(global, spec.commandLine())) {
      List<UserInfo> users = session.api.listUsers();
      List<List<String>> rows = new ArrayList<>();
      for (UserInfo user : users) {
        rows.add(
            List.of(
                user.name(),
                user.role().label(),
                tenant(user),
                user.active() ? "active" : "inactive",
                user.expiresAt() == null ? "" : user.expiresAt().toString()));
      }
      Rendering.printValues(
          spec.commandLine().getOut(),
          global.output,
          users,
          List.of("name", "role", "tenant", "status", "expires"),
          rows);
    }
  }

  private void print(UserInfo user, @Nullable Path tokenFile) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", user.name());
    fields.put("role", user.role().label());
    fields.put("tenant", tenant(user));
    fields.put("expires", user.expiresAt() == null ? "" : user.expiresAt().toString());
    fields.put("revoked", user.revokedAt() == null ? "" : user.revokedAt().toString());
    if (tokenFile != null) {
      fields.put("token_file", tokenFile.toAbsolutePath().toString());
    }
    Rendering.printValue(spec.commandLine().getOut(), global.output, user, fields);
  }

  private static String tenant(UserInfo user) {
    return user.tenant() == null ? "" : user.tenant();
  }
}
