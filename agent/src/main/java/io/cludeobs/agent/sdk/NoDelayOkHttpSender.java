package io.cludeobs.agent.sdk;

import io.opentelemetry.exporter.internal.RetryUtil;
import io.opentelemetry.exporter.sender.okhttp.internal.RetryInterceptor;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.TlsVersion;
import okio.BufferedSink;

/**
 * OTLP http/protobuf over OkHttp with Nagle's algorithm off.
 *
 * <p>The SDK's OkHttp sender leaves {@code TCP_NODELAY} off, and OkHttp writes a request body in 8 KiB pieces: the
 * last piece then waits for the collector's delayed ACK, about 40 ms a request on Linux (181 requests/s with eight
 * open, against a local receiver). The SDK's JDK HttpClient sender sets it, but hands every request across three
 * threads (the caller, the client's selector and its worker pool): 360 µs of CPU a request against 214 µs here, and
 * 3,700 against 6,000 requests/s with eight open (25 KB bodies; benchmarks/throughput, docs/PERFORMANCE.md). This
 * sender runs each call on one thread of the configured executor, writes and reads there, and sets
 * {@code TCP_NODELAY} on every socket it opens. Retries follow the configured policy through the SDK's own OkHttp
 * retry interceptor (429, 502, 503 and 504, and connection failures), as the SDK's OkHttp sender does.
 */
final class NoDelayOkHttpSender implements HttpSender {

  /** Hands http/protobuf exports to {@link NoDelayOkHttpSender}. */
  static final HttpSenderProvider PROVIDER = NoDelayOkHttpSender::new;

  private final OkHttpClient client;
  private final String endpoint;
  private final MediaType mediaType;
  private final Compressor compressor;
  private final java.util.function.Supplier<Map<String, List<String>>> headers;
  private final long maxResponseBodySize;

  NoDelayOkHttpSender(HttpSenderConfig config) {
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher(config))
            .socketFactory(NoDelaySocketFactory.INSTANCE)
            .connectTimeout(config.getConnectTimeout())
            .callTimeout(config.getTimeout());
    if (config.getProxyOptions() != null) {
      b.proxySelector(config.getProxyOptions().getProxySelector());
    }
    RetryPolicy retry = config.getRetryPolicy();
    if (retry != null) {
      b.addInterceptor(
          new RetryInterceptor(
              retry, r -> RetryUtil.retryableHttpResponseCodes().contains(r.code()), NoDelayOkHttpSender::retryAfter));
    }
    if ("http".equals(config.getEndpoint().getScheme())) {
      b.connectionSpecs(java.util.Collections.singletonList(ConnectionSpec.CLEARTEXT));
    } else {
      X509TrustManager trust = config.getTrustManager();
      if (config.getSslContext() != null && trust != null) {
        b.sslSocketFactory(config.getSslContext().getSocketFactory(), trust);
      }
      List<String> protocols = config.getEnabledProtocols();
      if (protocols != null && !protocols.isEmpty()) {
        List<TlsVersion> versions = new ArrayList<>();
        for (String p : protocols) {
          versions.add(TlsVersion.forJavaName(p));
        }
        b.connectionSpecs(
            java.util.Collections.singletonList(
                new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS)
                    .tlsVersions(versions.toArray(new TlsVersion[0]))
                    .build()));
      }
    }
    this.client = b.build();
    this.endpoint = config.getEndpoint().toString();
    this.mediaType = MediaType.parse(config.getContentType());
    this.compressor = config.getCompressor();
    this.headers = config.getHeadersSupplier();
    this.maxResponseBodySize = config.getMaxResponseBodySize();
  }

  private static Dispatcher dispatcher(HttpSenderConfig config) {
    Dispatcher d = config.getExecutorService() == null ? new Dispatcher() : new Dispatcher(config.getExecutorService());
    // the caller bounds what is open at once (the span processor's in-flight limit); never queue behind OkHttp's 5
    d.setMaxRequests(Integer.MAX_VALUE);
    d.setMaxRequestsPerHost(Integer.MAX_VALUE);
    return d;
  }

  /** The wait a {@code Retry-After} header in seconds asks for, if any. */
  static OptionalLong retryAfter(Response response) {
    String value = response.header("Retry-After");
    if (value != null) {
      try {
        return OptionalLong.of(TimeUnit.SECONDS.toNanos(Long.parseLong(value.trim())));
      } catch (NumberFormatException notSeconds) {
        // an HTTP date: use the policy's own backoff
      }
    }
    return OptionalLong.empty();
  }

  @Override
  public void send(MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    Request.Builder request = new Request.Builder().url(endpoint);
    if (headers != null) {
      Map<String, List<String>> extra = headers.get();
      if (extra != null) {
        extra.forEach((name, values) -> values.forEach(v -> request.addHeader(name, v)));
      }
    }
    if (compressor != null) {
      request.addHeader("Content-Encoding", compressor.getEncoding());
    }
    request.post(new Body(message, mediaType, compressor));
    client
        .newCall(request.build())
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                onError.accept(e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                try (ResponseBody body = response.body()) {
                  byte[] bytes = read(body);
                  onResponse.accept(new Answer(response.code(), response.message(), bytes));
                } catch (IOException | RuntimeException e) {
                  onError.accept(e);
                }
              }
            });
  }

  private byte[] read(ResponseBody body) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body.byteStream()) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (maxResponseBodySize > 0 && total > maxResponseBodySize) {
          throw new IOException("collector response body longer than " + maxResponseBodySize + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    client.dispatcher().cancelAll();
    client.connectionPool().evictAll();
    // the executor belongs to the agent (shared by exporters), not to this sender
    return CompletableResultCode.ofSuccess();
  }

  /** The marshalled request, compressed when configured, written straight into OkHttp's buffer. */
  private static final class Body extends RequestBody {
    private final MessageWriter message;
    private final MediaType type;
    private final Compressor compressor;

    Body(MessageWriter message, MediaType type, Compressor compressor) {
      this.message = message;
      this.type = type;
      this.compressor = compressor;
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() {
      return compressor == null ? message.getContentLength() : -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      if (compressor == null) {
        message.writeMessage(sink.outputStream());
        return;
      }
      // closing the compressor writes its trailer; OkHttp tolerates the request sink being closed with it
      try (OutputStream compressed = compressor.compress(sink.outputStream())) {
        message.writeMessage(compressed);
      }
    }
  }

  /** What the collector answered. */
  private static final class Answer implements HttpResponse {
    private final int status;
    private final String message;
    private final byte[] body;

    Answer(int status, String message, byte[] body) {
      this.status = status;
      this.message = message;
      this.body = body;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getStatusMessage() {
      return message;
    }

    @Override
    public byte[] getResponseBody() {
      return body;
    }
  }

  /** Plain sockets with {@code TCP_NODELAY} on; TLS is layered over them by OkHttp. */
  static final class NoDelaySocketFactory extends SocketFactory {
    static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();
    private final SocketFactory plain = SocketFactory.getDefault();

    private static Socket noDelay(Socket s) throws IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(plain.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return noDelay(plain.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return noDelay(plain.createSocket(address, port, localAddress, localPort));
    }
  }
}
