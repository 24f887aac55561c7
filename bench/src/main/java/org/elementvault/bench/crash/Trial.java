package org.elementvault.bench.crash;

import java.util.List;
import java.util.Objects;

/**
 * One trial's plan and outcome.
 *
 * @param seed the seed the plan derives from; {@code --seed S --trials 1} repeats the plan
 * @param operation the operation started
 * @param killAfterMillis when the SIGKILL was due, from the child's start
 * @param expectedMillis how long the operation took uninterrupted in this run
 * @param acknowledged whether the command exited 0 before the kill was due
 * @param violations the broken invariants; empty when the trial passed
 */
record Trial(
    long seed,
    CrashOperation operation,
    long killAfterMillis,
    long expectedMillis,
    boolean acknowledged,
    List<String> violations) {

  Trial {
    Objects.requireNonNull(operation, "operation");
    violations = List.copyOf(violations);
  }

  /** The quarter of the operation's uninterrupted duration the kill fell in; 4 when after it. */
  int killQuarter() {
    return (int) Math.min(4, killAfterMillis * 4 / Math.max(1, expectedMillis));
  }
}
