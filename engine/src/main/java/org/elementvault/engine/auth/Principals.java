package org.elementvault.engine.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;
import org.elementvault.crypto.Hasher;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.seal.SealedMeta;
import org.elementvault.engine.store.Batch;
import org.jspecify.annotations.Nullable;

/**
 * The vault's principals: adding them with a fresh token, revoking them, and authenticating tokens.
 * Only token hashes are stored. Thread-safe.
 */
public final class Principals {

  /** The one message for every failed authentication, so it reveals nothing about why. */
  public static final String INVALID_TOKEN = "invalid, expired or revoked token";

  static final String KIND = "principal";
  private static final byte[] TOKEN_CONTEXT = "evault/token/v1".getBytes(StandardCharsets.US_ASCII);

  /** A principal together with its token, which exists only in this value. */
  public record Issued(Principal principal, Token token) {}

  private final SealedMeta meta;
  private final Guard guard;
  private final OperationLog log;
  private final Hasher hasher;
  private final SecureRandom random;
  private final Clock clock;
  private final Map<String, Principal> byName = new LinkedHashMap<>();

  public Principals(
      SealedMeta meta,
      Guard guard,
      OperationLog log,
      Hasher hasher,
      SecureRandom random,
      Clock clock) {
    this.meta = meta;
    this.guard = guard;
    this.log = log;
    this.hasher = hasher;
    this.random = random;
    this.clock = clock;
    for (Principal principal : meta.loadAll(KIND, Principal.class)) {
      byName.put(principal.name(), principal);
    }
  }

  /** Adds the built-in {@code admin} to a new vault's first write. */
  public static void addBuiltinAdmin(SealedMeta meta, Batch batch, Instant now) {
    meta.put(
        batch, KIND, 1, new Principal(1, Principal.ADMIN, Role.ADMIN, null, null, now, null, null));
  }

  /** The built-in vault admin, who acts in embedded mode when no token is given. */
  public synchronized Principal builtinAdmin() {
    return Objects.requireNonNull(byName.get(Principal.ADMIN), "the vault has no admin");
  }

  /**
   * The principal holding {@code token}. A failed attempt is logged as {@code auth.login} with
   * outcome {@code FAILED}.
   *
   * @throws VaultException {@code ACCESS_DENIED} with {@link #INVALID_TOKEN} whatever was wrong
   */
  public synchronized Principal authenticate(Token token) {
    byte[] presented = hash(token);
    Instant now = clock.instant();
    for (Principal principal : byName.values()) {
      if (principal.tokenHash() != null
          && MessageDigest.isEqual(presented, HexFormat.of().parseHex(principal.tokenHash()))
          && principal.isActiveAt(now)) {
        return principal;
      }
    }
    log.append(new LogRecord("-", "", "auth.login", "", Outcome.FAILED, INVALID_TOKEN));
    throw new VaultException(ErrorCode.ACCESS_DENIED, INVALID_TOKEN);
  }

  /**
   * Adds a principal with a new token. Tenant admins may add developers of their own tenant only.
   *
   * @param tenantId the tenant of a tenant-scoped role (resolved by the caller), else null
   * @param tenantName that tenant's name for the log, or empty
   */
  public synchronized Issued add(
      Principal caller,
      String name,
      Role role,
      @Nullable Long tenantId,
      String tenantName,
      @Nullable Instant expiresAt) {
    return guard.run(
        caller,
        Operation.USER_ADD,
        tenantName,
        name,
        () -> {
          Names.check("user", name);
          if (caller.role() == Role.TENANT_ADMIN
              && (role != Role.DEVELOPER || !Objects.equals(caller.tenantId(), tenantId))) {
            throw new VaultException(
                ErrorCode.FORBIDDEN, "a tenant admin may add developers of its own tenant only");
          }
          if (role.isTenantScoped() && tenantId == null) {
            throw new VaultException(
                ErrorCode.USER_ERROR, "role " + role.label() + " needs --tenant");
          }
          if (!role.isTenantScoped() && tenantId != null) {
            throw new VaultException(
                ErrorCode.USER_ERROR, "role " + role.label() + " belongs to no tenant");
          }
          if (byName.containsKey(name)) {
            throw new VaultException(ErrorCode.USER_ERROR, "user " + name + " already exists");
          }
          Instant now = clock.instant();
          if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new VaultException(ErrorCode.USER_ERROR, "the token's expiry is in the past");
          }
          Token token = Token.generate(random);
          long id = byName.values().stream().mapToLong(Principal::id).max().orElse(0) + 1;
          Principal principal =
              new Principal(
                  id,
                  name,
                  role,
                  tenantId,
                  HexFormat.of().formatHex(hash(token)),
                  now,
                  expiresAt,
                  null);
          Batch batch = new Batch();
          meta.put(batch, KIND, id, principal);
          return new Guard.Change<>(
              new Issued(principal, token),
              batch,
              null,
              "role " + role.label() + (expiresAt == null ? "" : ", expires " + expiresAt),
              () -> byName.put(name, principal));
        });
  }

  /**
   * Revokes {@code name}'s token with effect on its next request. Tenant admins may revoke their
   * own tenant's developers only; others' principals are "not found" to them.
   */
  public synchronized Principal revoke(
      Principal caller, String name, LongFunction<String> tenantNames) {
    Principal target = byName.get(name);
    String tenantName =
        target == null || target.tenantId() == null ? "" : tenantNames.apply(target.tenantId());
    return guard.run(
        caller,
        Operation.USER_REVOKE,
        tenantName,
        name,
        () -> {
          Principal found = visible(caller, name);
          if (caller.role() == Role.TENANT_ADMIN && found.role() != Role.DEVELOPER) {
            throw new VaultException(
                ErrorCode.FORBIDDEN, "a tenant admin may revoke developers of its own tenant only");
          }
          if (found.name().equals(Principal.ADMIN)) {
            throw new VaultException(
                ErrorCode.POLICY_REFUSED, "the built-in admin cannot be revoked");
          }
          if (found.revokedAt() != null) {
            throw new VaultException(ErrorCode.USER_ERROR, "user " + name + " is already revoked");
          }
          Principal revoked = found.revoke(clock.instant());
          Batch batch = new Batch();
          meta.put(batch, KIND, revoked.id(), revoked);
          return new Guard.Change<>(
              revoked, batch, null, "token revoked", () -> byName.put(name, revoked));
        });
  }

  /** The principals {@code caller} may see, sorted by name. */
  public synchronized List<Principal> list(Principal caller) {
    return guard.run(
        caller,
        Operation.USER_LIST,
        "",
        "",
        () ->
            Guard.Change.read(
                byName.values().stream()
                    .filter(p -> isVisibleTo(caller, p))
                    .sorted(Comparator.comparing(Principal::name))
                    .toList()));
  }

  /**
   * Adds to {@code batch} the revocation of every active principal of {@code tenantId}; returns the
   * in-memory update to run once the batch is committed.
   */
  public synchronized RevokeAll revokeAll(Batch batch, long tenantId, Instant now) {
    List<Principal> revoked = new ArrayList<>();
    for (Principal principal : byName.values()) {
      if (Objects.equals(principal.tenantId(), tenantId) && principal.revokedAt() == null) {
        Principal updated = principal.revoke(now);
        meta.put(batch, KIND, updated.id(), updated);
        revoked.add(updated);
      }
    }
    return new RevokeAll(
        revoked.size(),
        () -> {
          synchronized (this) {
            revoked.forEach(p -> byName.put(p.name(), p));
          }
        });
  }

  /** The outcome of {@link #revokeAll}: how many, and the update to apply after commit. */
  public record RevokeAll(int count, Runnable onCommit) {}

  /** The principal named {@code name}, if {@code caller} may know of it. */
  public synchronized Optional<Principal> find(Principal caller, String name) {
    return Optional.ofNullable(byName.get(name)).filter(p -> isVisibleTo(caller, p));
  }

  private Principal visible(Principal caller, String name) {
    Names.check("user", name);
    return find(caller, name)
        .orElseThrow(() -> new VaultException(ErrorCode.NOT_FOUND, "user " + name + " not found"));
  }

  private static boolean isVisibleTo(Principal caller, Principal other) {
    return !caller.role().isTenantScoped() || Objects.equals(caller.tenantId(), other.tenantId());
  }

  private byte[] hash(Token token) {
    byte[] chars = new String(token.chars()).getBytes(StandardCharsets.US_ASCII);
    return hasher.hash(TOKEN_CONTEXT, chars);
  }
}
