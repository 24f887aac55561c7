package org.elementvault.sandbox.element;

/** Where an element stands in its life (DESIGN.md, Element lifecycle). */
public enum ElementState {
  /** Passed the automatic assessment; waits for the vault admin. Sample runs only. */
  SUBMITTED,
  /** Approved by the vault admin: runs on real data until its validity ends. */
  APPROVED,
  /** Refused by the vault admin; final. */
  REJECTED,
  /** Stopped by the vault admin: no run until it is resumed to {@code APPROVED}. */
  SUSPENDED,
  /** Withdrawn by the vault admin or its developer; final. */
  RETIRED,
  /**
   * Approved, but its validity has run out. Never stored: an approved element reads as expired from
   * the moment its {@code validUntil} passes.
   */
  EXPIRED
}
