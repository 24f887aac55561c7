package org.elementvault.sandbox.product;

/** Where a data product stands (DESIGN.md, Element lifecycle). */
public enum ProductState {
  /** Registered by a tenant admin of the consuming tenant; waits for the vault admin's review. */
  REGISTERED,
  /** Approved, with a registration certificate: its elements run inside its period. */
  ACTIVE,
  /** Refused by the vault admin; final. */
  REJECTED,
  /** Approved, but its period is over. Never stored: read from the clock, like element expiry. */
  EXPIRED,
  /** Stopped by the vault admin: runs are refused until it is resumed. */
  SUSPENDED
}
