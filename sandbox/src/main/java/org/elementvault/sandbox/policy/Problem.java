package org.elementvault.sandbox.policy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One reason the policy refuses a query: the column (or construct) at fault, how the query uses it,
 * the rule it breaks, and what would make it pass. Never holds a data value.
 *
 * @param subject what is at fault: {@code residents.id_card}, or a construct such as {@code window
 *     function}
 * @param use how the query uses it ({@code output}, {@code filter}, {@code join}, {@code group},
 *     {@code order}, {@code aggregate}), or null for a construct
 * @param rule the rule, in words
 * @param fix what would make the query pass
 */
public record Problem(String subject, @Nullable String use, String rule, String fix) {

  /** The one-line message: subject, rule and fix (the rule says how the column is used). */
  public String message() {
    return subject + " " + rule + "; " + fix;
  }

  /**
   * The one line a refusal for {@code problems} carries: the first problem's message, and how many
   * more there are.
   */
  public static String summary(List<Problem> problems) {
    String more =
        problems.size() == 1
            ? ""
            : " (and " + (problems.size() - 1) + " more: run element check to see them all)";
    return problems.get(0).message() + more;
  }
}
