package org.elementvault.engine.dataset;

/** How far a dataset may be opened to data users (开放类别), named once per dataset. */
public enum OpenCategory {
  /** 不予开放: not opened. */
  NONE,
  /** 有条件开放: opened under conditions, through reviewed elements. */
  CONDITIONAL,
  /** 无条件开放: opened without conditions. */
  UNCONDITIONAL;

  /** The Chinese term for this category. */
  public String term() {
    return switch (this) {
      case NONE -> "不予开放";
      case CONDITIONAL -> "有条件开放";
      case UNCONDITIONAL -> "无条件开放";
    };
  }
}
