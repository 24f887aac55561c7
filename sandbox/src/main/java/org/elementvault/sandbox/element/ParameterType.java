package org.elementvault.sandbox.element;

/** The type of a template parameter's values. */
public enum ParameterType {
  /** Text, bound as a character literal. */
  STRING,
  /** A whole number, bound as an exact numeric literal. */
  INT
}
