package io.cludeobs.agent.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NoDelayOkHttpSenderTest {

  private static final byte[] MESSAGE = "an export request".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private final ExecutorService sends = Executors.newFixedThreadPool(2);
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger unavailableLeft = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = readAll(exchange.getRequestBody());
          String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
          if ("gzip".equals(encoding)) {
            body = readAll(new GZIPInputStream(new java.io.ByteArrayInputStream(body)));
          }
          seen.add(
              exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                  + exchange.getRequestHeaders().getFirst("X-Tenant") + " " + encoding + " "
                  + new String(body, StandardCharsets.UTF_8));
          int status = unavailableLeft.getAndDecrement() > 0 ? 503 : 200;
          byte[] answer = ("status " + status).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    sends.shutdownNow();
  }

  @Test
  void postsTheMessageWithItsHeadersAndHandsBackTheAnswer() throws Exception {
    NoDelayOkHttpSender sender = new NoDelayOkHttpSender(config(endpoint(), null, null));
    HttpResponse response = send(sender);
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(new String(response.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo("status 200");
    assertThat(seen).containsExactly("POST application/x-protobuf acme null an export request");
    assertThat(sender.shutdown().isSuccess()).isTrue();
  }

  @Test
  void compressesWhenConfigured() throws Exception {
    Compressor gzip =
        new Compressor() {
          @Override
          public String getEncoding() {
            return "gzip";
          }

          @Override
          public OutputStream compress(OutputStream out) throws IOException {
            return new GZIPOutputStream(out);
          }
        };
    HttpResponse response = send(new NoDelayOkHttpSender(config(endpoint(), gzip, null)));
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(seen).containsExactly("POST application/x-protobuf acme gzip an export request");
  }

  @Test
  void retriesAnUnavailableCollectorAsThePolicySays() throws Exception {
    unavailableLeft.set(2);
    RetryPolicy retry =
        RetryPolicy.builder().setMaxAttempts(5).setInitialBackoff(Duration.ofMillis(10)).build();
    HttpResponse response = send(new NoDelayOkHttpSender(config(endpoint(), null, retry)));
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(seen).hasSize(3);
  }

  @Test
  void withoutARetryPolicyAnErrorStatusIsTheAnswer() throws Exception {
    unavailableLeft.set(1);
    HttpResponse response = send(new NoDelayOkHttpSender(config(endpoint(), null, null)));
    assertThat(response.getStatusCode()).isEqualTo(503);
    assertThat(seen).hasSize(1);
  }

  @Test
  void aRefusedConnectionIsAnError() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    NoDelayOkHttpSender sender =
        new NoDelayOkHttpSender(config(URI.create("http://127.0.0.1:" + closedPort + "/v1/traces"), null, null));
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    sender.send(message(), outcome::complete, outcome::complete);
    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
  }

  @Test
  void everySocketHasNaglesAlgorithmOff() throws Exception {
    try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket unconnected = NoDelayOkHttpSender.NoDelaySocketFactory.INSTANCE.createSocket();
        Socket connected =
            NoDelayOkHttpSender.NoDelaySocketFactory.INSTANCE.createSocket(
                InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
      assertThat(unconnected.getTcpNoDelay()).isTrue();
      assertThat(connected.getTcpNoDelay()).isTrue();
    }
  }

  private HttpResponse send(NoDelayOkHttpSender sender) throws Exception {
    CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
    sender.send(message(), answer::complete, answer::completeExceptionally);
    return answer.get(10, TimeUnit.SECONDS);
  }

  private URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
  }

  private static MessageWriter message() {
    return new MessageWriter() {
      @Override
      public void writeMessage(OutputStream out) throws IOException {
        out.write(MESSAGE);
      }

      @Override
      public int getContentLength() {
        return MESSAGE.length;
      }
    };
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private HttpSenderConfig config(URI endpoint, Compressor compressor, RetryPolicy retry) {
    return new HttpSenderConfig() {
      @Override
      public URI getEndpoint() {
        return endpoint;
      }

      @Override
      public String getContentType() {
        return "application/x-protobuf";
      }

      @Override
      public Compressor getCompressor() {
        return compressor;
      }

      @Override
      public Duration getTimeout() {
        return Duration.ofSeconds(10);
      }

      @Override
      public Duration getConnectTimeout() {
        return Duration.ofSeconds(5);
      }

      @Override
      public Supplier<Map<String, List<String>>> getHeadersSupplier() {
        return () -> Collections.singletonMap("X-Tenant", Collections.singletonList("acme"));
      }

      @Override
      public ProxyOptions getProxyOptions() {
        return null;
      }

      @Override
      public RetryPolicy getRetryPolicy() {
        return retry;
      }

      @Override
      public SSLContext getSslContext() {
        return null;
      }

      @Override
      public X509TrustManager getTrustManager() {
        return null;
      }

      @Override
      public ExecutorService getExecutorService() {
        return sends;
      }
    };
  }
}
