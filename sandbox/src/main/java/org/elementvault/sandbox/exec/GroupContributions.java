package org.elementvault.sandbox.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.elementvault.sandbox.protection.Contributors;
import org.elementvault.sandbox.protection.SubjectSetDigest;
import org.jspecify.annotations.Nullable;

/**
 * The contributions of every subject to one group of a {@link ContributionQuery}: never released as
 * such, only through the release protection.
 *
 * @param keys the group's key values, as the row-at-a-time executor gives them (NULL included)
 * @param subjects the digest of every subject with a row in the group
 * @param partials each partial's contributors, in the query's partial order
 */
public record GroupContributions(
    List<@Nullable Object> keys, SubjectSetDigest subjects, List<Contributors> partials) {

  /** Checks for nulls and copies the lists. */
  public GroupContributions {
    keys = Collections.unmodifiableList(new ArrayList<>(keys));
    Objects.requireNonNull(subjects, "subjects");
    partials = List.copyOf(partials);
  }

  /** Redacted but for the number of subjects: keys are data values. */
  @Override
  public String toString() {
    return "GroupContributions[subjects=" + subjects.count() + ", redacted]";
  }
}
