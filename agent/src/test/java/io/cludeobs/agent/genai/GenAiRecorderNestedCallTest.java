package io.cludeobs.agent.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.Instruments;
import io.cludeobs.agent.tracing.LibrarySpans;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A model call started on a thread already inside one the recorder started is the same call: not recorded twice. */
class GenAiRecorderNestedCallTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider tracing =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metrics).build();
  private final Meter meter = meters.get("test");
  private final GenAiRecorder recorder =
      new GenAiRecorder(
          tracing.get("test"),
          new HeadSampler(1.0),
          meter.histogramBuilder("d").build(),
          meter.histogramBuilder("t").ofLongs().build(),
          meter,
          Pricing.of(Collections.emptyMap()),
          ContentCapture.off(),
          new LibrarySpans(
              tracing.get("test"), new HeadSampler(1.0), new Instruments(meter, new MethodRegistry(10)), null));

  @AfterEach
  void close() {
    tracing.close();
    meters.close();
  }

  @Test
  void anInnerCallGetsNoSpanAndNoMetricsAndTheNextOuterCallIsRecordedAgain() {
    Object outer = recorder.start("spring-ai.chat.openai", null, null);
    assertThat(outer).isNotNull();
    assertThat(recorder.start("openai.chat", null, null)).isNull();
    assertThat(recorder.start("spring-ai.chat.openai", null, null)).isNull();
    recorder.end(outer, "done", null);

    Object next = recorder.start("openai.chat", null, null);
    assertThat(next).isNotNull();
    recorder.end(next, "done", null);

    assertThat(names()).containsExactly("chat", "chat");
    assertThat(durationPoints()).isEqualTo(2);
  }

  @Test
  void theDepthIsLeftWhenTheOuterMethodThrows() {
    Object outer = recorder.start("spring-ai.chat.openai", null, null);
    recorder.end(outer, null, new IllegalStateException("boom"));

    Object next = recorder.start("spring-ai.chat.openai", null, null);
    assertThat(next).isNotNull();
    recorder.end(next, null, null);
    assertThat(names()).hasSize(2);
  }

  @Test
  void anotherThreadIsNotInsideThisThreadsCall() throws InterruptedException {
    Object outer = recorder.start("spring-ai.chat.openai", null, null);
    Object[] other = new Object[1];
    Thread t = new Thread(() -> other[0] = recorder.start("openai.chat", null, null));
    t.start();
    t.join();
    assertThat(other[0]).isNotNull();
    recorder.end(other[0], null, null);
    recorder.end(outer, null, null);
    assertThat(names()).hasSize(2);
  }

  @Test
  void workMarkedAsInsideAStreamIsNotANewCall() {
    recorder.enterNested();
    try {
      assertThat(recorder.start("openai.chat", null, null)).isNull();
    } finally {
      recorder.leaveNested();
    }
    Object after = recorder.start("openai.chat", null, null);
    assertThat(after).isNotNull();
    recorder.end(after, null, null);
  }

  @Test
  void anUnknownOperationLeavesTheDepthAlone() {
    assertThat(recorder.start("no-such.library", null, null)).isNull();
    Object call = recorder.start("openai.chat", null, null);
    assertThat(call).isNotNull();
    recorder.end(call, null, null);
  }

  private List<String> names() {
    return spans.getFinishedSpanItems().stream().map(SpanData::getName).collect(Collectors.toList());
  }

  private long durationPoints() {
    long count = 0;
    for (MetricData m : metrics.collectAllMetrics()) {
      if (m.getName().equals("d")) {
        count += m.getHistogramData().getPoints().stream().mapToLong(p -> p.getCount()).sum();
      }
    }
    return count;
  }
}
