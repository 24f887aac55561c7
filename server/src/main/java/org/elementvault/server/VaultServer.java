package org.elementvault.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.server.api.EmbeddedApi;
import org.elementvault.server.http.Router;
import org.elementvault.server.http.Wire;
import org.elementvault.server.tls.ServerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's HTTPS API server: binds a TLS-only (1.3, or 1.2) Netty server on one address and
 * serves the routes of {@code docs/api.md} over one open vault, with one {@link Sandbox} shared by
 * every caller so tenants' concurrent-job quotas hold across connections.
 *
 * <p>Owns the vault it is given: {@link #close()} stops accepting connections, lets running
 * requests (element jobs included) finish within the grace period and interrupts those that do not,
 * closes every connection, and then closes the vault, which flushes and releases RocksDB.
 * Thread-safe.
 */
public final class VaultServer implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(VaultServer.class);

  /** The vault directory's subdirectory for uploads and per-call files, mode 700. */
  public static final String TEMPORARY_DIRECTORY = "tmp";

  /** How long running requests may take to finish at shutdown before they are interrupted. */
  public static final Duration GRACE = Duration.ofSeconds(30);

  /** Free space below which the server is not ready: the log could not be appended. */
  private static final long MIN_FREE_BYTES = 64L * 1024 * 1024;

  private final Vault vault;
  private final EventLoopGroup bosses;
  private final EventLoopGroup workers;
  private final ThreadPoolExecutor operations;
  private final ChannelGroup connections;
  private final Channel listener;
  private final ServerMetrics metrics;
  private final AtomicBoolean draining;
  private final Router<Route> router;
  private final AtomicBoolean closing = new AtomicBoolean();

  private VaultServer(
      Vault vault,
      EventLoopGroup bosses,
      EventLoopGroup workers,
      ThreadPoolExecutor operations,
      ChannelGroup connections,
      Channel listener,
      ServerMetrics metrics,
      AtomicBoolean draining,
      Router<Route> router) {
    this.vault = vault;
    this.router = router;
    this.draining = draining;
    this.bosses = bosses;
    this.workers = workers;
    this.operations = operations;
    this.connections = connections;
    this.listener = listener;
    this.metrics = metrics;
  }

  /**
   * Binds {@code address} and starts serving {@code vault}, which the server then owns.
   *
   * @throws VaultException {@code USER_ERROR} if the address cannot be bound; the vault is then
   *     left open for the caller to close
   */
  public static VaultServer start(
      Vault vault,
      ServerIdentity identity,
      InetSocketAddress address,
      ServerLimits limits,
      Clock clock) {
    Path temporary = vault.directory().resolve(TEMPORARY_DIRECTORY);
    clearTemporary(temporary);
    SslContext ssl = sslContext(identity);
    ServerMetrics metrics = new ServerMetrics(vault.chunkCache());
    Sandbox sandbox = new Sandbox(vault);
    Apis apis = principal -> new EmbeddedApi(vault, sandbox, principal);
    TemporaryFiles files = new TemporaryFiles(temporary);
    AtomicBoolean draining = new AtomicBoolean();
    Router<Route> router = new Router<>();
    // Probes and scrapers keep their customary unversioned paths; the API is under /v1.
    HealthRoutes.register(router, () -> !draining.get() && isWritable(vault), metrics);
    Router<Route> api = router.under(Wire.API_PREFIX);
    OpenApiRoutes.register(api);
    StatusRoutes.register(api, apis);
    TenantRoutes.register(api, apis);
    UserRoutes.register(api, apis, files);
    DatasetRoutes.register(api, apis, metrics);
    ElementRoutes.register(api, apis, metrics);
    ProductRoutes.register(api, apis);
    ModelRoutes.register(api, apis);
    JobRoutes.register(api, apis);
    KeyRoutes.register(api, apis);
    LogRoutes.register(api, apis, files);

    ThreadPoolExecutor operations =
        new ThreadPoolExecutor(
            limits.workerThreads(),
            limits.workerThreads(),
            1,
            TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(limits.maxConnections()),
            threads("evault-op"));
    EventLoopGroup bosses = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(bosses, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 128)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new VaultServerInitializer(
                    ssl,
                    new ConnectionLimiter(limits.maxConnections(), connections, metrics),
                    router,
                    vault,
                    new FailedLogins(limits.failedLogins(), limits.failedLoginWindow(), clock),
                    operations,
                    limits,
                    metrics,
                    temporary));
    Channel listener;
    try {
      listener = bootstrap.bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      metrics.close();
      operations.shutdownNow();
      var unusedBosses = bosses.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      var unusedWorkers = workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new VaultException(ErrorCode.USER_ERROR, "cannot listen on " + address, e);
    }
    VaultServer server =
        new VaultServer(
            vault, bosses, workers, operations, connections, listener, metrics, draining, router);
    logger.info(
        "serving vault {} on https://{}:{} over TLS 1.3 or 1.2 with {} (CA SHA-256 {})",
        vault.id(),
        server.address().getHostString(),
        server.address().getPort(),
        identity.caPem() == null ? "the operator's certificate chain" : "the vault's own CA",
        identity.caFingerprint());
    return server;
  }

  /** The address the server listens on (with the actual port when port 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /** The route table: every method and path template the server answers. */
  public List<Router.Endpoint> endpoints() {
    return router.endpoints();
  }

  /** The server's metrics. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** Stops the server gracefully and closes the vault; see the class comment. Idempotent. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    draining.set(true);
    logger.info("stopping: no new connections; waiting for running requests");
    var unusedClose = listener.close().awaitUninterruptibly();
    operations.shutdown();
    try {
      if (!operations.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        logger.warn("interrupting requests still running after {}", GRACE);
        var unusedCancelled = operations.shutdownNow();
        var unusedAwait = operations.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      var unusedCancelled = operations.shutdownNow();
    }
    var unusedConnections = connections.close().awaitUninterruptibly();
    var unusedWorkers = workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    var unusedBosses = bosses.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    metrics.close();
    vault.close();
    logger.info("stopped: vault {} closed", vault.id());
  }

  private static SslContext sslContext(ServerIdentity identity) {
    try {
      return SslContextBuilder.forServer(
              identity.key(), identity.chain().toArray(java.security.cert.X509Certificate[]::new))
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .clientAuth(ClientAuth.NONE)
          .applicationProtocolConfig(ApplicationProtocolConfig.DISABLED)
          .build();
    } catch (SSLException | RuntimeException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "the server's TLS identity is unusable", e);
    }
  }

  private static boolean isWritable(Vault vault) {
    try {
      Path directory = vault.directory();
      return Files.isWritable(directory)
          && Files.getFileStore(directory).getUsableSpace() > MIN_FREE_BYTES;
    } catch (IOException e) {
      return false;
    }
  }

  /** Uploads left by a crash must not stay on disk. */
  private static void clearTemporary(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!file.equals(directory)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new VaultException(
          ErrorCode.INTERNAL, "cannot clear the vault's temporary directory", e);
    }
  }

  private static java.util.concurrent.ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
