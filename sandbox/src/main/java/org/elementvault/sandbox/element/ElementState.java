package org.elementvault.sandbox.element;

/** Where an element stands in its review (DESIGN.md, Element lifecycle). */
public enum ElementState {
  /** Passed the automatic assessment; waits for the vault admin. Sample runs only. */
  SUBMITTED,
  /** Approved by the vault admin: runs on real data until its validity ends. */
  APPROVED,
  /** Refused by the vault admin; final. */
  REJECTED
}
