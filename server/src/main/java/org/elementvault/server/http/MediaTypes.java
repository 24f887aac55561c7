package org.elementvault.server.http;

import java.util.Locale;
import java.util.Optional;

/** The media types of the API and the choice among them by an {@code Accept} header. */
public final class MediaTypes {

  public static final String JSON = "application/json";
  public static final String CSV = "text/csv";
  public static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";
  public static final String ARROW_FILE = "application/vnd.apache.arrow.file";
  public static final String TEXT = "text/plain";
  public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  public static final String YAML = "application/yaml";
  public static final String ONNX = "application/onnx";

  private MediaTypes() {}

  /** A result's representation. */
  public enum Format {
    JSON,
    CSV,
    ARROW
  }

  /**
   * The format an {@code Accept} header asks for: the first of its types the API knows, JSON when
   * the header is absent or asks for anything ({@code *}{@code /*}), empty when it names only types
   * the API cannot produce. Quality values are ignored: clients of this API name one type.
   */
  public static Optional<Format> negotiate(String accept) {
    if (accept.isBlank()) {
      return Optional.of(Format.JSON);
    }
    for (String part : accept.split(",")) {
      String type = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      switch (type) {
        case JSON, "*/*", "application/*", "" -> {
          return Optional.of(Format.JSON);
        }
        case CSV, "text/*" -> {
          return Optional.of(Format.CSV);
        }
        case ARROW_STREAM -> {
          return Optional.of(Format.ARROW);
        }
        default -> {}
      }
    }
    return Optional.empty();
  }

  /** The bare type of a {@code Content-Type} header, lower-case, without parameters. */
  public static String bare(String contentType) {
    return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }
}
