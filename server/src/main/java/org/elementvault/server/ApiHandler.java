package org.elementvault.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.server.http.HttpErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a complete request's route on a worker thread (vault operations block) and writes its reply.
 * A {@link VaultException} becomes its JSON error with the status of its code; anything else is a
 * fault, answered 500 without its message, which could carry a value.
 */
final class ApiHandler extends ChannelInboundHandlerAdapter {

  private static final Logger logger = LoggerFactory.getLogger(ApiHandler.class);

  private final ExecutorService workers;
  private final ServerLimits limits;
  private final ServerMetrics metrics;

  ApiHandler(ExecutorService workers, ServerLimits limits, ServerMetrics metrics) {
    this.workers = workers;
    this.limits = limits;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ApiCall call)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      workers.execute(() -> answer(ctx, call));
    } catch (RejectedExecutionException e) {
      deleteUpload(call);
      Rejections.reject(
          ctx, metrics, 503, ErrorCode.RESOURCE_LIMIT, "the server is busy or shutting down");
    }
  }

  private void answer(ChannelHandlerContext ctx, ApiCall call) {
    Exchange exchange = call.exchange();
    Reply reply;
    MDC.put("route", exchange.routeTemplate());
    try {
      reply = exchange.route().handler().handle(call);
    } catch (VaultException e) {
      metrics.refused(e.code());
      reply = Responses.error(HttpErrors.status(e.code()), e.code(), e.getMessage());
    } catch (Exception | Error e) {
      logger.error("request to {} failed", exchange.routeTemplate(), e);
      metrics.refused(ErrorCode.INTERNAL);
      reply = Responses.error(500, ErrorCode.INTERNAL, "internal error");
    } finally {
      deleteUpload(call);
      MDC.remove("route");
    }
    metrics.request(
        exchange.method(),
        exchange.routeTemplate(),
        reply.status(),
        Duration.ofNanos(System.nanoTime() - exchange.startNanos()));
    boolean keepAlive = exchange.keepAlive();
    var unused =
        Responses.write(ctx, reply, keepAlive)
            .addListener(
                written -> {
                  if (keepAlive && written.isSuccess()) {
                    Rejections.armHeaderDeadline(ctx, limits.idleTimeout());
                    var ignored = ctx.channel().config().setAutoRead(true);
                  }
                });
  }

  /** The upload has been imported or refused: its plaintext must not stay on disk. */
  private static void deleteUpload(ApiCall call) {
    Path file = call.upload();
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      logger.error("could not delete an upload's temporary file", e);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ReadTimeoutException) {
      logger.debug("closing an idle connection");
    } else if (cause instanceof DecoderException
            && cause.getCause() instanceof NotSslRecordException
        || cause instanceof IOException) {
      logger.debug("connection failed", cause);
    } else {
      logger.warn("connection failed: {}", cause.getClass().getSimpleName());
    }
    var unused = ctx.close();
  }
}
