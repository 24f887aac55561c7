package org.elementvault.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) fall: per sample, the first
 * project frame from the top of the stack, and the library at the very top.
 *
 * <p>Samples of JMH's own threads (no project frame, some JMH frame) are left out. The classes JMH
 * generates into the project's packages, which only call the benchmark method, are not project
 * frames.
 *
 * @param vmVersion the recorded JVM's {@code java.vm.version}, e.g. {@code 17.0.15+6-LTS}, or
 *     {@value #UNKNOWN}
 * @param total the samples counted
 * @param projectFrames samples per first project frame ({@code SimpleClassName.method}), most first
 * @param topOfStack samples per library of the top frame ({@link #PROJECT} for project code), most
 *     first
 */
@SuppressForbidden // reads flight recordings (jdk.jfr)
record ExecutionSamples(
    String vmVersion, int total, List<Share> projectFrames, List<Share> topOfStack) {

  /** The JVM version of a recording that does not say. */
  static final String UNKNOWN = "?";

  /** The top-of-stack group of samples whose top frame is project code. */
  static final String PROJECT = "project code";

  /** Samples with no project frame in their recorded stack. */
  static final String NO_PROJECT_FRAME = "(no project frame)";

  private static final String PROJECT_PACKAGE = "org.elementvault.";
  private static final String GENERATED_PACKAGE = ".jmh_generated.";
  private static final String JMH_PACKAGE = "org.openjdk.jmh.";
  private static final String LAMBDA = "$$Lambda";
  private static final List<String> PLATFORM_PACKAGES = List.of("java", "javax", "jdk", "sun");

  ExecutionSamples {
    Objects.requireNonNull(vmVersion, "vmVersion");
    projectFrames = List.copyOf(projectFrames);
    topOfStack = List.copyOf(topOfStack);
  }

  /**
   * A name and its samples.
   *
   * @param name a frame ({@code SimpleClassName.method}) or a library's package
   * @param samples how many samples
   */
  record Share(String name, int samples) {
    Share {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * Whether the recorded JVM may be JDK {@code javaVersion} (JMH's {@code jdkVersion}, e.g. {@code
   * 17.0.15}): its version is that one, or not recorded.
   */
  boolean mayBeOn(String javaVersion) {
    return vmVersion.equals(UNKNOWN)
        || vmVersion.equals(javaVersion)
        || vmVersion.startsWith(javaVersion + "+")
        || vmVersion.startsWith(javaVersion + "-");
  }

  /** The share of {@code share} in all counted samples, as a whole percentage. */
  String percent(Share share) {
    return total == 0 ? "–" : Math.round(100.0 * share.samples() / total) + "%";
  }

  /** Reads the execution samples of the JFR recording {@code recording}. */
  static ExecutionSamples read(Path recording) throws IOException {
    Map<String, Integer> frames = new HashMap<>();
    Map<String, Integer> tops = new HashMap<>();
    String vmVersion = UNKNOWN;
    int total = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        String type = event.getEventType().getName();
        if (type.equals("jdk.InitialSystemProperty")
            && "java.vm.version".equals(event.getString("key"))) {
          vmVersion = event.getString("value");
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (!type.equals("jdk.ExecutionSample") || stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        List<RecordedFrame> stackFrames = stack.getFrames();
        Optional<RecordedFrame> project =
            stackFrames.stream().filter(f -> isProject(className(f))).findFirst();
        if (project.isEmpty() && stackFrames.stream().anyMatch(f -> isJmh(className(f)))) {
          continue;
        }
        total++;
        frames.merge(
            project.map(ExecutionSamples::label).orElse(NO_PROJECT_FRAME), 1, Integer::sum);
        tops.merge(library(className(stackFrames.get(0))), 1, Integer::sum);
      }
    }
    return new ExecutionSamples(vmVersion, total, mostFirst(frames), mostFirst(tops));
  }

  private static String className(RecordedFrame frame) {
    return frame.getMethod().getType().getName();
  }

  private static boolean isProject(String className) {
    return className.startsWith(PROJECT_PACKAGE) && !className.contains(GENERATED_PACKAGE);
  }

  private static boolean isJmh(String className) {
    return className.startsWith(JMH_PACKAGE) || className.contains(GENERATED_PACKAGE);
  }

  private static String label(RecordedFrame frame) {
    String className = className(frame);
    // A lambda's hidden class, e.g. Foo$$Lambda$119+0x00007f01800ce660.108252635: Foo$$Lambda.
    int lambda = className.indexOf(LAMBDA);
    if (lambda >= 0) {
      className = className.substring(0, lambda + LAMBDA.length());
    }
    return className.substring(className.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }

  /**
   * The library of a top frame: {@link #PROJECT}, the platform's first package ({@code java.*}), or
   * up to three package names ({@code com.sun.crypto}, {@code org.apache.arrow}, {@code
   * org.rocksdb}).
   */
  static String library(String className) {
    if (isProject(className)) {
      return PROJECT;
    }
    int end = className.lastIndexOf('.');
    if (end < 0) {
      return "(default package)";
    }
    String[] packages = className.substring(0, end).split("\\.", -1);
    if (PLATFORM_PACKAGES.contains(packages[0])) {
      return packages[0] + ".*";
    }
    return String.join(".", List.of(packages).subList(0, Math.min(3, packages.length)));
  }

  private static List<Share> mostFirst(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(e -> new Share(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingInt(Share::samples).reversed().thenComparing(Share::name))
        .toList();
  }
}
