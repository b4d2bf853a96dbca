package bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
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
 * An OTLP http/protobuf receiver on 127.0.0.1 that counts the spans of every trace export, keeping nothing else; a
 * small counting variant of the integration tests' OtlpReceiver, which keeps every request and would hold millions
 * of spans here.
 *
 * <p>It counts by walking the message with protobuf's {@link CodedInputStream} down the field numbers the official
 * opentelemetry-proto classes define (request, resource spans, scope spans, spans), skipping each span's bytes
 * instead of decoding them: decoding every span cost this JVM about as much CPU as the agent's export, on the same
 * two cores. Every {@value #VERIFY_EVERY}th request is also parsed in full with {@link ExportTraceServiceRequest}
 * and its count compared; a mismatch or a request that does not parse is counted in {@code /count}'s third field.
 *
 * <p>Prints {@code port=<n>} once listening. {@code GET /count} answers {@code <spans> <requests>};
 * {@code GET /reset} zeroes both.
 */
public final class SpanCounter {
  private static final AtomicLong SPANS = new AtomicLong();
  private static final AtomicLong REQUESTS = new AtomicLong();
  private static final AtomicLong BAD = new AtomicLong();
  static final int VERIFY_EVERY = 100;
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
      reply(exchange, 200, (SPANS.get() + " " + REQUESTS.get() + " " + BAD.get() + "\n").getBytes(StandardCharsets.US_ASCII),
          "text/plain");
    });
    server.createContext("/reset", exchange -> {
      drain(exchange);
      SPANS.set(0);
      REQUESTS.set(0);
      BAD.set(0);
      reply(exchange, 200, "0 0 0\n".getBytes(StandardCharsets.US_ASCII), "text/plain");
    });
    server.start();
    System.out.println("port=" + server.getAddress().getPort());
    System.out.flush();
  }

  private static void traces(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    byte[] body;
    try (InputStream raw = exchange.getRequestBody();
        InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw) {
      body = in.readAllBytes();
    }
    long requests = REQUESTS.incrementAndGet();
    try {
      long n = countSpans(CodedInputStream.newInstance(body));
      if (requests % VERIFY_EVERY == 0 && n != parsedCount(body)) {
        BAD.incrementAndGet();
      }
      SPANS.addAndGet(n);
    } catch (IOException e) {
      BAD.incrementAndGet();
    }
    reply(exchange, 200, TRACE_OK, "application/x-protobuf");
  }

  /** Spans in an ExportTraceServiceRequest: resource_spans, then their scope_spans, then their spans. */
  static long countSpans(CodedInputStream in) throws IOException {
    return count(in, ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, SpanCounter::countInResource);
  }

  private static long countInResource(CodedInputStream in) throws IOException {
    return count(in, ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, SpanCounter::countInScope);
  }

  private static long countInScope(CodedInputStream in) throws IOException {
    return count(in, ScopeSpans.SPANS_FIELD_NUMBER, null);
  }

  private interface Nested {
    long count(CodedInputStream in) throws IOException;
  }

  /** Counts (or, with {@code nested}, sums over) the occurrences of one length-delimited field; skips the rest. */
  private static long count(CodedInputStream in, int field, Nested nested) throws IOException {
    long n = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (WireFormat.getTagFieldNumber(tag) == field
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        if (nested == null) {
          in.skipRawBytes(in.readRawVarint32());
          n++;
        } else {
          int limit = in.pushLimit(in.readRawVarint32());
          n += nested.count(in);
          in.popLimit(limit);
        }
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return n;
  }

  private static long parsedCount(byte[] body) throws IOException {
    long n = 0;
    for (ResourceSpans rs : ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
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
