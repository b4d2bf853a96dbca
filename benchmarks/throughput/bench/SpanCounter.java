package bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP http/protobuf receiver on 127.0.0.1 that parses every trace export with the official opentelemetry-proto
 * classes and counts spans, keeping nothing else; a small counting variant of the integration tests' OtlpReceiver,
 * which keeps every request and would hold millions of spans here.
 *
 * <p>Prints {@code port=<n>} once listening. {@code GET /count} answers {@code <spans> <requests>};
 * {@code GET /reset} zeroes both.
 */
public final class SpanCounter {
  private static final AtomicLong SPANS = new AtomicLong();
  private static final AtomicLong REQUESTS = new AtomicLong();
  private static final byte[] TRACE_OK = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
  private static final byte[] METRICS_OK = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();

  private SpanCounter() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    // Two handler threads: the exporter sends one request at a time, a second covers control requests.
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/v1/traces", SpanCounter::traces);
    server.createContext("/v1/metrics", exchange -> {
      drain(exchange);
      reply(exchange, 200, METRICS_OK, "application/x-protobuf");
    });
    server.createContext("/count", exchange -> {
      drain(exchange);
      reply(exchange, 200, (SPANS.get() + " " + REQUESTS.get() + "\n").getBytes(StandardCharsets.US_ASCII),
          "text/plain");
    });
    server.createContext("/reset", exchange -> {
      drain(exchange);
      SPANS.set(0);
      REQUESTS.set(0);
      reply(exchange, 200, "0 0\n".getBytes(StandardCharsets.US_ASCII), "text/plain");
    });
    server.start();
    System.out.println("port=" + server.getAddress().getPort());
    System.out.flush();
  }

  private static void traces(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    ExportTraceServiceRequest request;
    try (InputStream raw = exchange.getRequestBody();
        InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw) {
      request = ExportTraceServiceRequest.parseFrom(in);
    }
    long n = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    SPANS.addAndGet(n);
    REQUESTS.incrementAndGet();
    reply(exchange, 200, TRACE_OK, "application/x-protobuf");
  }

  private static void drain(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static void reply(HttpExchange exchange, int status, byte[] body, String type) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }
}
