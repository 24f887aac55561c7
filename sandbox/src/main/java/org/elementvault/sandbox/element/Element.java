package org.elementvault.sandbox.element;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A submitted element: its design spec, the assessment it passed, and where its review stands.
 *
 * @param id {@code e1}, {@code e2}, … from the vault's persistent element sequence
 * @param tenantId the tenant it belongs to
 * @param tenant that tenant's name
 * @param developer the principal who submitted it, the only one who runs it
 * @param spec its design spec
 * @param assessment the automatic assessment it passed at submission
 * @param state where its review stands
 * @param submittedAt when it was submitted
 * @param reviewedAt when the vault admin decided, or null while {@code SUBMITTED}
 * @param reviewer the admin who decided, or null
 * @param reason the admin's reason, or null
 * @param validUntil when an approval ends (approval time + {@code validDays}), or null unless
 *     approved
 */
public record Element(
    String id,
    long tenantId,
    String tenant,
    String developer,
    ElementSpec spec,
    Assessment assessment,
    ElementState state,
    Instant submittedAt,
    @Nullable Instant reviewedAt,
    @Nullable String reviewer,
    @Nullable String reason,
    @Nullable Instant validUntil) {

  private static final String PREFIX = "e";

  public Element {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(developer, "developer");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(assessment, "assessment");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(submittedAt, "submittedAt");
    if (number(id) < 1) {
      throw new IllegalArgumentException("element id must be e1, e2, …");
    }
    if ((state == ElementState.SUBMITTED) != (reviewedAt == null)
        || (state == ElementState.APPROVED) != (validUntil != null)) {
      throw new IllegalArgumentException("element " + id + " is " + state + " with other dates");
    }
  }

  /** A newly submitted element. */
  static Element submitted(
      long number,
      long tenantId,
      String tenant,
      String developer,
      ElementSpec spec,
      Assessment assessment,
      Instant now) {
    return new Element(
        PREFIX + number,
        tenantId,
        tenant,
        developer,
        spec,
        assessment,
        ElementState.SUBMITTED,
        now,
        null,
        null,
        null,
        null);
  }

  /** This element approved by {@code reviewer} at {@code now}, valid for the spec's days. */
  Element approve(String reviewer, String reason, Instant now) {
    return new Element(
        id,
        tenantId,
        tenant,
        developer,
        spec,
        assessment,
        ElementState.APPROVED,
        submittedAt,
        now,
        reviewer,
        reason,
        now.plus(Duration.ofDays(spec.validDays())));
  }

  /** This element rejected by {@code reviewer} at {@code now}. */
  Element reject(String reviewer, String reason, Instant now) {
    return new Element(
        id,
        tenantId,
        tenant,
        developer,
        spec,
        assessment,
        ElementState.REJECTED,
        submittedAt,
        now,
        reviewer,
        reason,
        null);
  }

  /** Whether it is approved and its approval has not ended at {@code now}. */
  public boolean isRunnableAt(Instant now) {
    return state == ElementState.APPROVED && validUntil != null && now.isBefore(validUntil);
  }

  /**
   * The sequence number of an element id ({@code 7} for {@code e7}), or -1 if {@code id} is not an
   * element id.
   */
  static long number(String id) {
    if (!id.startsWith(PREFIX) || !id.substring(1).matches("[1-9][0-9]{0,17}")) {
      return -1;
    }
    return Long.parseLong(id.substring(1));
  }
}
