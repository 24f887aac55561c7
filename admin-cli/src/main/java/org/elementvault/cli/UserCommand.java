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
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Principals;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.tenant.Tenants;
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
      Principals.Issued issued;
      try {
        issued = session.vault.addUser(session.caller, name, role, tenant, expiresAt);
      } catch (RuntimeException e) {
        deleteQuietly(tokenOut);
        throw e;
      }
      try {
        issued.token().writeTo(tokenOut);
      } finally {
        issued.token().destroy();
      }
      print(session, issued.principal(), tokenOut);
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
      print(session, session.vault.revokeUser(session.caller, name), null);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the users you may see.")
  void list() {
    try (Session session = Session.open(global, spec.commandLine())) {
      Instant now = session.vault.clock().instant();
      List<List<String>> rows = new ArrayList<>();
      for (Principal principal : session.vault.users(session.caller)) {
        rows.add(
            List.of(
                principal.name(),
                principal.role().label(),
                tenant(session, principal),
                principal.isActiveAt(now) ? "active" : "inactive",
                principal.expiresAt() == null ? "" : principal.expiresAt().toString()));
      }
      Rendering.printTable(
          spec.commandLine().getOut(),
          global.output,
          List.of("name", "role", "tenant", "status", "expires"),
          rows);
    }
  }

  private void print(Session session, Principal principal, @Nullable Path tokenFile) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", principal.name());
    fields.put("role", principal.role().label());
    fields.put("tenant", tenant(session, principal));
    fields.put("expires", principal.expiresAt() == null ? "" : principal.expiresAt().toString());
    fields.put("revoked", principal.revokedAt() == null ? "" : principal.revokedAt().toString());
    if (tokenFile != null) {
      fields.put("token_file", tokenFile.toAbsolutePath().toString());
    }
    Rendering.printObject(spec.commandLine().getOut(), global.output, fields);
  }

  private static String tenant(Session session, Principal principal) {
    Long id = principal.tenantId();
    return id == null ? "" : session.vault.tenantName(id);
  }
}
