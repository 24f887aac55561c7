package org.elementvault.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.elementvault.engine.Vault;
import org.elementvault.server.http.Router;

/**
 * The pipeline of one connection: connection limit → TLS → read timeout → HTTP codec (line and
 * header limits) → access log → request gate (route, media types, announced size, request deadline)
 * → bearer authentication → body limit (in memory, or streamed to a temporary file for uploads) →
 * the route on a worker thread. Authentication comes before the body is read so that an
 * unauthenticated client cannot make the server buffer or store anything.
 */
final class VaultServerInitializer extends ChannelInitializer<SocketChannel> {

  private static final int MAX_INITIAL_LINE = 4096;
  private static final int MAX_CHUNK = 64 * 1024;

  private final SslContext ssl;
  private final ConnectionLimiter connectionLimiter;
  private final Router<Route> router;
  private final Vault vault;
  private final FailedLogins failedLogins;
  private final ExecutorService workers;
  private final ServerLimits limits;
  private final ServerMetrics metrics;
  private final Path temporaryDirectory;

  VaultServerInitializer(
      SslContext ssl,
      ConnectionLimiter connectionLimiter,
      Router<Route> router,
      Vault vault,
      FailedLogins failedLogins,
      ExecutorService workers,
      ServerLimits limits,
      ServerMetrics metrics,
      Path temporaryDirectory) {
    this.ssl = ssl;
    this.connectionLimiter = connectionLimiter;
    this.router = router;
    this.vault = vault;
    this.failedLogins = failedLogins;
    this.workers = workers;
    this.limits = limits;
    this.metrics = metrics;
    this.temporaryDirectory = temporaryDirectory;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("connections", connectionLimiter);
    pipeline.addLast("tls", ssl.newHandler(channel.alloc()));
    pipeline.addLast(
        "timeout", new ReadTimeoutHandler(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    pipeline.addLast(
        "http", new HttpServerCodec(MAX_INITIAL_LINE, limits.maxHeaderBytes(), MAX_CHUNK));
    pipeline.addLast("access", new AccessLog());
    pipeline.addLast("gate", new RequestGate(router, limits, metrics));
    pipeline.addLast("auth", new AuthHandler(vault, failedLogins, metrics));
    pipeline.addLast("body", new BodyHandler(temporaryDirectory, limits, metrics));
    pipeline.addLast("api", new ApiHandler(workers, limits, metrics));
  }
}
