package org.elementvault.sandbox.element;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An element's design spec ({@code E.yaml}, DESIGN.md File formats), validated: names follow the
 * vault's name rule, free text is bounded, the threshold is at least {@link #MIN_THRESHOLD}.
 *
 * @param name the element's name
 * @param type what it releases
 * @param scenario where the element is used (free text)
 * @param purpose what the element is for (free text)
 * @param datasets the datasets its query reads, by name, in the tenant of the submitter
 * @param query the SQL query
 * @param threshold k: the minimum number of distinct subjects behind every released group or row
 *     class
 * @param validDays how long an approval lasts
 * @param functionDesign an optional free-text description of the element's function
 */
public record ElementSpec(
    String name,
    ElementType type,
    String scenario,
    String purpose,
    List<String> datasets,
    String query,
    int threshold,
    int validDays,
    @Nullable String functionDesign) {

  /** The threshold when a spec does not name one. */
  public static final int DEFAULT_THRESHOLD = 10;

  /** The smallest threshold a spec may ask for. */
  public static final int MIN_THRESHOLD = 2;

  public ElementSpec {
    datasets = List.copyOf(datasets);
  }
}
