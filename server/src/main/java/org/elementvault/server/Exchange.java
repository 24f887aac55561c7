package org.elementvault.server;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import org.elementvault.engine.auth.Principal;
import org.elementvault.server.http.MediaTypes;
import org.jspecify.annotations.Nullable;

/**
 * One request as it passes the pipeline after its headers were accepted: the route, the caller and
 * what the reply should look like. Passed from {@link AuthHandler} to {@link BodyHandler} and then,
 * with its body, to {@link ApiHandler}.
 */
record Exchange(
    String method,
    String routeTemplate,
    Route route,
    Map<String, String> pathParameters,
    Map<String, String> query,
    HttpHeaders headers,
    @Nullable Principal principal,
    InetAddress source,
    MediaTypes.Format format,
    boolean keepAlive,
    long startNanos) {

  Exchange {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(routeTemplate, "routeTemplate");
    Objects.requireNonNull(route, "route");
    pathParameters = Map.copyOf(pathParameters);
    query = Map.copyOf(query);
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
  }
}
