package io.cludeobs.agent.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.weaving.MethodRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LibrarySpansTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(metrics).build();

  @AfterEach
  void close() {
    tracerProvider.close();
    meterProvider.close();
  }

  private LibrarySpans spans(double rate) {
    return new LibrarySpans(
        tracerProvider.get("test"),
        new HeadSampler(rate),
        new Instruments(meterProvider.get("test"), new MethodRegistry(10)),
        null);
  }

  @Test
  void aToolRunsUnderTheAgentWithTheConventionsAttributes() {
    LibrarySpans s = spans(1.0);
    LibrarySpans.Handle agent = s.startAgent("langchain4j", "Assistant.chat");
    LibrarySpans.Handle tool = s.startTool("langchain4j", "read_file", "call_1", "{\"path\":\"a\"}");
    assertThat(CallDispatcher.inToolCall()).isTrue();
    s.leaveThread(tool);
    s.finish(tool, "text", null);
    assertThat(CallDispatcher.inToolCall()).isFalse();
    s.leaveThread(agent);
    s.finish(agent, "answer", null);

    List<SpanData> ended = spans.getFinishedSpanItems();
    assertThat(ended).extracting(SpanData::getName)
        .containsExactly("execute_tool read_file", "invoke_agent Assistant.chat");
    SpanData t = ended.get(0);
    assertThat(t.getParentSpanId()).isEqualTo(ended.get(1).getSpanId());
    assertThat(attributes(t))
        .containsExactly(
            Map.entry("clude.category", "tool"),
            Map.entry("clude.library", "langchain4j"),
            Map.entry("gen_ai.operation.name", "execute_tool"),
            Map.entry("gen_ai.tool.call.id", "call_1"),
            Map.entry("gen_ai.tool.name", "read_file"),
            Map.entry("gen_ai.tool.type", "function"));
    assertThat(attributes(ended.get(1)))
        .containsExactly(
            Map.entry("clude.category", "task"),
            Map.entry("clude.library", "langchain4j"),
            Map.entry("gen_ai.agent.name", "Assistant.chat"),
            Map.entry("gen_ai.operation.name", "invoke_agent"));
    assertThat(histogramCount("clude.tool.duration", "gen_ai.tool.name", "read_file")).isEqualTo(1);
    assertThat(histogramCount("clude.task.duration", "gen_ai.agent.name", "Assistant.chat")).isEqualTo(1);
  }

  @Test
  void anUnsampledToolRecordsTimersAndLeavesTheThreadAsItWas() {
    LibrarySpans s = spans(0.0);
    LibrarySpans.Handle tool = s.startTool("mcp", "search", null, null);
    assertThat(CallDispatcher.insideUnsampledTrace()).isTrue();
    s.leaveThread(tool);
    s.finish(tool, null, new IllegalStateException("down"));
    assertThat(CallDispatcher.insideUnsampledTrace()).isFalse();
    assertThat(CallDispatcher.inToolCall()).isFalse();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(histogramCount("clude.tool.duration", "error.type", "java.lang.IllegalStateException")).isEqualTo(1);
  }

  @Test
  void aCallThatEndsLaterEndsOnceWithItsError() {
    LibrarySpans s = spans(1.0);
    LibrarySpans.Handle tool = s.startTool("mcp", "search", "c9", null);
    s.leaveThread(tool);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    s.finish(tool, null, new IllegalArgumentException("bad"));
    s.finish(tool, "late", null);
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(ended.get(0).getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.lang.IllegalArgumentException");
    assertThat(histogramCount("clude.tool.duration", "gen_ai.tool.name", "search")).isEqualTo(1);
  }

  private static Map<String, Object> attributes(SpanData span) {
    Map<String, Object> out = new TreeMap<>();
    span.getAttributes().forEach((k, v) -> out.put(k.getKey(), v));
    return out;
  }

  private long histogramCount(String metric, String key, String value) {
    long count = 0;
    for (MetricData m : metrics.collectAllMetrics()) {
      if (!m.getName().equals(metric)) {
        continue;
      }
      for (HistogramPointData p : m.getHistogramData().getPoints()) {
        if (value.equals(p.getAttributes().get(AttributeKey.stringKey(key)))) {
          count += p.getCount();
        }
      }
    }
    return count;
  }
}
