package org.elementvault.engine.tenant;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * A tenant and where it is in its lifecycle. Transitions return a new value or refuse with a
 * message naming the current state and the states the step needs. Dates are business dates in
 * {@link Tenants#BUSINESS_ZONE}.
 *
 * @param id internal number; the prefix of the tenant's data keys
 * @param name unique name
 * @param contact free-text contact given at application
 * @param state lifecycle state
 * @param resumeState the state a suspension or change request returns to
 * @param appliedAt when it applied
 * @param reviewDue the application review deadline (5 working days)
 * @param trialEnds the last day of the trial, once approved
 * @param activationReviewDue the activation review deadline (3 working days after the trial)
 * @param temporaryUntil the last day of a temporary tenant (at most 6 months)
 * @param quotas its quotas
 * @param requestedQuotas the quotas a pending change request asks for
 * @param changeReviewDue the change review deadline (3 working days)
 */
public record Tenant(
    long id,
    String name,
    String contact,
    TenantState state,
    @Nullable TenantState resumeState,
    Instant appliedAt,
    LocalDate reviewDue,
    @Nullable LocalDate trialEnds,
    @Nullable LocalDate activationReviewDue,
    @Nullable LocalDate temporaryUntil,
    Quotas quotas,
    @Nullable Quotas requestedQuotas,
    @Nullable LocalDate changeReviewDue) {

  /** The trial period of the 2024 rules, article 12. */
  public static final int TRIAL_DAYS = 30;

  public Tenant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(appliedAt, "appliedAt");
    Objects.requireNonNull(reviewDue, "reviewDue");
    Objects.requireNonNull(quotas, "quotas");
  }

  /** A new application, to be reviewed within 5 working days. */
  static Tenant applied(
      long id,
      String name,
      String contact,
      Instant now,
      LocalDate today,
      @Nullable LocalDate until) {
    return new Tenant(
        id,
        name,
        contact,
        TenantState.APPLIED,
        null,
        now,
        WorkingDays.add(today, 5),
        null,
        null,
        until,
        Quotas.DEFAULTS,
        null,
        null);
  }

  Tenant approve(LocalDate today) {
    // A pending change request is reviewed by approveChange(); the message names both.
    require("review --approve", TenantState.APPLIED, TenantState.CHANGE_REQUESTED);
    LocalDate ends = today.plusDays(TRIAL_DAYS);
    return with(TenantState.TRIAL, null, ends, WorkingDays.add(ends, 3), quotas, null, null);
  }

  Tenant reject() {
    require("review --reject", TenantState.APPLIED, TenantState.CHANGE_REQUESTED);
    return with(TenantState.REJECTED, null, trialEnds, activationReviewDue, quotas, null, null);
  }

  Tenant activate() {
    require("activate", TenantState.TRIAL);
    return with(TenantState.ACTIVE, null, trialEnds, activationReviewDue, quotas, null, null);
  }

  Tenant extendTrial(int days) {
    require("extend-trial", TenantState.TRIAL);
    if (days < 1 || days > 90) {
      throw new VaultException(ErrorCode.USER_ERROR, "a trial extension is 1 to 90 days");
    }
    LocalDate ends = Objects.requireNonNull(trialEnds, "trialEnds").plusDays(days);
    return with(TenantState.TRIAL, null, ends, WorkingDays.add(ends, 3), quotas, null, null);
  }

  Tenant suspend() {
    require("suspend", TenantState.TRIAL, TenantState.ACTIVE, TenantState.CHANGE_REQUESTED);
    // A pending change request survives the suspension (its quotas stay in requestedQuotas), so
    // remember the working state under it, which the request's review returns to.
    TenantState working = state == TenantState.CHANGE_REQUESTED ? resumeState : state;
    return with(
        TenantState.SUSPENDED,
        working,
        trialEnds,
        activationReviewDue,
        quotas,
        requestedQuotas,
        changeReviewDue);
  }

  Tenant resume() {
    require("resume", TenantState.SUSPENDED);
    TenantState working = Objects.requireNonNull(resumeState, "resumeState");
    if (requestedQuotas != null) {
      return with(
          TenantState.CHANGE_REQUESTED,
          working,
          trialEnds,
          activationReviewDue,
          quotas,
          requestedQuotas,
          changeReviewDue);
    }
    return with(working, null, trialEnds, activationReviewDue, quotas, null, null);
  }

  Tenant requestChange(Quotas requested, LocalDate today) {
    require("change", TenantState.TRIAL, TenantState.ACTIVE);
    return with(
        TenantState.CHANGE_REQUESTED,
        state,
        trialEnds,
        activationReviewDue,
        quotas,
        requested,
        WorkingDays.add(today, 3));
  }

  Tenant approveChange() {
    require("review --approve", TenantState.CHANGE_REQUESTED);
    return with(
        Objects.requireNonNull(resumeState, "resumeState"),
        null,
        trialEnds,
        activationReviewDue,
        Objects.requireNonNull(requestedQuotas, "requestedQuotas"),
        null,
        null);
  }

  Tenant rejectChange() {
    require("review --reject", TenantState.CHANGE_REQUESTED);
    return with(
        Objects.requireNonNull(resumeState, "resumeState"),
        null,
        trialEnds,
        activationReviewDue,
        quotas,
        null,
        null);
  }

  Tenant withQuotas(Quotas newQuotas) {
    requireNot("quota", TenantState.DESTROYED, TenantState.REJECTED);
    return with(
        state,
        resumeState,
        trialEnds,
        activationReviewDue,
        newQuotas,
        requestedQuotas,
        changeReviewDue);
  }

  Tenant destroy() {
    requireNot("exit", TenantState.DESTROYED);
    return with(TenantState.DESTROYED, null, trialEnds, activationReviewDue, quotas, null, null);
  }

  /**
   * Whether the tenant may import data and run jobs on {@code today}: in its trial (until the
   * trial's last day) or active, and not past a temporary tenant's end date.
   */
  public boolean canOperate(LocalDate today) {
    boolean working =
        switch (state) {
          case TRIAL -> trialEnds != null && !today.isAfter(trialEnds);
          case ACTIVE -> true;
          case CHANGE_REQUESTED ->
              resumeState == TenantState.ACTIVE || (trialEnds != null && !today.isAfter(trialEnds));
          case APPLIED, REJECTED, SUSPENDED, DESTROYED -> false;
        };
    return working && !isExpired(today);
  }

  /** Whether this is a temporary tenant past its end date. */
  public boolean isExpired(LocalDate today) {
    return temporaryUntil != null && today.isAfter(temporaryUntil);
  }

  /** The review the admin owes and has let pass its deadline on {@code today}, if any. */
  public Optional<String> overdueReview(LocalDate today) {
    return switch (state) {
      case APPLIED -> overdue("application review", reviewDue, today);
      case TRIAL -> overdue("activation review", activationReviewDue, today);
      case CHANGE_REQUESTED -> overdue("change review", changeReviewDue, today);
      case REJECTED, ACTIVE, SUSPENDED, DESTROYED -> Optional.empty();
    };
  }

  private static Optional<String> overdue(String what, @Nullable LocalDate due, LocalDate today) {
    return due != null && today.isAfter(due)
        ? Optional.of(what + " overdue since " + due)
        : Optional.empty();
  }

  private void require(String step, TenantState... allowed) {
    if (Arrays.stream(allowed).noneMatch(s -> s == state)) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED,
          "tenant "
              + name
              + " is "
              + state
              + ": "
              + step
              + " needs "
              + Arrays.stream(allowed).map(Enum::name).collect(Collectors.joining(" or ")));
    }
  }

  private void requireNot(String step, TenantState... refused) {
    if (Arrays.stream(refused).anyMatch(s -> s == state)) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED, "tenant " + name + " is " + state + ": " + step + " refused");
    }
  }

  private Tenant with(
      TenantState newState,
      @Nullable TenantState newResumeState,
      @Nullable LocalDate newTrialEnds,
      @Nullable LocalDate newActivationReviewDue,
      Quotas newQuotas,
      @Nullable Quotas newRequestedQuotas,
      @Nullable LocalDate newChangeReviewDue) {
    return new Tenant(
        id,
        name,
        contact,
        newState,
        newResumeState,
        appliedAt,
        reviewDue,
        newTrialEnds,
        newActivationReviewDue,
        temporaryUntil,
        newQuotas,
        newRequestedQuotas,
        newChangeReviewDue);
  }
}
