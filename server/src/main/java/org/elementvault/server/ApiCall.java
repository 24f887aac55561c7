package org.elementvault.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Principal;
import org.jspecify.annotations.Nullable;

/**
 * A complete request handed to a {@link RouteHandler}: the exchange, its small body or the
 * temporary file of its upload.
 */
record ApiCall(Exchange exchange, byte[] body, @Nullable Path upload) {

  ApiCall {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(body, "body");
  }

  /** The authenticated caller of a token route. */
  Principal principal() {
    return Objects.requireNonNull(exchange.principal(), "a token route has a principal");
  }

  /** The path parameter {@code key}, checked against the vault's name rule as a {@code kind}. */
  String name(String key, String kind) {
    return Names.check(kind, parameter(key));
  }

  /** The path parameter {@code key} unchecked: for ids, which the engine looks up as given. */
  String parameter(String key) {
    return Objects.requireNonNull(exchange.pathParameters().get(key), key);
  }

  /** The query parameter {@code key}, if given. */
  Optional<String> query(String key) {
    return Optional.ofNullable(exchange.query().get(key));
  }

  /** The optional query parameter {@code key}, checked against the name rule as a {@code kind}. */
  @Nullable String queryName(String key, String kind) {
    String value = exchange.query().get(key);
    return value == null ? null : Names.check(kind, value);
  }

  /** The upload's temporary file. */
  Path uploadFile() {
    if (upload == null) {
      throw new VaultException(ErrorCode.INTERNAL, "this route takes no upload");
    }
    return upload;
  }
}
