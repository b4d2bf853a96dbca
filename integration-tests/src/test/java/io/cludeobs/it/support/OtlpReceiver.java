package io.cludeobs.it.support;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP endpoint (gRPC or HTTP/protobuf) on 127.0.0.1 that records every trace and metric export it receives.
 *
 * <p>Headers are recorded per request (traces and metrics alike) with lower-case names and the first value of each;
 * the pseudo-header {@code :path} holds the HTTP path ({@code /v1/traces}) or the full gRPC method name.
 */
public final class OtlpReceiver implements AutoCloseable {

  /** The OTLP transport the receiver speaks. */
  public enum Protocol {
    GRPC,
    HTTP_PROTOBUF
  }

  static final String PROTOBUF_CONTENT_TYPE = "application/x-protobuf";

  private static final Context.Key<Map<String, String>> GRPC_HEADERS = Context.key("clude-it-headers");

  private final Protocol protocol;
  private final Object lock = new Object();
  private final List<ExportTraceServiceRequest> traceRequests = new ArrayList<>();
  private final List<ExportMetricsServiceRequest> metricRequests = new ArrayList<>();
  private final List<Map<String, String>> requestHeaders = new ArrayList<>();
  private int rejectedRequests;
  private volatile boolean rejecting;

  private SelfSignedCertificate certificate;
  private Server grpcServer;
  private HttpServer httpServer;
  private ExecutorService httpExecutor;
  private int port;

  private OtlpReceiver(Protocol protocol) {
    this.protocol = protocol;
  }

  /** Starts a receiver for {@code protocol} on a free loopback port. */
  public static OtlpReceiver start(Protocol protocol) {
    OtlpReceiver receiver = new OtlpReceiver(Objects.requireNonNull(protocol, "protocol"));
    try {
      if (protocol == Protocol.GRPC) {
        receiver.startGrpc();
      } else {
        receiver.startHttp();
      }
    } catch (IOException e) {
      receiver.close();
      throw new UncheckedIOException("could not start the OTLP " + protocol + " receiver on 127.0.0.1", e);
    }
    return receiver;
  }

  /**
   * Starts a receiver for {@code protocol} that serves TLS only, with {@code certificate}'s key; {@link
   * #endpoint()} is then an {@code https://} URL.
   */
  public static OtlpReceiver startTls(Protocol protocol, SelfSignedCertificate certificate) {
    OtlpReceiver receiver = new OtlpReceiver(Objects.requireNonNull(protocol, "protocol"));
    receiver.certificate = Objects.requireNonNull(certificate, "certificate");
    try {
      if (protocol == Protocol.GRPC) {
        receiver.startGrpc();
      } else {
        receiver.startHttp();
      }
    } catch (IOException e) {
      receiver.close();
      throw new UncheckedIOException("could not start the OTLP " + protocol + " TLS receiver on 127.0.0.1", e);
    }
    return receiver;
  }

  /**
   * Returns a loopback port nobody listens on right now, for "the endpoint refuses connections" tests.
   *
   * <p>The port is bound and released, so another process could in principle take it before the test uses it.
   */
  public static int unusedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port on 127.0.0.1", e);
    }
  }

  private void startGrpc() throws IOException {
    ServerInterceptor headerCapture =
        new ServerInterceptor() {
          @Override
          public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
              ServerCall<ReqT, RespT> call, Metadata metadata, ServerCallHandler<ReqT, RespT> next) {
            Map<String, String> headers = new TreeMap<>();
            for (String key : metadata.keys()) {
              if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                String value = metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
                headers.put(key.toLowerCase(Locale.ROOT), value);
              }
            }
            headers.put(":path", call.getMethodDescriptor().getFullMethodName());
            Context context = Context.current().withValue(GRPC_HEADERS, Collections.unmodifiableMap(headers));
            return Contexts.interceptCall(context, call, metadata, next);
          }
        };
    TraceServiceGrpc.TraceServiceImplBase traces =
        new TraceServiceGrpc.TraceServiceImplBase() {
          @Override
          public void export(
              ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
            if (recordTraces(request, GRPC_HEADERS.get())) {
              response.onNext(ExportTraceServiceResponse.getDefaultInstance());
              response.onCompleted();
            } else {
              response.onError(Status.UNAVAILABLE.withDescription("receiver is rejecting").asRuntimeException());
            }
          }
        };
    MetricsServiceGrpc.MetricsServiceImplBase metrics =
        new MetricsServiceGrpc.MetricsServiceImplBase() {
          @Override
          public void export(
              ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> response) {
            if (recordMetrics(request, GRPC_HEADERS.get())) {
              response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
              response.onCompleted();
            } else {
              response.onError(Status.UNAVAILABLE.withDescription("receiver is rejecting").asRuntimeException());
            }
          }
        };
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(ServerInterceptors.intercept(traces, headerCapture))
            .addService(ServerInterceptors.intercept(metrics, headerCapture));
    if (certificate != null) {
      builder.sslContext(certificate.grpcContext());
    }
    grpcServer = builder.build().start();
    port = grpcServer.getPort();
  }

  private void startHttp() throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (certificate != null) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(certificate.sslContext()));
      httpServer = https;
    } else {
      httpServer = HttpServer.create(address, 0);
    }
    httpExecutor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "otlp-http-receiver");
              thread.setDaemon(true);
              return thread;
            });
    httpServer.setExecutor(httpExecutor);
    httpServer.createContext("/", this::handleHttp);
    httpServer.start();
    port = httpServer.getAddress().getPort();
  }

  private void handleHttp(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Function<byte[], byte[]> handler;
      if ("/v1/traces".equals(path)) {
        handler = body -> handleTraceBody(body, headersOf(exchange, path));
      } else if ("/v1/metrics".equals(path)) {
        handler = body -> handleMetricBody(body, headersOf(exchange, path));
      } else {
        respondText(exchange, 404, "no OTLP endpoint at " + path + "\n");
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        respondText(exchange, 405, "use POST for " + path + "\n");
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
      if (!PROTOBUF_CONTENT_TYPE.equalsIgnoreCase(mediaType)) {
        respondText(exchange, 415, "only " + PROTOBUF_CONTENT_TYPE + " is accepted, got " + contentType + "\n");
        return;
      }
      byte[] body;
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      try (InputStream raw = exchange.getRequestBody();
          InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw) {
        body = in.readAllBytes();
      }
      byte[] answer;
      try {
        answer = handler.apply(body);
      } catch (IllegalArgumentException e) {
        respondText(exchange, 400, e.getMessage() + "\n");
        return;
      }
      if (answer == null) {
        respondText(exchange, 503, "receiver is rejecting\n");
      } else {
        respond(exchange, 200, PROTOBUF_CONTENT_TYPE, answer);
      }
    }
  }

  private byte[] handleTraceBody(byte[] body, Map<String, String> headers) {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("body is not an ExportTraceServiceRequest: " + e.getMessage(), e);
    }
    return recordTraces(request, headers) ? ExportTraceServiceResponse.getDefaultInstance().toByteArray() : null;
  }

  private byte[] handleMetricBody(byte[] body, Map<String, String> headers) {
    ExportMetricsServiceRequest request;
    try {
      request = ExportMetricsServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("body is not an ExportMetricsServiceRequest: " + e.getMessage(), e);
    }
    return recordMetrics(request, headers) ? ExportMetricsServiceResponse.getDefaultInstance().toByteArray() : null;
  }

  private static Map<String, String> headersOf(HttpExchange exchange, String path) {
    Map<String, String> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    headers.put(":path", path);
    return Collections.unmodifiableMap(headers);
  }

  private static void respondText(HttpExchange exchange, int status, String text) throws IOException {
    respond(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // -1 tells HttpServer "no body"; 0 would mean chunked
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private boolean recordTraces(ExportTraceServiceRequest request, Map<String, String> headers) {
    synchronized (lock) {
      if (rejecting) {
        rejectedRequests++;
        lock.notifyAll();
        return false;
      }
      traceRequests.add(request);
      requestHeaders.add(headers);
      lock.notifyAll();
      return true;
    }
  }

  private boolean recordMetrics(ExportMetricsServiceRequest request, Map<String, String> headers) {
    synchronized (lock) {
      if (rejecting) {
        rejectedRequests++;
        lock.notifyAll();
        return false;
      }
      metricRequests.add(request);
      requestHeaders.add(headers);
      lock.notifyAll();
      return true;
    }
  }

  /**
   * The base URL exporters should use, e.g. {@code http://127.0.0.1:4318} (no {@code /v1/...} suffix); {@code
   * https} for a {@link #startTls} receiver.
   */
  public String endpoint() {
    return (certificate != null ? "https" : "http") + "://127.0.0.1:" + port;
  }

  /** The port the receiver listens on. */
  public int port() {
    return port;
  }

  /** The protocol this receiver speaks. */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * While {@code true}, every export is answered with HTTP 503 / gRPC UNAVAILABLE and only counted in
   * {@link #rejectedRequests()}, not recorded.
   */
  public void rejectRequests(boolean reject) {
    rejecting = reject;
  }

  /** How many exports were refused while {@link #rejectRequests(boolean)} was on. */
  public int rejectedRequests() {
    synchronized (lock) {
      return rejectedRequests;
    }
  }

  /** Every recorded trace export request, in arrival order. */
  public List<ExportTraceServiceRequest> traceExportRequests() {
    synchronized (lock) {
      return List.copyOf(traceRequests);
    }
  }

  /** Every recorded metric export request, in arrival order. */
  public List<ExportMetricsServiceRequest> metricExportRequests() {
    synchronized (lock) {
      return List.copyOf(metricRequests);
    }
  }

  /** All resource spans of all trace requests, in arrival order. */
  public List<ResourceSpans> resourceSpans() {
    List<ResourceSpans> result = new ArrayList<>();
    for (ExportTraceServiceRequest request : traceExportRequests()) {
      result.addAll(request.getResourceSpansList());
    }
    return result;
  }

  /** All spans received, flattened across requests, resources and scopes, in arrival order. */
  public List<Span> spans() {
    List<Span> result = new ArrayList<>();
    for (ResourceSpans resourceSpans : resourceSpans()) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        result.addAll(scopeSpans.getSpansList());
      }
    }
    return result;
  }

  /** All resource metrics of all metric requests, in arrival order. */
  public List<ResourceMetrics> resourceMetrics() {
    List<ResourceMetrics> result = new ArrayList<>();
    for (ExportMetricsServiceRequest request : metricExportRequests()) {
      result.addAll(request.getResourceMetricsList());
    }
    return result;
  }

  /**
   * Every metric received, flattened in arrival order; a metric exported periodically appears once per export.
   */
  public List<Metric> metrics() {
    List<Metric> result = new ArrayList<>();
    for (ResourceMetrics resourceMetrics : resourceMetrics()) {
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        result.addAll(scopeMetrics.getMetricsList());
      }
    }
    return result;
  }

  /** The headers of every recorded request (traces and metrics), in arrival order. */
  public List<Map<String, String>> requestHeaders() {
    synchronized (lock) {
      return List.copyOf(requestHeaders);
    }
  }

  /** How many trace export requests were recorded. */
  public int traceRequests() {
    synchronized (lock) {
      return traceRequests.size();
    }
  }

  /** How many metric export requests were recorded. */
  public int metricRequests() {
    synchronized (lock) {
      return metricRequests.size();
    }
  }

  /** Forgets everything recorded so far. */
  public void clear() {
    synchronized (lock) {
      traceRequests.clear();
      metricRequests.clear();
      requestHeaders.clear();
      rejectedRequests = 0;
    }
  }

  /**
   * Waits until at least {@code atLeast} spans arrived and returns all spans received so far.
   *
   * @throws AssertionError on timeout, listing the spans that did arrive
   */
  public List<Span> awaitSpans(int atLeast, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<Span> spans = spans();
        if (spans.size() >= atLeast) {
          return spans;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "expected at least " + atLeast + " spans at " + endpoint() + " (" + protocol + ") within " + timeout
                  + " but received " + spans.size() + " in " + traceRequests.size() + " requests"
                  + (spans.isEmpty() ? "" : ":\n" + SpanTree.render(spans)));
        }
        waitOnLock(left);
      }
    }
  }

  /**
   * Waits until a metric named {@code name} arrived and returns the most recently received one.
   *
   * @throws AssertionError on timeout, listing the metric names that did arrive
   */
  public Metric awaitMetric(String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<Metric> metrics = metrics();
        for (int i = metrics.size() - 1; i >= 0; i--) {
          if (metrics.get(i).getName().equals(name)) {
            return metrics.get(i);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          List<String> names = new ArrayList<>();
          for (Metric metric : metrics) {
            if (!names.contains(metric.getName())) {
              names.add(metric.getName());
            }
          }
          throw new AssertionError(
              "expected metric '" + name + "' at " + endpoint() + " (" + protocol + ") within " + timeout
                  + " but received " + metricRequests.size() + " metric requests with names " + names);
        }
        waitOnLock(left);
      }
    }
  }

  private void waitOnLock(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for OTLP data", e);
    }
  }

  @Override
  public void close() {
    if (grpcServer != null) {
      grpcServer.shutdownNow();
      try {
        grpcServer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (httpServer != null) {
      httpServer.stop(0);
    }
    if (httpExecutor != null) {
      httpExecutor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "OtlpReceiver{" + protocol + " " + endpoint() + "}";
  }
}
