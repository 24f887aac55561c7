package org.elementvault.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.elementvault.engine.ErrorCode;
import org.elementvault.server.http.MediaTypes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request's body within its limit. Small documents are held in memory up to the JSON limit;
 * a dataset upload is streamed to a file of mode 600 in the vault's own {@code tmp/} directory
 * (mode 700), up to the upload limit, because the import reads a file. The file exists only until
 * the import has read it: {@link ApiHandler} deletes it in a {@code finally}, and this handler
 * deletes it when the request is refused or the connection drops mid-upload.
 */
final class BodyHandler extends ChannelInboundHandlerAdapter {

  private static final Logger logger = LoggerFactory.getLogger(BodyHandler.class);

  private final Path temporaryDirectory;
  private final ServerLimits limits;
  private final ServerMetrics metrics;

  private @Nullable Exchange exchange;
  private @Nullable ByteArrayOutputStream small;
  private @Nullable Path uploadFile;
  private @Nullable FileChannel upload;
  private long received;

  BodyHandler(Path temporaryDirectory, ServerLimits limits, ServerMetrics metrics) {
    this.temporaryDirectory = temporaryDirectory;
    this.limits = limits;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
    if (Rejections.dropIfRejected(ctx.channel(), msg)) {
      discard();
      return;
    }
    if (msg instanceof Exchange started) {
      begin(ctx, started);
      return;
    }
    if (!(msg instanceof HttpContent content)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      Exchange current = exchange;
      if (current == null) {
        // Content of a request that was never admitted: nothing to do with it.
        return;
      }
      if (!append(ctx, current, content.content())) {
        return;
      }
      if (content instanceof LastHttpContent) {
        finish(ctx, current);
      }
    } finally {
      content.release();
    }
  }

  private void begin(ChannelHandlerContext ctx, Exchange started) throws IOException {
    discard();
    exchange = started;
    received = 0;
    if (started.route().body() == Route.Body.UPLOAD) {
      Files.createDirectories(
          temporaryDirectory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      uploadFile =
          Files.createTempFile(
              temporaryDirectory,
              "upload-",
              extension(started.headers().get(HttpHeaderNames.CONTENT_TYPE, "")),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      upload = FileChannel.open(uploadFile, StandardOpenOption.WRITE);
    } else {
      small = new ByteArrayOutputStream();
    }
    if (started.headers().contains(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE, true)) {
      // Only now, after authentication: a refused client never gets to send its body.
      var unused =
          ctx.writeAndFlush(
              new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
  }

  private boolean append(ChannelHandlerContext ctx, Exchange current, ByteBuf bytes)
      throws IOException {
    int length = bytes.readableBytes();
    received += length;
    long limit =
        current.route().body() == Route.Body.UPLOAD
            ? limits.maxUploadBytes()
            : current.route().body() == Route.Body.SMALL ? limits.maxJsonBytes() : 0;
    if (received > limit) {
      discard();
      if (current.route().body() == Route.Body.NONE) {
        Rejections.reject(ctx, metrics, 400, ErrorCode.USER_ERROR, "this request takes no body");
      } else {
        Rejections.reject(
            ctx,
            metrics,
            413,
            ErrorCode.RESOURCE_LIMIT,
            "request body is larger than the limit of " + limit + " bytes");
      }
      return false;
    }
    if (length == 0) {
      return true;
    }
    FileChannel file = upload;
    if (file != null) {
      var unused = bytes.readBytes(file, file.position(), length);
      file.position(file.position() + length);
    } else if (small != null) {
      bytes.readBytes(small, length);
    }
    return true;
  }

  private void finish(ChannelHandlerContext ctx, Exchange current) throws IOException {
    Rejections.cancelDeadline(ctx.channel());
    // One request at a time per connection: reading resumes once this one is answered.
    var unused = ctx.channel().config().setAutoRead(false);
    byte[] body = small == null ? new byte[0] : small.toByteArray();
    Path file = uploadFile;
    if (upload != null) {
      upload.force(false);
      upload.close();
    }
    exchange = null;
    small = null;
    upload = null;
    uploadFile = null;
    // From here on ApiHandler owns (and deletes) the upload file.
    ctx.fireChannelRead(new ApiCall(current, body, file));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    discard();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    discard();
  }

  /** Drops a partial body and deletes a partial upload. */
  private void discard() {
    exchange = null;
    small = null;
    FileChannel file = upload;
    Path path = uploadFile;
    upload = null;
    uploadFile = null;
    try {
      if (file != null) {
        file.close();
      }
      if (path != null) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      logger.warn("could not delete a partial upload in {}", temporaryDirectory, e);
    }
  }

  /** The file extension by which the import recognizes the upload's format. */
  private static String extension(String contentType) {
    return switch (MediaTypes.bare(contentType)) {
      case MediaTypes.ARROW_STREAM -> ".arrows";
      case MediaTypes.ARROW_FILE -> ".arrow";
      case MediaTypes.ONNX -> ".onnx";
      default -> ".csv";
    };
  }
}
