package org.elementvault.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.StrictYaml;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@code evault serve --config FILE}: a flat YAML map of the serve options, each
 * one optional, so that a flag (or an {@code EVAULT_*} variable) can supply or override any of
 * them. Relative paths are read from the file's directory, so a configuration moves with its files.
 * Secrets are never in the file, only the paths of the files that hold them: a key that would hold
 * one inline is refused with a pointer to its {@code _file} form.
 *
 * <p>Hostile input: an unknown or repeated key, a value that is not a single scalar, or a bad port
 * or format is refused with one line naming the key and the rule, never the value.
 */
record ServeConfig(
    Optional<InetSocketAddress> listen,
    Optional<Path> vault,
    Optional<Path> passphraseFile,
    Optional<Path> keyFile,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    Optional<Integer> maxConnections,
    Optional<LogFormat> logFormat) {

  /** Larger files are not configurations. */
  static final int MAX_FILE_BYTES = 64 * 1024;

  /** Every key the file may hold, in the order the example file lists them. */
  static final List<String> KEYS =
      List.of(
          "listen",
          "vault",
          "passphrase_file",
          "key_file",
          "tls_cert",
          "tls_key",
          "max_connections",
          "log_format");

  /** Keys that would put a secret in the file, and the key that names a file instead. */
  private static final Map<String, String> INLINE_SECRETS =
      Map.of(
          "passphrase", "passphrase_file",
          "key", "key_file",
          "master_key", "key_file");

  private static final StrictYaml YAML = new StrictYaml("config", MAX_FILE_BYTES, 2);

  ServeConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(passphraseFile, "passphraseFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    Objects.requireNonNull(maxConnections, "maxConnections");
    Objects.requireNonNull(logFormat, "logFormat");
  }

  /** No file: every setting comes from flags and variables. */
  static ServeConfig none() {
    return new ServeConfig(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Reads {@code file}.
   *
   * @throws CliException if the file cannot be read
   * @throws VaultException {@code USER_ERROR} if it breaks a rule of the class comment
   */
  static ServeConfig read(Path file) {
    byte[] yaml;
    try {
      yaml = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new CliException(
          "cannot read config file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    Path directory = file.toAbsolutePath().getParent();
    return YAML.read(yaml, tokens -> parse(tokens, directory));
  }

  private static ServeConfig parse(StrictYaml.Tokens tokens, Path directory) throws IOException {
    if (tokens.current() != JsonToken.START_OBJECT) {
      throw refused("the file must be a map of settings (key: value)");
    }
    Map<String, String> values = new HashMap<>();
    JsonParser parser = tokens.parser();
    while (tokens.next() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      checkKey(key);
      JsonToken value = tokens.next();
      if (!value.isScalarValue() || value == JsonToken.VALUE_NULL) {
        throw refused(key + " must be a single value");
      }
      if (values.put(key, parser.getText()) != null) {
        throw refused(key + " is given twice");
      }
    }
    ServeConfig config =
        new ServeConfig(
            listen(values.get("listen")),
            path(values, "vault", directory),
            path(values, "passphrase_file", directory),
            path(values, "key_file", directory),
            path(values, "tls_cert", directory),
            path(values, "tls_key", directory),
            maxConnections(values.get("max_connections")),
            logFormat(values.get("log_format")));
    if (config.passphraseFile().isPresent() && config.keyFile().isPresent()) {
      throw refused("give passphrase_file or key_file, not both");
    }
    return config;
  }

  private static void checkKey(String key) {
    if (KEYS.contains(key)) {
      return;
    }
    String instead = INLINE_SECRETS.get(key);
    if (instead != null) {
      throw refused(key + " may not be written in the file: use " + instead + " instead");
    }
    throw refused(
        "unknown key" + StrictYaml.shown(key) + " (known: " + String.join(", ", KEYS) + ")");
  }

  private static Optional<InetSocketAddress> listen(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(
        ListenAddress.parse(value).orElseThrow(() -> refused("listen " + ListenAddress.RULE)));
  }

  private static Optional<Path> path(Map<String, String> values, String key, Path directory) {
    String value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isBlank() || value.indexOf('\0') >= 0) {
      throw refused(key + " must be a file path");
    }
    return Optional.of(directory.resolve(value).normalize());
  }

  private static Optional<Integer> maxConnections(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      int connections = Integer.parseInt(value);
      if (connections >= 1) {
        return Optional.of(connections);
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal
    }
    throw refused("max_connections must be a whole number of at least 1");
  }

  private static Optional<LogFormat> logFormat(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (LogFormat format : LogFormat.values()) {
      if (format.name().equalsIgnoreCase(value)) {
        return Optional.of(format);
      }
    }
    throw refused("log_format must be text or json");
  }

  private static VaultException refused(String rule) {
    return new VaultException(ErrorCode.USER_ERROR, "config: " + rule);
  }
}
