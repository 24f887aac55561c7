package org.elementvault.server;

import java.util.Objects;
import java.util.Set;

/**
 * One operation of the API: how its request is read and whether it needs a token.
 *
 * @param access whether a bearer token is required
 * @param body what the request body is
 * @param contentTypes the bare media types the body may have (empty when there is no body)
 * @param handler the code that answers it
 */
record Route(Access access, Body body, Set<String> contentTypes, RouteHandler handler) {

  /** Who may call a route. */
  enum Access {
    /** No token: health, readiness and metrics. */
    PUBLIC,
    /** A valid bearer token; the engine then checks the role. */
    TOKEN
  }

  /** What a request body is and where it is kept while it arrives. */
  enum Body {
    /** No body; one that is sent anyway is refused. */
    NONE,
    /** A small document held in memory, up to the JSON limit. */
    SMALL,
    /** A dataset file streamed to a temporary file, up to the upload limit. */
    UPLOAD
  }

  Route {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(body, "body");
    contentTypes = Set.copyOf(contentTypes);
    Objects.requireNonNull(handler, "handler");
  }

  static Route open(RouteHandler handler) {
    return new Route(Access.PUBLIC, Body.NONE, Set.of(), handler);
  }

  static Route read(RouteHandler handler) {
    return new Route(Access.TOKEN, Body.NONE, Set.of(), handler);
  }

  static Route write(Set<String> contentTypes, RouteHandler handler) {
    return new Route(Access.TOKEN, Body.SMALL, contentTypes, handler);
  }

  static Route upload(Set<String> contentTypes, RouteHandler handler) {
    return new Route(Access.TOKEN, Body.UPLOAD, contentTypes, handler);
  }
}
