package org.elementvault.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.atomic.AtomicInteger;
import org.elementvault.engine.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection at once when {@code max} are already open, before its TLS handshake costs
 * anything; tracks open connections for graceful shutdown and the metrics.
 */
@Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

  private static final Logger logger = LoggerFactory.getLogger(ConnectionLimiter.class);

  private final int max;
  private final AtomicInteger open;
  private final ChannelGroup channels;
  private final ServerMetrics metrics;

  ConnectionLimiter(int max, ChannelGroup channels, ServerMetrics metrics) {
    this.max = max;
    this.open = metrics.connections();
    this.channels = channels;
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (open.incrementAndGet() > max) {
      metrics.refused(ErrorCode.RESOURCE_LIMIT);
      logger.warn("refused a connection: {} connections are open", max);
      var unused = ctx.close();
      return;
    }
    var unused = channels.add(ctx.channel());
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    open.decrementAndGet();
    super.channelInactive(ctx);
  }
}
