package org.elementvault.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.elementvault.engine.ErrorCode;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Wire;

/** Builds and writes responses; errors are {@code {"code": "...", "message": "..."}}. */
final class Responses {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The wait sent with a 429 that names none: the engine's limits (memory, result size, quotas)
   * depend on what else runs, not on a clock, so this is only a polite pace for retries.
   */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

  private Responses() {}

  /** The JSON error body for {@code code}; the message names a rule, never a data value. */
  static Reply error(int status, ErrorCode code, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("code", code.name());
    node.put("message", message);
    return new Reply(status, MediaTypes.JSON, node.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code reply}; closes the connection afterwards unless {@code keepAlive}.
   *
   * @return the write's future
   */
  static ChannelFuture write(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
    ChannelFuture future = send(ctx, reply, keepAlive);
    if (!keepAlive) {
      var unused = future.addListener(ChannelFutureListener.CLOSE);
    }
    return future;
  }

  /** Writes {@code reply} with {@code Connection: close}; the caller closes the connection. */
  static ChannelFuture writeClosing(ChannelHandlerContext ctx, Reply reply) {
    return send(ctx, reply, false);
  }

  private static ChannelFuture send(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(reply.status()),
            Unpooled.wrappedBuffer(reply.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    response.headers().set("X-Content-Type-Options", "nosniff");
    if (reply.jobId() != null) {
      response.headers().set(Wire.JOB_HEADER, reply.jobId());
    }
    if (reply.status() == 429) {
      Duration wait = reply.retryAfter() == null ? DEFAULT_RETRY_AFTER : reply.retryAfter();
      response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(wait.toSeconds()));
    }
    if (reply.status() == 401) {
      response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"evault\"");
    }
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return ctx.writeAndFlush(response);
  }
}
