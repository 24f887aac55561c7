package org.elementvault.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the known-answer vectors in {@code src/test/resources/vectors}: one vector per paragraph,
 * one {@code field = value} per line, {@code #} starts a comment line, and an empty value is the
 * empty string. Byte strings are hex, numbers decimal; every file names its published source.
 */
public final class TestingVectors {

  private TestingVectors() {}

  /** The vectors of {@code vectors/<file>} on the test class path, in file order. */
  public static List<Vector> load(String file) {
    String resource = "/vectors/" + file;
    try (InputStream in = TestingVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return parse(resource, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Vector> parse(String resource, BufferedReader reader) throws IOException {
    List<Vector> vectors = new ArrayList<>();
    Map<String, String> fields = new LinkedHashMap<>();
    int lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.isEmpty()) {
        addVector(vectors, fields);
        fields = new LinkedHashMap<>();
        continue;
      }
      int equals = trimmed.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException(
            resource + ":" + lineNumber + ": expected field = value");
      }
      String name = trimmed.substring(0, equals).strip();
      if (fields.put(name, trimmed.substring(equals + 1).strip()) != null) {
        throw new IllegalArgumentException(resource + ":" + lineNumber + ": repeated " + name);
      }
    }
    addVector(vectors, fields);
    return List.copyOf(vectors);
  }

  private static void addVector(List<Vector> vectors, Map<String, String> fields) {
    if (!fields.isEmpty()) {
      vectors.add(new Vector(fields));
    }
  }

  /** One known-answer vector: its fields by name, including {@code name}. */
  public record Vector(Map<String, String> fields) {

    public Vector {
      fields = Map.copyOf(fields);
      Objects.requireNonNull(fields.get("name"), "every vector has a name");
    }

    /** The vector's name, for assertion descriptions. */
    public String name() {
      return fields.get("name");
    }

    /** The concatenation of the hex fields {@code fields}, as bytes. */
    public byte[] bytes(String... fields) {
      StringBuilder hex = new StringBuilder();
      for (String field : fields) {
        hex.append(text(field));
      }
      return HexFormat.of().parseHex(hex);
    }

    /** The decimal field {@code field}. */
    public int number(String field) {
      return Integer.parseInt(text(field));
    }

    private String text(String field) {
      String value = fields.get(field);
      if (value == null) {
        throw new IllegalArgumentException("vector " + name() + " has no field " + field);
      }
      return value;
    }

    @Override
    public String toString() {
      return name();
    }
  }
}
