package org.elementvault.sandbox.element;

/** What an element releases (DESIGN.md, Element lifecycle). */
public enum ElementType {
  /** A field set or aggregate of dataset columns. */
  DATASET,
  /** Values derived by a model. */
  FEATURE
}
