package io.cludeobs.it.support;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
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
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP endpoint on 127.0.0.1 that misbehaves on purpose: it refuses connections until it {@link #comeBack()}s,
 * swallows connections without answering, answers slowly, fails, or throttles with a retry hint.
 *
 * <p>It speaks the same gRPC and HTTP/protobuf as {@link OtlpReceiver} and records the trace spans it accepted, and
 * for every export attempt whether a given file existed at the time (the sample app creates it before its
 * workload), which orders "the app started" against "the agent first reached the collector" without a clock.
 */
public final class FaultyCollector implements AutoCloseable {

  /** How the collector answers each export request. */
  public enum Fault {
    /** Accept and answer at once. */
    NONE,
    /** Accept, then answer after {@link #SLOW_RESPONSE}. */
    SLOW,
    /** HTTP 500 / gRPC UNAVAILABLE. */
    ERROR,
    /** HTTP 429 with {@code Retry-After} / gRPC RESOURCE_EXHAUSTED with {@code RetryInfo}, both {@link #RETRY_HINT}. */
    THROTTLE
  }

  /** How long a {@link Fault#SLOW} answer takes. */
  public static final Duration SLOW_RESPONSE = Duration.ofSeconds(5);

  /** The retry delay a {@link Fault#THROTTLE} answer asks for: longer than any flush limit the agent has. */
  public static final Duration RETRY_HINT = Duration.ofSeconds(60);

  private final OtlpReceiver.Protocol protocol;
  private final int port;
  private final Object lock = new Object();
  private final List<Span> spans = new ArrayList<>();
  private volatile Fault fault;
  private volatile Path startMarker;
  private int attempts;
  private int acceptedTraceRequests;
  private int attemptsBeforeMarker;

  private Server grpcServer;
  private HttpServer httpServer;
  private ExecutorService httpExecutor;
  private ServerSocket blackHole;
  private final List<Socket> swallowed = new ArrayList<>();

  private FaultyCollector(OtlpReceiver.Protocol protocol, int port, Fault fault) {
    this.protocol = protocol;
    this.port = port;
    this.fault = fault;
  }

  /** A collector listening now on a free loopback port and answering every export with {@code fault}. */
  public static FaultyCollector start(OtlpReceiver.Protocol protocol, Fault fault) {
    FaultyCollector collector = new FaultyCollector(Objects.requireNonNull(protocol, "protocol"), 0, fault);
    collector.listen();
    return collector;
  }

  /**
   * A collector that is down: connections to its port are refused until {@link #comeBack()}.
   *
   * <p>The port is bound and released, so another process could in principle take it in between.
   */
  public static FaultyCollector down(OtlpReceiver.Protocol protocol) {
    return new FaultyCollector(Objects.requireNonNull(protocol, "protocol"), OtlpReceiver.unusedPort(), Fault.NONE);
  }

  /** A TCP listener that accepts every connection and never reads from it or answers. */
  public static FaultyCollector blackHole(OtlpReceiver.Protocol protocol) {
    FaultyCollector collector = new FaultyCollector(Objects.requireNonNull(protocol, "protocol"), 0, Fault.NONE);
    try {
      collector.blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the black hole on 127.0.0.1", e);
    }
    Thread acceptor = new Thread(collector::swallow, "faulty-collector-black-hole");
    acceptor.setDaemon(true);
    acceptor.start();
    return collector;
  }

  /** Starts answering on the port a {@link #down(OtlpReceiver.Protocol)} collector reserved. */
  public void comeBack() {
    if (grpcServer != null || httpServer != null) {
      throw new IllegalStateException("the collector on port " + port + " is already up");
    }
    listen();
  }

  /** Changes how later requests are answered. */
  public void fault(Fault fault) {
    this.fault = Objects.requireNonNull(fault, "fault");
  }

  /** Records, for each later export attempt, whether {@code file} existed when it arrived. */
  public void watchStartMarker(Path file) {
    this.startMarker = Objects.requireNonNull(file, "file");
  }

  /** The base URL exporters should use, e.g. {@code http://127.0.0.1:4318}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** The port the collector listens (or will listen) on. */
  public int port() {
    if (blackHole != null) {
      return blackHole.getLocalPort();
    }
    if (grpcServer != null) {
      return grpcServer.getPort();
    }
    if (httpServer != null) {
      return httpServer.getAddress().getPort();
    }
    return port;
  }

  /** Export attempts that reached the collector (for the black hole: accepted connections), traces and metrics. */
  public int attempts() {
    synchronized (lock) {
      return attempts;
    }
  }

  /** Attempts that arrived while the {@link #watchStartMarker(Path) start marker} did not exist yet. */
  public int attemptsBeforeStartMarker() {
    synchronized (lock) {
      return attemptsBeforeMarker;
    }
  }

  /** Trace export requests answered with success. */
  public int acceptedTraceRequests() {
    synchronized (lock) {
      return acceptedTraceRequests;
    }
  }

  /** Spans of the trace requests answered with success, in arrival order. */
  public List<Span> spans() {
    synchronized (lock) {
      return List.copyOf(spans);
    }
  }

  /**
   * Waits until {@code condition} holds, checking every 50 ms.
   *
   * @throws AssertionError with {@code what} when {@code timeout} passes first
   */
  public void await(String what, java.util.function.BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("faulty collector on port " + port() + ": " + what + " did not happen within " + timeout);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  private void listen() {
    try {
      if (protocol == OtlpReceiver.Protocol.GRPC) {
        startGrpc();
      } else {
        startHttp();
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("could not start the faulty " + protocol + " collector on 127.0.0.1:" + port, e);
    }
  }

  private void swallow() {
    while (!blackHole.isClosed()) {
      try {
        Socket socket = blackHole.accept();
        synchronized (lock) {
          swallowed.add(socket);
        }
        attempt();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void attempt() {
    Path marker = startMarker;
    synchronized (lock) {
      attempts++;
      if (marker != null && !Files.exists(marker)) {
        attemptsBeforeMarker++;
      }
    }
  }

  /** Applies the current fault; returns the fault to answer with, after any slow-down. */
  private Fault answer() {
    attempt();
    Fault now = fault;
    if (now == Fault.SLOW) {
      try {
        Thread.sleep(SLOW_RESPONSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return now;
  }

  private void accept(ExportTraceServiceRequest request) {
    synchronized (lock) {
      acceptedTraceRequests++;
      for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
        for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
          spans.addAll(scopeSpans.getSpansList());
        }
      }
    }
  }

  private void startGrpc() throws IOException {
    TraceServiceGrpc.TraceServiceImplBase traces =
        new TraceServiceGrpc.TraceServiceImplBase() {
          @Override
          public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
            if (grpcFailed(answer(), response)) {
              return;
            }
            accept(request);
            response.onNext(ExportTraceServiceResponse.getDefaultInstance());
            response.onCompleted();
          }
        };
    MetricsServiceGrpc.MetricsServiceImplBase metrics =
        new MetricsServiceGrpc.MetricsServiceImplBase() {
          @Override
          public void export(
              ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> response) {
            if (grpcFailed(answer(), response)) {
              return;
            }
            response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
            response.onCompleted();
          }
        };
    grpcServer =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .addService(traces)
            .addService(metrics)
            .build()
            .start();
  }

  private static boolean grpcFailed(Fault fault, StreamObserver<?> response) {
    if (fault == Fault.ERROR) {
      response.onError(Status.UNAVAILABLE.withDescription("faulty collector: unavailable").asRuntimeException());
      return true;
    }
    if (fault == Fault.THROTTLE) {
      RetryInfo retry =
          RetryInfo.newBuilder()
              .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(RETRY_HINT.getSeconds()))
              .build();
      com.google.rpc.Status status =
          com.google.rpc.Status.newBuilder()
              .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
              .setMessage("faulty collector: throttled")
              .addDetails(Any.pack(retry))
              .build();
      response.onError(StatusProto.toStatusRuntimeException(status));
      return true;
    }
    return false;
  }

  private void startHttp() throws IOException {
    httpServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    httpExecutor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "faulty-collector-http");
              thread.setDaemon(true);
              return thread;
            });
    httpServer.setExecutor(httpExecutor);
    httpServer.createContext("/", this::handleHttp);
    httpServer.start();
  }

  private void handleHttp(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      try (InputStream raw = exchange.getRequestBody();
          InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw) {
        body = in.readAllBytes();
      }
      Fault now = answer();
      if (now == Fault.ERROR) {
        respond(exchange, 500, new byte[0]);
        return;
      }
      if (now == Fault.THROTTLE) {
        exchange.getResponseHeaders().set("Retry-After", Long.toString(RETRY_HINT.getSeconds()));
        respond(exchange, 429, new byte[0]);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if ("/v1/traces".equals(path)) {
        try {
          accept(ExportTraceServiceRequest.parseFrom(body));
        } catch (InvalidProtocolBufferException e) {
          respond(exchange, 400, new byte[0]);
          return;
        }
        respond(exchange, 200, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
      } else {
        respond(exchange, 200, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", OtlpReceiver.PROTOBUF_CONTENT_TYPE);
    // -1 tells HttpServer "no body"; 0 would mean chunked
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
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
    if (blackHole != null) {
      try {
        blackHole.close();
      } catch (IOException ignored) {
        // closing is best effort; the test is over
      }
      synchronized (lock) {
        for (Socket socket : swallowed) {
          try {
            socket.close();
          } catch (IOException ignored) {
            // as above
          }
        }
      }
    }
  }
}
