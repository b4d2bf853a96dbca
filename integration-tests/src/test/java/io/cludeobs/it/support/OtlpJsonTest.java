package io.cludeobs.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpJsonTest {

  private static final Resource RESOURCE =
      Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "json-test"));

  @Test
  void traceLineFromSdkMarshalerRoundTripsIncludingLinks() throws IOException {
    List<SpanData> spans = recordSpans();
    TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(spans);
    String line = json(marshaler);
    ExportTraceServiceRequest expected = ExportTraceServiceRequest.parseFrom(binary(marshaler));
    SpanData child = spans.stream().filter(s -> s.getName().equals("child")).findFirst().orElseThrow();
    // proves the line really carries hex ids, which plain JsonFormat would misread as base64
    assertThat(line).contains("\"traceId\":\"" + child.getTraceId() + "\"");

    ExportTraceServiceRequest parsed = OtlpJson.traces(line);

    assertThat(parsed).isEqualTo(expected);
    Span parsedChild = parsed.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
        .filter(s -> s.getName().equals("child")).findFirst().orElseThrow();
    assertThat(SpanTree.hex(parsedChild.getTraceId())).isEqualTo(child.getTraceId());
    assertThat(SpanTree.hex(parsedChild.getSpanId())).isEqualTo(child.getSpanId());
    assertThat(SpanTree.hex(parsedChild.getParentSpanId())).isEqualTo(child.getParentSpanId());
    assertThat(SpanTree.hex(parsedChild.getLinks(0).getSpanId())).isEqualTo("00000000000000ab");
    assertThat(SpanTree.hex(parsedChild.getLinks(0).getTraceId())).isEqualTo("000000000000000000000000000000cd");
    assertThat(SpanTree.render(OtlpJson.traces(line).getResourceSpans(0).getScopeSpans(0).getSpansList(), "step"))
        .isEqualTo("parent\n  child [step=1] !ERROR\n");
  }

  @Test
  @SuppressWarnings("try") // the scope is only opened for its side effect of making the span current
  void metricLineFromSdkMarshalerRoundTripsIncludingExemplars() throws IOException {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    InMemorySpanExporter spanExporter = InMemorySpanExporter.create();
    try (SdkMeterProvider meters = SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build();
        SdkTracerProvider tracers =
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spanExporter)).build()) {
      LongCounter counter = meters.get("json-test").counterBuilder("jobs").build();
      io.opentelemetry.api.trace.Span span = tracers.get("json-test").spanBuilder("work").startSpan();
      // a sampled span in context makes the default trace-based filter keep an exemplar
      try (Scope ignored = span.makeCurrent()) {
        counter.add(5, Attributes.of(AttributeKey.stringKey("queue"), "q1"));
      } finally {
        span.end();
      }
      Collection<MetricData> metrics = reader.collectAllMetrics();
      MetricsRequestMarshaler marshaler = MetricsRequestMarshaler.create(metrics);
      String line = json(marshaler);
      ExportMetricsServiceRequest expected = ExportMetricsServiceRequest.parseFrom(binary(marshaler));
      assertThat(line).contains("\"spanId\":\"" + span.getSpanContext().getSpanId() + "\"");

      ExportMetricsServiceRequest parsed = OtlpJson.metrics(line);

      assertThat(parsed).isEqualTo(expected);
      Metric jobs = parsed.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
      assertThat(jobs.getName()).isEqualTo("jobs");
      assertThat(jobs.getSum().getDataPoints(0).getAsInt()).isEqualTo(5);
      assertThat(SpanTree.attributes(jobs.getSum().getDataPoints(0).getAttributesList())).containsExactly(java.util.Map.entry("queue", "q1"));
      Exemplar exemplar = jobs.getSum().getDataPoints(0).getExemplars(0);
      assertThat(SpanTree.hex(exemplar.getSpanId())).isEqualTo(span.getSpanContext().getSpanId());
      assertThat(SpanTree.hex(exemplar.getTraceId())).isEqualTo(span.getSpanContext().getTraceId());
    }
  }

  @Test
  void unknownFieldsFail() {
    assertThatThrownBy(() -> OtlpJson.traces("{\"resourceSpans\":[],\"bogus\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an OTLP-JSON ExportTraceServiceRequest line")
        .hasMessageContaining("bogus");
    assertThatThrownBy(() -> OtlpJson.traces("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"nam\":\"x\"}]}]}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nam");
    // a metrics line is not a trace line
    assertThatThrownBy(() -> OtlpJson.traces("{\"resourceMetrics\":[]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resourceMetrics");
  }

  @Test
  void invalidHexIdFails() {
    assertThatThrownBy(() -> OtlpJson.traces("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"zz00\"}]}]}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id 'zz00' is not hex");
  }

  @Test
  void attributeNamedLikeAnIdIsNotRewritten() {
    String line =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\" : \"00ff\",\"name\":\"s\","
            + "\"attributes\":[{\"key\":\"traceId\",\"value\":{\"stringValue\":\"abcd\"}}]}]}]}]}";

    Span span = OtlpJson.traces(line).getResourceSpans(0).getScopeSpans(0).getSpans(0);

    assertThat(SpanTree.hex(span.getTraceId())).isEqualTo("00ff");
    assertThat(SpanTree.attributes(span)).containsExactly(java.util.Map.entry("traceId", "abcd"));
  }

  @Test
  void readTraceFilesWalksJsonlFilesInPathOrderAndSkipsOtherSignals(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("b/traces.jsonl"), spanLine("third", "03") + "\n\n" + spanLine("fourth", "04") + "\n");
    Files.writeString(
        dir.resolve("a.jsonl"),
        spanLine("first", "01") + "\n{\"resourceMetrics\":[]}\n" + spanLine("second", "02") + "\n");
    Files.writeString(dir.resolve("ignored.json"), spanLine("ignored", "05") + "\n");

    List<Span> spans = OtlpJson.readTraceFiles(dir);

    assertThat(spans).extracting(Span::getName).containsExactly("first", "second", "third", "fourth");
    assertThat(SpanTree.hex(spans.get(3).getSpanId())).isEqualTo("0000000000000004");
  }

  @Test
  void readTraceFilesNamesFileAndLineOfABadLine(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("t.jsonl"), spanLine("ok", "01") + "\n{\"resourceSpans\":[],\"oops\":true}\n");

    assertThatThrownBy(() -> OtlpJson.readTraceFiles(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(dir.resolve("t.jsonl") + ":2: not an OTLP-JSON ExportTraceServiceRequest line");
  }

  @Test
  void readMetricFilesSkipsTraceLines(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("all.jsonl"),
        spanLine("s", "01") + "\n"
            + "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m1\",\"gauge\":{\"dataPoints\":"
            + "[{\"asInt\":\"42\"}]}}]}]}]}\n");

    List<Metric> metrics = OtlpJson.readMetricFiles(dir);

    assertThat(metrics).hasSize(1);
    assertThat(metrics.get(0).getName()).isEqualTo("m1");
    assertThat(metrics.get(0).getGauge().getDataPoints(0).getAsInt()).isEqualTo(42L);
  }

  private static String spanLine(String name, String spanIdLastByte) {
    return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"000000000000000000000000000000aa\","
        + "\"spanId\":\"00000000000000" + spanIdLastByte + "\",\"name\":\"" + name + "\",\"kind\":1}]}]}]}";
  }

  @SuppressWarnings("try") // the scope is only opened for its side effect of making the span current
  private static List<SpanData> recordSpans() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider tracers =
        SdkTracerProvider.builder().setResource(RESOURCE).addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      Tracer tracer = tracers.get("json-test", "1.0");
      io.opentelemetry.api.trace.Span parent = tracer.spanBuilder("parent").startSpan();
      try (Scope ignored = parent.makeCurrent()) {
        SpanContext linked =
            SpanContext.create(
                "000000000000000000000000000000cd",
                "00000000000000ab",
                io.opentelemetry.api.trace.TraceFlags.getSampled(),
                io.opentelemetry.api.trace.TraceState.getDefault());
        io.opentelemetry.api.trace.Span child =
            tracer.spanBuilder("child").addLink(linked, Attributes.of(AttributeKey.stringKey("why"), "retry")).startSpan();
        child.setAttribute("step", 1L);
        child.addEvent("thinking", Attributes.of(AttributeKey.longKey("tokens"), 12L));
        child.setStatus(StatusCode.ERROR, "boom");
        child.end();
      } finally {
        parent.end();
      }
      // read before close: shutting the provider down also clears the in-memory exporter
      return exporter.getFinishedSpanItems();
    }
  }

  private static String json(Marshaler marshaler) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marshaler.writeJsonTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] binary(Marshaler marshaler) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marshaler.writeBinaryTo(out);
    return out.toByteArray();
  }
}
