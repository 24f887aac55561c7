package org.elementvault.sandbox.adversarial.fuzz;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One row of a FROM clause as the evaluator sees it: values by {@code alias.column}, and the
 * subject of each table read (absent on the null side of an outer join).
 */
record Row(Map<String, @Nullable Object> values, Map<String, String> subjects) {

  static Row merge(Row left, @Nullable Row right) {
    Map<String, @Nullable Object> values = new HashMap<>(left.values());
    Map<String, String> subjects = new HashMap<>(left.subjects());
    if (right != null) {
      values.putAll(right.values());
      subjects.putAll(right.subjects());
    }
    return new Row(values, subjects);
  }
}
