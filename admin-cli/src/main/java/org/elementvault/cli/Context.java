package org.elementvault.cli;

import java.util.Objects;
import org.elementvault.engine.Names;
import org.jspecify.annotations.Nullable;

/**
 * A saved remote target: where {@code evault login} reached a server and with which files. It holds
 * paths, never the token or a key, so the config file reveals no secret.
 *
 * @param name the context's name, by the vault's naming rule
 * @param server the server's {@code https://} URL
 * @param caCert the absolute path of the CA certificate to trust, or null for the system store
 * @param tokenFile the absolute path of the file holding the token
 */
record Context(String name, String server, @Nullable String caCert, String tokenFile) {

  Context {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(tokenFile, "tokenFile");
    checkName(name);
  }

  /** Refuses a name outside the vault's naming rule, so it is safe to print. */
  static String checkName(String name) {
    if (!Names.isValid(name)) {
      throw new CliException(
          "a context name must match [a-z0-9][a-z0-9_-]{0,62} (lower-case letters, digits, - and"
              + " _)");
    }
    return name;
  }
}
