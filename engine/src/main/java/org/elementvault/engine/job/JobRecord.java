package org.elementvault.engine.job;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One job as stored: who ran which element, and where the job is.
 *
 * @param id the job id, {@code j} and its number
 * @param tenantId the tenant the element belongs to
 * @param tenant the tenant's name, for display
 * @param element the element's id
 * @param developer the developer who ran it
 * @param sample whether it ran on sample data
 * @param state where it is
 * @param startedAt when it was recorded, before its work started
 * @param endedAt when it ended, or null while it is {@code RUNNING}
 */
public record JobRecord(
    String id,
    long tenantId,
    String tenant,
    String element,
    String developer,
    boolean sample,
    JobState state,
    Instant startedAt,
    @Nullable Instant endedAt) {

  public JobRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(developer, "developer");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    if (!JobIds.isValid(id)) {
      throw new IllegalArgumentException("a job id is j followed by digits");
    }
    if (state.isEnded() != (endedAt != null)) {
      throw new IllegalArgumentException("an ended job, and only an ended job, has an end time");
    }
  }

  /** This job ended in {@code next} at {@code now}. */
  JobRecord endedAs(JobState next, Instant now) {
    if (state.isEnded() || !next.isEnded()) {
      throw new IllegalStateException("only a running job ends, and in an end state");
    }
    return new JobRecord(id, tenantId, tenant, element, developer, sample, next, startedAt, now);
  }
}
