package org.elementvault.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Token;
import org.elementvault.server.http.HttpErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the bearer token of every route that needs one, before its body is read, so an
 * unauthenticated client cannot make the server store anything. A failed attempt is logged by the
 * engine ({@code auth.login}, outcome {@code FAILED}) and counted per source address by {@link
 * FailedLogins}: over the limit, a wrong token gets 429 with {@code Retry-After}, and one that
 * already failed is refused unchecked; a valid token always passes. The role is not checked here:
 * the engine's authorization table does that for every operation, as for the CLI.
 */
final class AuthHandler extends ChannelInboundHandlerAdapter {

  private static final Logger logger = LoggerFactory.getLogger(AuthHandler.class);

  private static final String BEARER = "Bearer ";

  private final Vault vault;
  private final FailedLogins failedLogins;
  private final ServerMetrics metrics;

  AuthHandler(Vault vault, FailedLogins failedLogins, ServerMetrics metrics) {
    this.vault = vault;
    this.failedLogins = failedLogins;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (Rejections.dropIfRejected(ctx.channel(), msg)) {
      return;
    }
    if (!(msg instanceof Exchange exchange) || exchange.route().access() == Route.Access.PUBLIC) {
      ctx.fireChannelRead(msg);
      return;
    }
    String header = exchange.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      Rejections.reject(ctx, metrics, 401, ErrorCode.ACCESS_DENIED, "a bearer token is required");
      return;
    }
    char[] presented = header.substring(BEARER.length()).trim().toCharArray();
    String fingerprint = failedLogins.fingerprint(presented);
    Token token = Token.of(presented);
    Arrays.fill(presented, '\0');
    Principal principal;
    try {
      Optional<Duration> known = failedLogins.refusal(exchange.source(), fingerprint);
      if (known.isPresent()) {
        tooMany(ctx, known.get());
        return;
      }
      principal = vault.authenticate(token);
    } catch (VaultException e) {
      if (e.code() != ErrorCode.ACCESS_DENIED) {
        Rejections.reject(ctx, metrics, HttpErrors.status(e.code()), e.code(), e.getMessage());
        return;
      }
      logger.warn("failed authentication from {}", exchange.source().getHostAddress());
      Optional<Duration> limited = failedLogins.failed(exchange.source(), fingerprint);
      if (limited.isPresent()) {
        tooMany(ctx, limited.get());
      } else {
        Rejections.reject(ctx, metrics, 401, e.code(), e.getMessage());
      }
      return;
    } finally {
      token.destroy();
    }
    AccessLog.authenticated(ctx.channel(), principal);
    ctx.fireChannelRead(
        new Exchange(
            exchange.method(),
            exchange.routeTemplate(),
            exchange.route(),
            exchange.pathParameters(),
            exchange.query(),
            exchange.headers(),
            principal,
            exchange.source(),
            exchange.format(),
            exchange.keepAlive(),
            exchange.startNanos()));
  }

  private void tooMany(ChannelHandlerContext ctx, Duration wait) {
    Rejections.reject(
        ctx,
        metrics,
        ErrorCode.RESOURCE_LIMIT,
        Responses.error(
                429,
                ErrorCode.RESOURCE_LIMIT,
                "too many failed authentications from this address; try again later")
            .withRetryAfter(wait));
  }
}
