package org.elementvault.server;

import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;
import org.elementvault.engine.auth.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one access-log line per answered request, as key-value pairs: {@code method}, {@code
 * path}, {@code status}, {@code principal}, {@code duration_ms} and {@code bytes} of the response
 * body. Refused requests are logged too, with principal {@code -} when no token was accepted.
 *
 * <p>What it must never write: a header (the bearer token travels in one), a body, or a query
 * (query values can be data: a subject, a district); the path is cut at {@code ?} and any character
 * outside the URI's own printable set is replaced, so a hostile path cannot forge a log line. One
 * instance per connection; it runs on the connection's event loop.
 */
final class AccessLog extends ChannelDuplexHandler {

  private static final Logger logger = LoggerFactory.getLogger(AccessLog.class);

  private static final AttributeKey<String> PRINCIPAL = AttributeKey.valueOf("evault.principal");

  /** Beyond this a path is cut: the codec admits request lines of several kilobytes. */
  private static final int MAX_PATH = 200;

  private static final String NONE = "-";

  private String method = NONE;
  private String path = NONE;
  private long startNanos = System.nanoTime();

  /** Records the caller of the connection's current request, once its token was accepted. */
  static void authenticated(Channel channel, Principal principal) {
    channel.attr(PRINCIPAL).set(principal.name());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      boolean malformed = request.decoderResult().isFailure();
      method = malformed ? NONE : request.method().name();
      path = malformed ? NONE : path(request.uri());
      startNanos = System.nanoTime();
      ctx.channel().attr(PRINCIPAL).set(null);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      String principal = ctx.channel().attr(PRINCIPAL).get();
      logger
          .atInfo()
          .addKeyValue("method", method)
          .addKeyValue("path", path)
          .addKeyValue("status", response.status().code())
          .addKeyValue("principal", principal == null ? NONE : principal)
          .addKeyValue("duration_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos))
          .addKeyValue(
              "bytes", msg instanceof ByteBufHolder body ? body.content().readableBytes() : 0)
          .log("request answered");
    }
    ctx.write(msg, promise);
  }

  /** The path of {@code uri} without its query or fragment, safe to print on one line. */
  static String path(String uri) {
    int end = uri.length();
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    StringBuilder path = new StringBuilder(Math.min(end, MAX_PATH + 3));
    for (int i = 0; i < Math.min(end, MAX_PATH); i++) {
      char c = uri.charAt(i);
      path.append(isPathCharacter(c) ? c : '?');
    }
    if (end > MAX_PATH) {
      path.append("...");
    }
    return path.toString();
  }

  /** RFC 3986's unreserved and sub-delimiter characters, '/', ':', '@' and '%'; no quote. */
  private static boolean isPathCharacter(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || "-._~!$&'()*+,;=/:@%".indexOf(c) >= 0;
  }
}
