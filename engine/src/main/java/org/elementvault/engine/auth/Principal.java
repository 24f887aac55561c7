package org.elementvault.engine.auth;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A principal: someone who can act on the vault, identified by a bearer token whose hash alone is
 * stored.
 *
 * @param id internal number
 * @param name unique user name
 * @param role what it may do
 * @param tenantId the tenant of a tenant-scoped role, else null
 * @param tokenHash hex hash of its token, or null for the built-in {@code admin}, which acts only
 *     embedded with the master secret
 * @param createdAt when it was added
 * @param expiresAt when its token stops working, or null for never
 * @param revokedAt when it was revoked, or null
 */
public record Principal(
    long id,
    String name,
    Role role,
    @Nullable Long tenantId,
    @Nullable String tokenHash,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant revokedAt) {

  /** The built-in vault admin created at {@code init}. */
  public static final String ADMIN = "admin";

  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(createdAt, "createdAt");
    if (role.isTenantScoped() != (tenantId != null)) {
      throw new IllegalArgumentException("role " + role.label() + " and tenant do not fit");
    }
  }

  /** Whether its token works at {@code now}. */
  public boolean isActiveAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  /** This principal, revoked at {@code now}. */
  public Principal revoke(Instant now) {
    return new Principal(id, name, role, tenantId, tokenHash, createdAt, expiresAt, now);
  }

  @Override
  public String toString() {
    return "Principal[" + name + ", " + role.label() + "]";
  }
}
