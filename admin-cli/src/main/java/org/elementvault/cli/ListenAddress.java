package org.elementvault.cli;

import java.net.InetSocketAddress;
import java.util.Optional;

/** The {@code HOST:PORT} a server listens on, as {@code --listen} and the config file give it. */
final class ListenAddress {

  /** The rule a bad address breaks, for messages that name the flag or the key before it. */
  static final String RULE = "must be HOST:PORT with a port from 0 to 65535";

  private ListenAddress() {}

  /** {@code text} as a socket address, or empty if it breaks {@link #RULE}. */
  static Optional<InetSocketAddress> parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return Optional.empty();
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (port < 0 || port > 65_535 || host.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new InetSocketAddress(host, port));
  }
}
