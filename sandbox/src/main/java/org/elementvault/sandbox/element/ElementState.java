package org.elementvault.sandbox.element;

/** Where an element stands in its life (DESIGN.md, Element lifecycle). */
public enum ElementState {
  /** Passed the automatic assessment; waits for the vault admin. Sample runs only. */
  SUBMITTED,
  /** Approved by the vault admin: runs on real data until its validity ends. */
  APPROVED,
  /**
   * Its developer asked for its release after running it on real data; waits for the vault admin's
   * release review. No runs until it is decided.
   */
  RELEASE_REVIEW,
  /** Passed the release review: listed in the catalog of every tenant, runs until it expires. */
  PUBLISHED,
  /** Refused by the vault admin; final. */
  REJECTED,
  /** Stopped by the vault admin: no run until it is resumed to where it was. */
  SUSPENDED,
  /** Withdrawn by the vault admin or its developer; final. */
  RETIRED,
  /**
   * Approved, in release review or published, but its validity has run out. Never stored: such an
   * element reads as expired from the moment its {@code validUntil} passes.
   */
  EXPIRED
}
