package org.elementvault.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Settings shared by every benchmark of this module (Netty's {@code AbstractMicrobenchmark} idea):
 * one forked JVM, warm-up and measurement iterations sized for a shared 2-core machine, throughput
 * in operations per second, and the JVM flags each fork needs.
 *
 * <p>A benchmark class extends this one and overrides an annotation only where its workload needs
 * it (a multi-second key derivation, say). Command-line options of {@link BenchMain} override these
 * in turn, like any JMH default.
 *
 * <p>The fork JVM flags are not an annotation here: they come from the root pom's {@code
 * evault.jvm.flags} property, the one place they live, filtered into a resource at build time and
 * appended by {@link BenchMain}. The C2 compiler needs the warm-up to reach the JDK's AES-GCM
 * intrinsics, so a shorter warm-up reports a slower cipher than production runs.
 */
@Fork(AbstractMicrobenchmark.FORKS)
@Warmup(
    iterations = AbstractMicrobenchmark.WARMUP_ITERATIONS,
    time = AbstractMicrobenchmark.ITERATION_SECONDS,
    timeUnit = TimeUnit.SECONDS)
@Measurement(
    iterations = AbstractMicrobenchmark.MEASUREMENT_ITERATIONS,
    time = AbstractMicrobenchmark.ITERATION_SECONDS,
    timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public abstract class AbstractMicrobenchmark {

  /** Forked JVMs per benchmark; never 0, so that profiles of one benchmark do not leak. */
  static final int FORKS = 1;

  static final int WARMUP_ITERATIONS = 3;
  static final int MEASUREMENT_ITERATIONS = 5;
  static final int ITERATION_SECONDS = 2;

  /** Filtered at build time from the root pom; see {@code src/main/resources}. */
  private static final String JVM_FLAGS_RESOURCE = "evault-jvm.properties";

  private static final String JVM_FLAGS_KEY = "jvm.flags";
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /**
   * The JVM flags every fork must run with: those of the root pom's {@code evault.jvm.flags}.
   *
   * @throws IllegalStateException if the resource is missing or was not filtered, which means the
   *     classes were not built by Maven
   */
  static List<String> forkJvmArgs() {
    Properties properties = new Properties();
    try (InputStream in = AbstractMicrobenchmark.class.getResourceAsStream(JVM_FLAGS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            JVM_FLAGS_RESOURCE + " is not on the classpath; build the bench module with Maven");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + JVM_FLAGS_RESOURCE, e);
    }
    String flags = properties.getProperty(JVM_FLAGS_KEY, "").trim();
    if (flags.contains("${")) {
      throw new IllegalStateException(
          JVM_FLAGS_RESOURCE + " was not filtered by Maven; rebuild the bench module");
    }
    return WHITESPACE
        .splitAsStream(flags)
        .filter(flag -> !flag.isEmpty())
        .collect(Collectors.toUnmodifiableList());
  }
}
