package org.elementvault.engine.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The roles a principal can hold. */
public enum Role {
  /** The vault admin (金库运营机构): provisions tenants, reviews, manages users. */
  ADMIN,
  /** A tenant's admin (使用单位): imports and classifies its data, manages its developers. */
  TENANT_ADMIN,
  /** An element developer of one tenant. */
  DEVELOPER,
  /** A vault-wide, read-only auditor or regulator. */
  AUDITOR;

  /** Whether principals of this role belong to one tenant. */
  public boolean isTenantScoped() {
    return switch (this) {
      case TENANT_ADMIN, DEVELOPER -> true;
      case ADMIN, AUDITOR -> false;
    };
  }

  /**
   * The name users type: {@code admin}, {@code tenant-admin}, {@code developer}, {@code auditor}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The role with the given {@link #label()}, if any. */
  public static Optional<Role> fromLabel(String label) {
    return Arrays.stream(values()).filter(role -> role.label().equals(label)).findFirst();
  }
}
