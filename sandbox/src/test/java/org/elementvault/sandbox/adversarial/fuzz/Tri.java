package org.elementvault.sandbox.adversarial.fuzz;

/**
 * A condition's truth for one row: SQL's three values plus {@link #MAYBE} where the evaluator does
 * not know. The evaluator keeps a row unless the condition is surely false or null, so what it
 * computes is a superset of what the vault may keep.
 */
enum Tri {
  TRUE,
  FALSE,
  NULL,
  MAYBE;

  static Tri of(boolean value) {
    return value ? TRUE : FALSE;
  }

  boolean keeps() {
    return this == TRUE || this == MAYBE;
  }

  Tri not() {
    return switch (this) {
      case TRUE -> FALSE;
      case FALSE -> TRUE;
      case NULL -> NULL;
      case MAYBE -> MAYBE;
    };
  }

  Tri and(Tri other) {
    if (this == FALSE || other == FALSE) {
      return FALSE;
    }
    if (this == MAYBE || other == MAYBE) {
      return MAYBE;
    }
    return this == NULL || other == NULL ? NULL : TRUE;
  }

  Tri or(Tri other) {
    if (this == TRUE || other == TRUE) {
      return TRUE;
    }
    if (this == MAYBE || other == MAYBE) {
      return MAYBE;
    }
    return this == NULL || other == NULL ? NULL : FALSE;
  }
}
