package org.elementvault.bench.report;

import static org.elementvault.bench.report.Figures.grouped;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.elementvault.bench.report.ExecutionSamples.Share;

/**
 * The report's "Where the time goes": per profiled goal, the first project frames of its
 * benchmark's CPU samples, and the Goals table's cell that points there.
 */
final class WhereTheTimeGoes {

  static final String HEADING = "## Where the time goes";
  static final String NOT_PROFILED = "not profiled";

  private static final int TOP_FRAMES = 12;
  private static final int TOP_LIBRARIES = 6;
  private static final int FRAMES_IN_GOALS = 2;

  private WhereTheTimeGoes() {}

  /**
   * The Goals table's cell of {@code goal}: a link to its profile, with the top frames when the
   * goal is not met; {@value #NOT_PROFILED} without one.
   */
  static String cell(Goal goal) {
    if (goal.profile().isEmpty()) {
      return NOT_PROFILED;
    }
    ExecutionSamples samples = goal.profile().get().samples();
    String link = "[profile](#" + anchor(goal.profile().get()) + ")";
    if (goal.verdict() != Goal.Verdict.NOT_MET) {
      return link;
    }
    return link
        + ": "
        + samples.projectFrames().stream()
            .limit(FRAMES_IN_GOALS)
            .map(s -> "`" + s.name() + "` " + samples.percent(s))
            .collect(Collectors.joining(", "));
  }

  /** Writes the section for the profiled ones of {@code goals}; nothing when none is profiled. */
  static void write(PrintStream md, List<Goal> goals) {
    List<Goal> profiled = goals.stream().filter(g -> g.profile().isPresent()).toList();
    if (profiled.isEmpty()) {
      return;
    }
    md.println(HEADING);
    md.println();
    md.println(
        "CPU samples of one extra, shorter JMH pass of each benchmark below, recorded by JDK"
            + " Flight Recorder through JMH's `-prof jfr` with its `profile` settings: a"
            + " `jdk.ExecutionSample` of each thread running Java code every 10 ms (the `default`"
            + " settings take 20 ms), over the measured iterations only, with"
            + " `-XX:+DebugNonSafepoints` so that inlined methods count where they ran. Each"
            + " sample counts for its first frame from the top of the stack that is project code"
            + " (`org.elementvault.`, not JMH's generated classes): the project method that spends"
            + " the time, itself or in the library code it calls; the line below each table says"
            + " which libraries the samples' top frames are in. Samples of JMH's own threads are"
            + " left out. Threads in native code, such as RocksDB's reads through JNI, are not"
            + " sampled, so that time does not show. The passes are short: with about 100 samples"
            + " a share is good to some ±5 points, so read the top entries, not the tail of single"
            + " samples. The recordings are the `"
            + Profile.DIRECTORY
            + "/*/profile.jfr` files beside this report (JDK Mission Control opens them).");
    md.println();
    for (Goal goal : profiled) {
      subsection(md, goal, goal.profile().orElseThrow());
    }
  }

  private static void subsection(PrintStream md, Goal goal, Profile profile) {
    ExecutionSamples samples = profile.samples();
    md.println("<a id=\"" + anchor(profile) + "\"></a>");
    md.println();
    md.println("### " + goal.goal() + " (" + goal.verdict().text() + ")");
    md.println();
    md.printf(
        Locale.ROOT,
        "`%s`%s: %s samples.%n%n",
        profile.benchmark(),
        describe(profile.params()),
        grouped(Integer.toString(samples.total())));
    if (samples.total() == 0) {
      return;
    }
    md.println("| first project frame | samples |");
    md.println("| --- | ---: |");
    for (Share frame : samples.projectFrames().stream().limit(TOP_FRAMES).toList()) {
      md.printf(Locale.ROOT, "| `%s` | %s |%n", frame.name(), samples.percent(frame));
    }
    md.println();
    md.println("Top of the stack: " + libraries(samples) + ".");
    md.println();
  }

  private static String describe(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    return new TreeMap<>(params)
        .entrySet().stream()
            .map(e -> e.getKey() + " " + grouped(e.getValue()))
            .collect(Collectors.joining(", ", ", ", ""));
  }

  private static String libraries(ExecutionSamples samples) {
    List<String> parts = new ArrayList<>();
    List<Share> tops = samples.topOfStack();
    tops.stream().limit(TOP_LIBRARIES).forEach(s -> parts.add(s.name() + " " + samples.percent(s)));
    int rest = tops.stream().skip(TOP_LIBRARIES).mapToInt(Share::samples).sum();
    if (rest > 0) {
      parts.add("others " + samples.percent(new Share("others", rest)));
    }
    return String.join(", ", parts);
  }

  /** The subsection's anchor: the benchmark and its parameters' values, in lower case. */
  static String anchor(Profile profile) {
    StringBuilder anchor = new StringBuilder("time-").append(profile.benchmark());
    new TreeMap<>(profile.params()).values().forEach(v -> anchor.append('-').append(v));
    return anchor.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
  }
}
