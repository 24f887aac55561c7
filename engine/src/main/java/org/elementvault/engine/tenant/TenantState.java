package org.elementvault.engine.tenant;

/** Where a tenant is in its lifecycle. */
public enum TenantState {
  /** Applied; waits for the admin's review. */
  APPLIED,
  /** The application was rejected. */
  REJECTED,
  /** Approved; in its trial period. */
  TRIAL,
  /** Activated after the trial. */
  ACTIVE,
  /** A change request waits for the admin's review; the tenant keeps working meanwhile. */
  CHANGE_REQUESTED,
  /** Suspended by the admin. */
  SUSPENDED,
  /** Exited: credentials revoked, keys shredded, data deleted. */
  DESTROYED
}
