package org.elementvault.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The saved contexts and which one is current: the whole config file as a value. Contexts are kept
 * sorted by name; the current one, if any, is one of them.
 *
 * @param current the name of the context remote calls use when no flag or variable names a target
 * @param contexts every saved context, by name
 */
record Contexts(@Nullable String current, List<Context> contexts) {

  static final Contexts EMPTY = new Contexts(null, List.of());

  Contexts {
    contexts = contexts.stream().sorted(Comparator.comparing(Context::name)).toList();
    if (contexts.stream().map(Context::name).distinct().count() != contexts.size()) {
      throw new CliException("the config file names a context twice");
    }
    if (current != null && contexts.stream().noneMatch(c -> c.name().equals(current))) {
      throw new CliException("the config file's current context is not one of its contexts");
    }
  }

  /** The current context, if one is chosen. */
  Optional<Context> currentContext() {
    return current == null ? Optional.empty() : find(current);
  }

  Optional<Context> find(String name) {
    return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** These contexts with {@code context} added or replacing its namesake, and made current. */
  Contexts withCurrent(Context context) {
    return new Contexts(
        context.name(),
        Stream.concat(
                contexts.stream().filter(c -> !c.name().equals(context.name())), Stream.of(context))
            .toList());
  }

  /** These contexts with {@code name} current. */
  Contexts use(String name) {
    return new Contexts(require(name).name(), contexts);
  }

  /** These contexts without {@code name}; no context is current if it was. */
  Contexts without(String name) {
    require(name);
    return new Contexts(
        name.equals(current) ? null : current,
        contexts.stream().filter(c -> !c.name().equals(name)).toList());
  }

  private Context require(String name) {
    return find(Context.checkName(name))
        .orElseThrow(() -> new CliException("no context named " + name));
  }
}
