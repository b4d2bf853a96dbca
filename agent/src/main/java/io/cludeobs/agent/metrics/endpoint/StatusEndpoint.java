package io.cludeobs.agent.metrics.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.metrics.MemoryMetricExporter;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The memory backend's local status endpoint: {@code GET /windows} returns the kept collections,
 * oldest first, one OTLP-JSON metrics request per line (the local store's line format). Loopback
 * only: it is for the user on this machine.
 */
public final class StatusEndpoint {

  private final HttpServer server;

  private StatusEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Binds 127.0.0.1:{@code port} (0 picks a free port); null after one line if it cannot bind. */
  public static StatusEndpoint start(int port, final MemoryMetricExporter memory) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      AgentLog.info(
          "clude.obs.metrics.status.port="
              + port
              + ": cannot listen on 127.0.0.1 ("
              + e.getMessage()
              + "); choose a free port; status endpoint not started");
      return null;
    }
    server.createContext("/windows", exchange -> serve(exchange, memory));
    // one request at a time is plenty for a local status page; the thread must not keep the JVM up
    server.setExecutor(
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "clude-obs-status");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    AgentLog.debug("status endpoint on http://127.0.0.1:" + server.getAddress().getPort() + "/windows");
    return new StatusEndpoint(server);
  }

  /** The port bound, useful when 0 was asked for. */
  public int port() {
    return server.getAddress().getPort();
  }

  public void stop() {
    server.stop(0);
  }

  private static void serve(HttpExchange exchange, MemoryMetricExporter memory) throws IOException {
    try {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = lines(memory.windows());
      exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } finally {
      exchange.close();
    }
  }

  static byte[] lines(List<List<MetricData>> windows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (List<MetricData> window : windows) {
      MetricsRequestMarshaler.create(window).writeJsonTo(out);
      out.write('\n');
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "http://127.0.0.1:" + port() + "/windows";
  }
}
