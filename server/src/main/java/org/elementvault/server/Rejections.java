package org.elementvault.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.elementvault.engine.ErrorCode;

/**
 * Refusing a request before it reaches a route, and the deadline by which a request must have
 * arrived. A refused request is answered at once with {@code Connection: close}; whatever else the
 * client sends on that connection is dropped, so a refused body is never read into memory.
 */
final class Rejections {

  private static final AttributeKey<Boolean> REJECTED = AttributeKey.valueOf("evault.rejected");
  private static final AttributeKey<ScheduledFuture<?>> DEADLINE =
      AttributeKey.valueOf("evault.deadline");

  /** How long a refused connection stays open to drain what the client is still sending. */
  private static final long LINGER_MILLIS = 1000;

  private Rejections() {}

  /** Answers {@code code} with {@code status} and closes the connection. */
  static void reject(
      ChannelHandlerContext ctx,
      ServerMetrics metrics,
      int status,
      ErrorCode code,
      String message) {
    reject(ctx, metrics, code, Responses.error(status, code, message));
  }

  /** Answers {@code code} with {@code reply} and closes the connection. */
  static void reject(
      ChannelHandlerContext ctx, ServerMetrics metrics, ErrorCode code, Reply reply) {
    Channel channel = ctx.channel();
    if (Boolean.TRUE.equals(channel.attr(REJECTED).getAndSet(true))) {
      return;
    }
    cancelDeadline(channel);
    metrics.refused(code);
    // Closed a moment after the answer, not at once: a client still sending its refused body
    // would otherwise see a broken pipe instead of the answer. What it sends meanwhile is dropped.
    var unused =
        Responses.writeClosing(ctx, reply)
            .addListener(
                written ->
                    channel
                        .eventLoop()
                        .schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS));
  }

  /** Whether this connection's request was refused; the caller then drops {@code message}. */
  static boolean dropIfRejected(Channel channel, Object message) {
    if (Boolean.TRUE.equals(channel.attr(REJECTED).get())) {
      ReferenceCountUtil.release(message);
      return true;
    }
    return false;
  }

  /**
   * Arms the deadline by which the next request's headers must have arrived; when it passes the
   * connection is closed without an answer (there is no request to answer).
   */
  static void armHeaderDeadline(ChannelHandlerContext ctx, Duration timeout) {
    arm(ctx.channel(), () -> ctx.close(), timeout);
  }

  /** Arms the deadline by which the rest of this request must have arrived, else 408. */
  static void armBodyDeadline(ChannelHandlerContext ctx, ServerMetrics metrics, Duration timeout) {
    arm(
        ctx.channel(),
        () ->
            reject(
                ctx,
                metrics,
                408,
                ErrorCode.RESOURCE_LIMIT,
                "the request did not arrive within " + timeout.toSeconds() + " s"),
        timeout);
  }

  private static void arm(Channel channel, Runnable expiry, Duration timeout) {
    ScheduledFuture<?> deadline =
        channel.eventLoop().schedule(expiry, timeout.toNanos(), TimeUnit.NANOSECONDS);
    ScheduledFuture<?> previous = channel.attr(DEADLINE).getAndSet(deadline);
    if (previous != null) {
      previous.cancel(false);
    }
  }

  /** Cancels the deadline: the request has arrived and is being answered. */
  static void cancelDeadline(Channel channel) {
    ScheduledFuture<?> previous = channel.attr(DEADLINE).getAndSet(null);
    if (previous != null) {
      previous.cancel(false);
    }
  }
}
