package org.elementvault.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elementvault.engine.ErrorCode;
import org.elementvault.server.http.MediaTypes;
import org.elementvault.server.http.Router;

/**
 * Judges a request by its line and headers before anything else is done with it: malformed or
 * oversized headers, unknown routes and methods, unacceptable {@code Accept} and {@code
 * Content-Type}, and bodies announced beyond the limit are refused here. Also keeps the deadline by
 * which a request must have arrived, so slow clients cannot hold a connection.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {

  private final Router<Route> router;
  private final ServerLimits limits;
  private final ServerMetrics metrics;

  RequestGate(Router<Route> router, ServerLimits limits, ServerMetrics metrics) {
    this.router = router;
    this.limits = limits;
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    Rejections.armHeaderDeadline(ctx, limits.requestTimeout());
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (Rejections.dropIfRejected(ctx.channel(), msg)) {
      return;
    }
    if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
      DecoderResult result = object.decoderResult();
      ReferenceCountUtil.release(msg);
      refuseMalformed(ctx, result.cause());
      return;
    }
    if (!(msg instanceof HttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      Optional<Exchange> exchange = admit(ctx, request);
      if (exchange.isPresent()) {
        Route.Body body = exchange.get().route().body();
        Rejections.armBodyDeadline(
            ctx,
            metrics,
            body == Route.Body.UPLOAD ? limits.uploadTimeout() : limits.requestTimeout());
        ctx.fireChannelRead(exchange.get());
      }
    } finally {
      ReferenceCountUtil.release(request);
    }
  }

  private void refuseMalformed(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      Rejections.reject(
          ctx, metrics, 431, ErrorCode.RESOURCE_LIMIT, "request headers are too large");
    } else if (cause instanceof TooLongHttpLineException) {
      Rejections.reject(ctx, metrics, 414, ErrorCode.RESOURCE_LIMIT, "request line is too long");
    } else if (cause instanceof TooLongFrameException) {
      Rejections.reject(ctx, metrics, 413, ErrorCode.RESOURCE_LIMIT, "request is too large");
    } else {
      Rejections.reject(ctx, metrics, 400, ErrorCode.USER_ERROR, "malformed HTTP request");
    }
  }

  private Optional<Exchange> admit(ChannelHandlerContext ctx, HttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String method = request.method().name();
    String rawPath = request.uri().split("\\?", 2)[0];
    Router.Lookup<Route> lookup = router.find(method, rawPath);
    if (lookup instanceof Router.Unknown<Route>) {
      Rejections.reject(ctx, metrics, 404, ErrorCode.NOT_FOUND, "no such resource");
      return Optional.empty();
    }
    if (!(lookup instanceof Router.Found<Route> found)) {
      Rejections.reject(
          ctx, metrics, 405, ErrorCode.USER_ERROR, "method " + method + " is not allowed here");
      return Optional.empty();
    }
    Route route = found.match().handler();
    // Health and metrics answer plain text whatever a probe or scraper accepts.
    Optional<MediaTypes.Format> format =
        route.access() == Route.Access.PUBLIC
            ? Optional.of(MediaTypes.Format.JSON)
            : MediaTypes.negotiate(request.headers().get(HttpHeaderNames.ACCEPT, ""));
    if (format.isEmpty()) {
      Rejections.reject(
          ctx,
          metrics,
          406,
          ErrorCode.USER_ERROR,
          "Accept must allow application/json, text/csv or " + MediaTypes.ARROW_STREAM);
      return Optional.empty();
    }
    boolean hasBody =
        HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    if (route.body() == Route.Body.NONE && hasBody) {
      Rejections.reject(ctx, metrics, 400, ErrorCode.USER_ERROR, "this request takes no body");
      return Optional.empty();
    }
    if (route.body() != Route.Body.NONE) {
      String type = MediaTypes.bare(request.headers().get(HttpHeaderNames.CONTENT_TYPE, ""));
      if (!route.contentTypes().contains(type)) {
        Rejections.reject(
            ctx,
            metrics,
            415,
            ErrorCode.USER_ERROR,
            "Content-Type must be one of "
                + String.join(", ", route.contentTypes().stream().sorted().toList()));
        return Optional.empty();
      }
      long limit =
          route.body() == Route.Body.UPLOAD ? limits.maxUploadBytes() : limits.maxJsonBytes();
      if (HttpUtil.getContentLength(request, 0L) > limit) {
        Rejections.reject(
            ctx,
            metrics,
            413,
            ErrorCode.RESOURCE_LIMIT,
            "request body is larger than the limit of " + limit + " bytes");
        return Optional.empty();
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> parameter : uri.parameters().entrySet()) {
      if (parameter.getValue().size() != 1) {
        Rejections.reject(
            ctx, metrics, 400, ErrorCode.USER_ERROR, "each query parameter may be given once");
        return Optional.empty();
      }
      query.put(parameter.getKey(), parameter.getValue().get(0));
    }
    return Optional.of(
        new Exchange(
            method,
            found.match().template(),
            route,
            found.match().parameters(),
            query,
            request.headers(),
            null,
            source(ctx),
            format.get(),
            HttpUtil.isKeepAlive(request),
            System.nanoTime()));
  }

  static InetAddress source(ChannelHandlerContext ctx) {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
  }
}
