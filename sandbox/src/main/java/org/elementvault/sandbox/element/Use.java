package org.elementvault.sandbox.element;

/** How a query uses a column; a column may be used in several ways. */
public enum Use {
  /** Its values, or values computed from them, are released. */
  OUTPUT,
  /** It decides which rows count (WHERE, HAVING, CASE WHEN, a join's extra condition). */
  FILTER,
  /** It is a join key. */
  JOIN,
  /** It is a grouping key. */
  GROUP,
  /** It decides the order of the released rows. */
  ORDER,
  /** It is the argument of an aggregate function. */
  AGGREGATE
}
