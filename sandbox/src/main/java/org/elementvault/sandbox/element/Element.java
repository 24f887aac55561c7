package org.elementvault.sandbox.element;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
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
 * @param lastChange the latest step after the review (release request, release decision,
 *     suspension, resumption or retirement), or null if none (and for elements stored before
 *     lifecycle steps existed)
 * @param publishedAt when its release review published it, or null if it never was; a published
 *     element that is suspended returns to {@code PUBLISHED} when resumed
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
    @Nullable Instant validUntil,
    @Nullable StateChange lastChange,
    @Nullable Instant publishedAt) {

  private static final String PREFIX = "e";

  /** The states that run on real data. */
  static final Set<ElementState> RUNNABLE =
      Collections.unmodifiableSet(EnumSet.of(ElementState.APPROVED, ElementState.PUBLISHED));

  /** The states whose approval runs out: they read {@code EXPIRED} after {@code validUntil}. */
  private static final Set<ElementState> EXPIRING =
      EnumSet.of(ElementState.APPROVED, ElementState.RELEASE_REVIEW, ElementState.PUBLISHED);

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
    if (!datesFit(state, reviewedAt, validUntil, lastChange, publishedAt)) {
      throw new IllegalArgumentException("element " + id + " is " + state + " with other dates");
    }
  }

  private static boolean datesFit(
      ElementState state,
      @Nullable Instant reviewedAt,
      @Nullable Instant validUntil,
      @Nullable StateChange lastChange,
      @Nullable Instant publishedAt) {
    return switch (state) {
      case SUBMITTED -> reviewedAt == null && validUntil == null;
      case REJECTED -> reviewedAt != null && validUntil == null;
      case APPROVED, EXPIRED -> reviewedAt != null && validUntil != null;
      case RELEASE_REVIEW -> reviewedAt != null && validUntil != null && lastChange != null;
      case PUBLISHED ->
          reviewedAt != null && validUntil != null && lastChange != null && publishedAt != null;
      case SUSPENDED -> reviewedAt != null && validUntil != null && lastChange != null;
      // Retired from any earlier state, so its review dates are whatever that state had.
      case RETIRED -> lastChange != null;
    };
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
        now.plus(Duration.ofDays(spec.validDays())),
        null,
        null);
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
        null,
        null,
        null);
  }

  /** This element stopped by {@code by} at {@code now}: it keeps its approval dates. */
  Element suspend(String by, String reason, Instant now) {
    return withState(ElementState.SUSPENDED, new StateChange(by, reason, now));
  }

  /**
   * This suspended element back where it was, with its original validity: {@code PUBLISHED} if it
   * was ever published, else {@code APPROVED}.
   */
  Element resume(String by, Instant now) {
    ElementState back = publishedAt == null ? ElementState.APPROVED : ElementState.PUBLISHED;
    return withState(back, new StateChange(by, null, now));
  }

  /** This approved element put to its release review by its developer at {@code now}. */
  Element requestRelease(String by, Instant now) {
    return withState(ElementState.RELEASE_REVIEW, new StateChange(by, null, now));
  }

  /** This element published by the release review of {@code by} at {@code now}. */
  Element publish(String by, String reason, Instant now) {
    return new Element(
        id,
        tenantId,
        tenant,
        developer,
        spec,
        assessment,
        ElementState.PUBLISHED,
        submittedAt,
        reviewedAt,
        reviewer,
        reason,
        validUntil,
        new StateChange(by, reason, now),
        now);
  }

  /** This element sent back to {@code APPROVED} by the release review, with the reason kept. */
  Element rejectRelease(String by, String reason, Instant now) {
    return withState(ElementState.APPROVED, new StateChange(by, reason, now));
  }

  /** This element retired by {@code by} at {@code now}; final. */
  Element retire(String by, String reason, Instant now) {
    return withState(ElementState.RETIRED, new StateChange(by, reason, now));
  }

  private Element withState(ElementState newState, StateChange change) {
    return new Element(
        id,
        tenantId,
        tenant,
        developer,
        spec,
        assessment,
        newState,
        submittedAt,
        reviewedAt,
        reviewer,
        reason,
        validUntil,
        change,
        publishedAt);
  }

  /**
   * This element as it stands at {@code now}: an approved one whose validity has run out reads as
   * {@code EXPIRED}. Expiry is computed, never stored, so it needs no write and cannot lag.
   */
  public Element asOf(Instant now) {
    if (!EXPIRING.contains(state) || validUntil == null || now.isBefore(validUntil)) {
      return this;
    }
    return new Element(
        id,
        tenantId,
        tenant,
        developer,
        spec,
        assessment,
        ElementState.EXPIRED,
        submittedAt,
        reviewedAt,
        reviewer,
        reason,
        validUntil,
        lastChange,
        publishedAt);
  }

  /**
   * Whole days left of an approved element's validity at {@code now}, counting a started day as
   * one; empty unless it is in a state that expires.
   */
  public OptionalLong daysLeftAt(Instant now) {
    if (!EXPIRING.contains(state) || validUntil == null || !now.isBefore(validUntil)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Duration.between(now, validUntil).plusDays(1).minusNanos(1).toDays());
  }

  /** Whether it is approved or published and its approval has not ended at {@code now}. */
  public boolean isRunnableAt(Instant now) {
    return RUNNABLE.contains(state) && validUntil != null && now.isBefore(validUntil);
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
