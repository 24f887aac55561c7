package org.elementvault.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.Objects;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.Tenants;

/**
 * A tenant as the vault saw it on a business date, so overdue reviews are judged by the vault's
 * calendar rather than the client's.
 *
 * @param tenant the tenant
 * @param businessDate the vault's business date ({@link Tenants#BUSINESS_ZONE}) when it was read
 */
public record TenantInfo(Tenant tenant, LocalDate businessDate) {

  public TenantInfo {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(businessDate, "businessDate");
  }

  /**
   * The review the admin has let pass its deadline, or empty. Sent in the JSON (so the API and the
   * CLI show the same), derived again when read back.
   */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public String overdue() {
    return tenant.overdueReview(businessDate).orElse("");
  }
}
