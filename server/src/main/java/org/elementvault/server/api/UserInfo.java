package org.elementvault.server.api;

import java.time.Instant;
import java.util.Objects;
import org.elementvault.engine.auth.Role;
import org.jspecify.annotations.Nullable;

/**
 * A principal as callers see it: no internal ids and no token hash.
 *
 * @param name unique user name
 * @param role what it may do
 * @param tenant the tenant of a tenant-scoped role, else null
 * @param createdAt when it was added
 * @param expiresAt when its token stops working, or null for never
 * @param revokedAt when it was revoked, or null
 * @param active whether its token worked when this was read
 */
public record UserInfo(
    String name,
    Role role,
    @Nullable String tenant,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant revokedAt,
    boolean active) {

  public UserInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(createdAt, "createdAt");
    if (role.isTenantScoped() != (tenant != null)) {
      throw new IllegalArgumentException("role " + role.label() + " and tenant do not fit");
    }
  }
}
