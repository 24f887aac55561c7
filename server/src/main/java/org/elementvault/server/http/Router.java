package org.elementvault.server.http;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps a method and a path to a handler. Templates are literal segments and {@code {name}}
 * captures; a capture matches one non-empty segment, percent-decoded after splitting, so an encoded
 * {@code /} cannot reach another route. Captured values are not validated here: handlers check them
 * with the vault's name rule before use. {@link #under} adds routes below a common prefix (the
 * API's version). Immutable once built; thread-safe.
 *
 * @param <H> the handler type
 */
public final class Router<H> {

  private record Entry<H>(String method, List<String> template, H handler) {}

  /** A matched route: its handler, template and captured path parameters. */
  public record Match<H>(H handler, String template, Map<String, String> parameters) {
    public Match {
      parameters = Map.copyOf(parameters);
    }
  }

  /** The outcome of a lookup. */
  public sealed interface Lookup<H> {}

  /** A route matched method and path. */
  public record Found<H>(Match<H> match) implements Lookup<H> {}

  /** A route has this path but not this method. */
  public record WrongMethod<H>() implements Lookup<H> {}

  /** No route has this path. */
  public record Unknown<H>() implements Lookup<H> {}

  /** A route's method and path template, as the route table lists it. */
  public record Endpoint(String method, String template) {
    public Endpoint {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(template, "template");
    }
  }

  private final List<Entry<H>> entries;
  private final String prefix;

  /** An empty router. */
  public Router() {
    this(new ArrayList<>(), "");
  }

  private Router(List<Entry<H>> entries, String prefix) {
    this.entries = entries;
    this.prefix = prefix;
  }

  /** A view of this router whose {@link #add} puts routes below {@code prefix} ({@code /v1}). */
  public Router<H> under(String prefix) {
    return new Router<>(entries, this.prefix + prefix);
  }

  /** Adds a route; earlier routes win. */
  @CanIgnoreReturnValue
  public Router<H> add(String method, String template, H handler) {
    entries.add(new Entry<>(method, segments(prefix + template), handler));
    return this;
  }

  /** Every route, in the order they were added. */
  public List<Endpoint> endpoints() {
    return entries.stream()
        .map(entry -> new Endpoint(entry.method(), "/" + String.join("/", entry.template())))
        .toList();
  }

  /** The route for {@code method} and the raw (still percent-encoded) {@code path}. */
  public Lookup<H> find(String method, String path) {
    List<String> segments = segments(path);
    boolean pathKnown = false;
    for (Entry<H> entry : entries) {
      Optional<Map<String, String>> parameters = match(entry.template(), segments);
      if (parameters.isEmpty()) {
        continue;
      }
      if (entry.method().equals(method)) {
        return new Found<>(
            new Match<>(
                entry.handler(), "/" + String.join("/", entry.template()), parameters.get()));
      }
      pathKnown = true;
    }
    return pathKnown ? new WrongMethod<>() : new Unknown<>();
  }

  private static Optional<Map<String, String>> match(List<String> template, List<String> path) {
    if (template.size() != path.size()) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String expected = template.get(i);
      String actual = path.get(i);
      if (expected.startsWith("{") && expected.endsWith("}")) {
        Optional<String> decoded = decode(actual);
        if (decoded.isEmpty() || decoded.get().isEmpty()) {
          return Optional.empty();
        }
        parameters.put(expected.substring(1, expected.length() - 1), decoded.get());
      } else if (!expected.equals(actual)) {
        return Optional.empty();
      }
    }
    return Optional.of(parameters);
  }

  private static Optional<String> decode(String segment) {
    try {
      // URLDecoder turns '+' into a space, which no vault name has either.
      return Optional.of(URLDecoder.decode(segment, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }
}
