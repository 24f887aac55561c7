package org.elementvault.engine.result;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the release ledger says of one release, for the release review: when, and the shape of what
 * left the vault, without any value, fingerprint or subject count.
 *
 * @param jobId the job whose result was released
 * @param time when it was released
 * @param aggregate whether it was an aggregate on real data (with a shape); false for row-level and
 *     sample releases
 * @param groupColumns the group columns of an aggregate, each described by its source column and
 *     expression; empty otherwise
 * @param releasedGroups how many groups an aggregate released; 0 otherwise
 */
public record ReleaseSummary(
    String jobId, Instant time, boolean aggregate, List<String> groupColumns, int releasedGroups) {

  public ReleaseSummary {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(time, "time");
    groupColumns = List.copyOf(groupColumns);
  }

  static ReleaseSummary of(LedgerRecord record) {
    return record
        .shape()
        .map(
            shape ->
                new ReleaseSummary(
                    record.jobId(),
                    record.time(),
                    true,
                    shape.columns(),
                    (int) shape.groups().stream().filter(ReleaseShape.Group::released).count()))
        .orElseGet(() -> new ReleaseSummary(record.jobId(), record.time(), false, List.of(), 0));
  }
}
