package org.elementvault.sandbox.product;

/**
 * The vault admin's decision on a registered product. A product over a {@code CONDITIONAL} (有条件开放)
 * dataset is approved only with {@link #APPROVE_CONDITIONAL}, which records that its purpose was
 * approved for those datasets; a plain {@link #APPROVE} of it is refused, and so is {@link
 * #APPROVE_CONDITIONAL} of a product over no such dataset, so the record says exactly what the
 * reviewer decided.
 */
public enum ProductDecision {
  /** Approve a product whose datasets are all {@code UNCONDITIONAL}. */
  APPROVE,
  /** Approve a product and its purpose for the {@code CONDITIONAL} datasets behind its elements. */
  APPROVE_CONDITIONAL,
  /** Reject it; final. */
  REJECT
}
