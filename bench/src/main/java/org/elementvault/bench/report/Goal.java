package org.elementvault.bench.report;

import java.util.Objects;
import java.util.Optional;

/**
 * One of issue 14's goals with this run's figure and verdict.
 *
 * @param goal what the issue asks, in a few words
 * @param measured the run's figure, or that it has none
 * @param verdict whether the figure meets the goal
 * @param profile where the time of the goal's benchmark goes, when this run profiled it
 * @param nextStep what would bring the goal closer, from the profiles so far; empty if none is
 *     written
 */
record Goal(
    String goal, String measured, Verdict verdict, Optional<Profile> profile, String nextStep) {

  /** Whether a goal holds in this run. */
  enum Verdict {
    MET("met"),
    NOT_MET("not met"),
    NOT_MEASURED("not measured");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    /** The verdict as the report writes it. */
    String text() {
      return text;
    }
  }

  Goal {
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(measured, "measured");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(nextStep, "nextStep");
  }

  /** A goal not (yet) explained by a profile, without a next step. */
  Goal(String goal, String measured, Verdict verdict) {
    this(goal, measured, verdict, Optional.empty(), "");
  }

  /** This goal explained by {@code profile}, if any. */
  Goal explainedBy(Optional<Profile> profile) {
    return new Goal(goal, measured, verdict, profile, nextStep);
  }

  /** This goal with {@code step} as its next step. */
  Goal withNextStep(String step) {
    return new Goal(goal, measured, verdict, profile, step);
  }

  /** A goal judged on a figure: met when {@code met}. */
  static Goal judged(String goal, String measured, boolean met) {
    return new Goal(goal, measured, met ? Verdict.MET : Verdict.NOT_MET);
  }

  /** A goal whose figures this run does not have. */
  static Goal notMeasured(String goal) {
    return new Goal(goal, "not measured in this run", Verdict.NOT_MEASURED);
  }
}
