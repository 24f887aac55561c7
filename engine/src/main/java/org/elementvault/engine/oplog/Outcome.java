package org.elementvault.engine.oplog;

/** How an operation ended. */
public enum Outcome {
  /** Done. */
  OK,
  /** Refused by a rule (authorization, lifecycle, policy, quota). */
  REFUSED,
  /** Attempted and failed (bad input, storage fault). */
  FAILED
}
