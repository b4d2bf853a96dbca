package io.cludeobs.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OtlpReceiverTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Resource RESOURCE =
      Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "receiver-test"));

  @ParameterizedTest
  @EnumSource(OtlpReceiver.Protocol.class)
  void receivesSpansFromTheSdkExporter(OtlpReceiver.Protocol protocol) {
    try (OtlpReceiver receiver = OtlpReceiver.start(protocol)) {
      exportSpans(spanExporter(receiver, "none"));

      List<io.opentelemetry.proto.trace.v1.Span> spans = receiver.awaitSpans(2, WAIT);

      assertThat(spans).hasSize(2);
      assertThat(SpanTree.render(spans, "step", "tool")).isEqualTo("agent.run [step=1]\n  tool.call [tool=search] !ERROR\n");
      assertThat(receiver.traceRequests()).isEqualTo(1);
      assertThat(SpanTree.attributes(receiver.resourceSpans().get(0).getResource().getAttributesList()))
          .containsEntry("service.name", "receiver-test");
      assertThat(receiver.resourceSpans().get(0).getScopeSpans(0).getScope().getName()).isEqualTo("receiver-test-scope");
      Map<String, String> headers = receiver.requestHeaders().get(0);
      assertThat(headers).containsEntry("x-test", "abc");
      if (protocol == OtlpReceiver.Protocol.GRPC) {
        assertThat(headers).containsEntry(":path", "opentelemetry.proto.collector.trace.v1.TraceService/Export");
        assertThat(headers).containsEntry("content-type", "application/grpc");
      } else {
        assertThat(headers).containsEntry(":path", "/v1/traces");
        assertThat(headers).containsEntry("content-type", "application/x-protobuf");
        assertThat(headers).doesNotContainKey("content-encoding");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(OtlpReceiver.Protocol.class)
  void decodesGzipCompressedExports(OtlpReceiver.Protocol protocol) {
    try (OtlpReceiver receiver = OtlpReceiver.start(protocol)) {
      exportSpans(spanExporter(receiver, "gzip"));

      List<io.opentelemetry.proto.trace.v1.Span> spans = receiver.awaitSpans(2, WAIT);

      assertThat(SpanTree.render(spans, "tool")).isEqualTo("agent.run\n  tool.call [tool=search] !ERROR\n");
      String encodingHeader = protocol == OtlpReceiver.Protocol.GRPC ? "grpc-encoding" : "content-encoding";
      assertThat(receiver.requestHeaders().get(0)).containsEntry(encodingHeader, "gzip");
    }
  }

  @ParameterizedTest
  @EnumSource(OtlpReceiver.Protocol.class)
  void receivesMetricsFromTheSdkExporter(OtlpReceiver.Protocol protocol) {
    try (OtlpReceiver receiver = OtlpReceiver.start(protocol)) {
      MetricExporter exporter =
          protocol == OtlpReceiver.Protocol.GRPC
              ? OtlpGrpcMetricExporter.builder().setEndpoint(receiver.endpoint()).build()
              : OtlpHttpMetricExporter.builder().setEndpoint(receiver.endpoint() + "/v1/metrics").build();
      InMemoryMetricReader reader = InMemoryMetricReader.create();
      try (SdkMeterProvider meters = SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build()) {
        var meter = meters.get("receiver-test-scope");
        meter.counterBuilder("tool.calls").build().add(3, Attributes.of(AttributeKey.stringKey("tool"), "search"));
        meter.histogramBuilder("llm.latency").setUnit("ms").build().record(250.0);
        assertSuccess(exporter.export(reader.collectAllMetrics()));
      } finally {
        exporter.shutdown().join(10, TimeUnit.SECONDS);
      }

      Metric calls = receiver.awaitMetric("tool.calls", WAIT);
      Metric latency = receiver.awaitMetric("llm.latency", WAIT);

      NumberDataPoint point = calls.getSum().getDataPoints(0);
      assertThat(point.getAsInt()).isEqualTo(3L);
      assertThat(SpanTree.attributes(point.getAttributesList())).containsExactly(Map.entry("tool", "search"));
      HistogramDataPoint histogram = latency.getHistogram().getDataPoints(0);
      assertThat(latency.getUnit()).isEqualTo("ms");
      assertThat(histogram.getCount()).isEqualTo(1L);
      assertThat(histogram.getSum()).isEqualTo(250.0);
      assertThat(receiver.metrics()).extracting(Metric::getName).containsExactlyInAnyOrder("tool.calls", "llm.latency");
      assertThat(receiver.metricRequests()).isEqualTo(1);
      assertThat(receiver.traceRequests()).isZero();
    }
  }

  @Test
  void httpRejectsOtherContentTypesAndPaths() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(OtlpReceiver.Protocol.HTTP_PROTOBUF)) {
      HttpClient client = HttpClient.newHttpClient();

      HttpResponse<String> json = client.send(post(receiver, "/v1/traces", "application/json", "{}".getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> wrongPath =
          client.send(post(receiver, "/v1/logs", "application/x-protobuf", new byte[0]), HttpResponse.BodyHandlers.ofString());
      HttpResponse<byte[]> ok =
          client.send(post(receiver, "/v1/traces", "application/x-protobuf", ExportTraceServiceRequest.getDefaultInstance().toByteArray()),
              HttpResponse.BodyHandlers.ofByteArray());

      assertThat(json.statusCode()).isEqualTo(415);
      assertThat(json.body()).isEqualTo("only application/x-protobuf is accepted, got application/json\n");
      assertThat(wrongPath.statusCode()).isEqualTo(404);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("content-type")).hasValue("application/x-protobuf");
      assertThat(ok.body()).isEmpty();
      assertThat(receiver.traceRequests()).isEqualTo(1);
      assertThat(receiver.spans()).isEmpty();
    }
  }

  @Test
  void rejectingReceiverAnswers503AndRecordsNothing() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start(OtlpReceiver.Protocol.HTTP_PROTOBUF)) {
      receiver.rejectRequests(true);
      HttpResponse<String> refused =
          HttpClient.newHttpClient()
              .send(post(receiver, "/v1/traces", "application/x-protobuf", new byte[0]), HttpResponse.BodyHandlers.ofString());

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(receiver.rejectedRequests()).isEqualTo(1);
      assertThat(receiver.traceRequests()).isZero();
    }
  }

  @Test
  void rejectingGrpcReceiverFailsTheExport() {
    try (OtlpReceiver receiver = OtlpReceiver.start(OtlpReceiver.Protocol.GRPC)) {
      receiver.rejectRequests(true);
      SpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint(receiver.endpoint()).setRetryPolicy(null).build();
      try {
        CompletableResultCode result = exporter.export(recordSpans());
        result.join(10, TimeUnit.SECONDS);
        assertThat(result.isSuccess()).isFalse();
      } finally {
        exporter.shutdown().join(10, TimeUnit.SECONDS);
      }

      assertThat(receiver.rejectedRequests()).isEqualTo(1);
      assertThat(receiver.spans()).isEmpty();
    }
  }

  @Test
  void unusedPortRefusesConnections() {
    int port = OtlpReceiver.unusedPort();

    assertThat(port).isPositive();
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void awaitSpansTimesOutWithWhatArrived() {
    try (OtlpReceiver receiver = OtlpReceiver.start(OtlpReceiver.Protocol.HTTP_PROTOBUF)) {
      exportSpans(spanExporter(receiver, "none"));
      receiver.awaitSpans(2, WAIT);

      assertThatThrownBy(() -> receiver.awaitSpans(3, Duration.ofMillis(50)))
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("expected at least 3 spans at " + receiver.endpoint() + " (HTTP_PROTOBUF) within PT0.05S but received 2 in 1 requests:\n")
          .hasMessageEndingWith("agent.run\n  tool.call !ERROR\n");
      assertThatThrownBy(() -> receiver.awaitMetric("nope", Duration.ofMillis(50)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("expected metric 'nope'")
          .hasMessageContaining("received 0 metric requests");
    }
  }

  @Test
  void endpointIsLoopbackWithTheBoundPort() {
    try (OtlpReceiver receiver = OtlpReceiver.start(OtlpReceiver.Protocol.GRPC)) {
      assertThat(receiver.endpoint()).isEqualTo("http://127.0.0.1:" + receiver.port());
      assertThat(receiver.port()).isPositive();
      assertThat(receiver.protocol()).isEqualTo(OtlpReceiver.Protocol.GRPC);
    }
  }

  private static HttpRequest post(OtlpReceiver receiver, String path, String contentType, byte[] body) {
    return HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static SpanExporter spanExporter(OtlpReceiver receiver, String compression) {
    if (receiver.protocol() == OtlpReceiver.Protocol.GRPC) {
      return OtlpGrpcSpanExporter.builder()
          .setEndpoint(receiver.endpoint())
          .setCompression(compression)
          .addHeader("x-test", "abc")
          .build();
    }
    return OtlpHttpSpanExporter.builder()
        .setEndpoint(receiver.endpoint() + "/v1/traces")
        .setCompression(compression)
        .addHeader("x-test", "abc")
        .build();
  }

  private static void exportSpans(SpanExporter exporter) {
    try {
      assertSuccess(exporter.export(recordSpans()));
    } finally {
      exporter.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private static void assertSuccess(CompletableResultCode result) {
    result.join(10, TimeUnit.SECONDS);
    assertThat(result.isSuccess()).as("export succeeded").isTrue();
  }

  @SuppressWarnings("try") // the scope is only opened for its side effect of making the span current
  private static Collection<SpanData> recordSpans() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (SdkTracerProvider tracers =
        SdkTracerProvider.builder().setResource(RESOURCE).addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
      Tracer tracer = tracers.get("receiver-test-scope");
      Span run = tracer.spanBuilder("agent.run").setAttribute("step", 1L).startSpan();
      try (Scope ignored = run.makeCurrent()) {
        Span tool = tracer.spanBuilder("tool.call").setAttribute("tool", "search").startSpan();
        tool.setStatus(StatusCode.ERROR);
        tool.end();
      } finally {
        run.end();
      }
      return memory.getFinishedSpanItems();
    }
  }
}
