package org.elementvault.engine.dataset;

/**
 * The classification level of a column, from least to most protected (DESIGN.md, Classification).
 * The declaration order is the order of protection: {@link #isAbove} and {@link #compareTo} follow
 * it.
 */
public enum Level {
  /** 一般数据: an element query may output raw values. */
  GENERAL,
  /**
   * 敏感数据 (including personal information): only through a masking function fit for its PII type, or
   * inside an aggregate under the group threshold.
   */
  SENSITIVE,
  /** 重要数据: only inside an aggregate under the group threshold. */
  IMPORTANT,
  /** 核心数据: nothing, unless an element's approval grants it; then only noised aggregates. */
  CORE;

  /** Returns whether this level is strictly more protected than {@code other}. */
  public boolean isAbove(Level other) {
    return compareTo(other) > 0;
  }

  /** Returns whether this level is {@code other} or more protected. */
  public boolean isAtLeast(Level other) {
    return compareTo(other) >= 0;
  }

  /** The term of the 2024 data vault rules (数据金库) for this level. */
  public String term() {
    return switch (this) {
      case GENERAL -> "一般数据";
      case SENSITIVE -> "敏感数据";
      case IMPORTANT -> "重要数据";
      case CORE -> "核心数据";
    };
  }
}
