package org.elementvault.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this server was built as, from the {@code build.properties} the build writes. */
final class BuildInfo {

  private BuildInfo() {}

  /** The project version, or {@code unknown} if the build wrote none. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // A jar that cannot be read here has bigger problems; the metric says unknown.
    }
    return properties.getProperty("version", "unknown");
  }
}
