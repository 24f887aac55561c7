package org.elementvault.engine.keys;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of one version of a tenant or dataset key in the {@code keys/} directory: {@code
 * kind-number} for version 1 (the only form before key rotation existed) and {@code kind-number-vN}
 * for version N from 2 on. Each version has exactly one name, and versions only grow, so a key name
 * is never reused.
 *
 * @param kind the kind, lower-case letters ({@code tenant}, {@code sealing}, {@code dataset},
 *     {@code datasetshield})
 * @param number the tenant's or dataset's id, at least 0
 * @param version the key version, at least 1
 */
public record KeyName(String kind, long number, int version) {

  private static final Pattern FORM = Pattern.compile("([a-z]+)-([0-9]{1,18})(?:-v([0-9]{1,9}))?");

  public KeyName {
    Objects.requireNonNull(kind, "kind");
    if (!kind.matches("[a-z]+")) {
      throw new IllegalArgumentException("kind must be lower-case letters, got " + kind);
    }
    if (number < 0) {
      throw new IllegalArgumentException("number must be at least 0, got " + number);
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, got " + version);
    }
  }

  /** The first version of key {@code kind-number}. */
  public static KeyName first(String kind, long number) {
    return new KeyName(kind, number, 1);
  }

  /**
   * The name {@code text} reads as, if it is one; {@code kind-N-v1} is not (version 1 has none).
   */
  public static Optional<KeyName> parse(String text) {
    Matcher matcher = FORM.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int version = matcher.group(3) == null ? 1 : Integer.parseInt(matcher.group(3));
    if (matcher.group(3) != null && version < 2) {
      return Optional.empty();
    }
    return Optional.of(new KeyName(matcher.group(1), Long.parseLong(matcher.group(2)), version));
  }

  /** The same key at {@code next} version. */
  public KeyName withVersion(int next) {
    return new KeyName(kind, number, next);
  }

  /** The name as stored: {@code dataset-7} or {@code dataset-7-v2}. */
  @Override
  public String toString() {
    return kind + "-" + number + (version == 1 ? "" : "-v" + version);
  }
}
