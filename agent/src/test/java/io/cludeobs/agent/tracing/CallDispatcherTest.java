package io.cludeobs.agent.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.weaving.MethodRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallDispatcherTest {

  /** Stand-ins for woven application classes. */
  static final class Agent {
    public void handle() {}
  }

  static final class Client {
    public String getModel() {
      return "m-1";
    }

    public Reply complete() {
      return new Reply();
    }
  }

  public static final class Reply {
    public String model() {
      return "m-1-2025";
    }

    public Usage usage() {
      return new Usage();
    }
  }

  public static final class Usage {
    public long promptTokens() {
      return 11;
    }

    public Integer completionTokens() {
      return 4;
    }
  }

  static final class Tools {
    public void read() {}

    public String run(ToolCallRequest request) {
      return "ok";
    }
  }

  /** What a model's tool call looks like to a tool dispatcher. */
  public static final class ToolCallRequest {
    public String name() {
      return "read_file";
    }

    public String id() {
      return "call_7";
    }

    public String arguments() {
      return "{\"path\":\"a\"}";
    }
  }

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(metrics).build();
  private final MethodRegistry registry = new MethodRegistry(100);
  private final int task = register("task", Agent.class, "handle");
  private final int llm = register("llm", Client.class, "complete");
  private final int tool = register("tool", Tools.class, "read");
  private final int requestTool = register("tool", Tools.class, "run", ToolCallRequest.class);

  @AfterEach
  void close() {
    tracerProvider.close();
    meterProvider.close();
  }

  private int register(String category, Class<?> type, String method, Class<?>... parameters) {
    try {
      return registry.register(
          category,
          TypeDescription.ForLoadedType.of(type),
          new MethodDescription.ForLoadedMethod(type.getMethod(method, parameters)));
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  private CallDispatcher dispatcher(double rate) {
    return new CallDispatcher(
        registry,
        tracerProvider.get("test"),
        new HeadSampler(rate),
        new Instruments(meterProvider.get("test"), registry));
  }

  @Test
  void nestedCallsNestAndTheLlmResponseIsRead() {
    CallDispatcher d = dispatcher(1.0);
    Client client = new Client();
    Object t = d.enter(task, null);
    Object c = d.enter(llm, client);
    d.exit(llm, c, client, client.complete(), null);
    Object r = d.enter(tool, null);
    RuntimeException boom = new IllegalStateException("boom");
    d.exit(tool, r, null, null, boom);
    d.exit(task, t, null, null, null);

    List<SpanData> ended = spans.getFinishedSpanItems();
    assertThat(ended).extracting(SpanData::getName)
        .containsExactly("chat m-1", "execute_tool read", "invoke_agent CallDispatcherTest$Agent.handle");
    SpanData root = ended.get(2);
    assertThat(ended.get(0).getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(ended.get(1).getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(ended.get(0).getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(ended.get(0).getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(11L);
    assertThat(ended.get(0).getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(4L);
    assertThat(ended.get(0).getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("m-1-2025");
    assertThat(ended.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(ended.get(1).getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(ended.get(1).getEvents()).extracting(e -> e.getName()).containsExactly("exception");
  }

  @Test
  void aToolRequestArgumentNamesTheSpanAndGivesTheCallIdButNotTheArgumentsByDefault() {
    CallDispatcher d = dispatcher(1.0);
    ToolCallRequest request = new ToolCallRequest();
    Object r = d.enter(requestTool, request);
    d.exit(requestTool, r, request, "ok", null);

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("execute_tool read_file");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("read_file");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isEqualTo("call_7");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.type"))).isEqualTo("function");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.arguments"))).isNull();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.result"))).isNull();
    assertThat(span.getLinks()).isEmpty();
  }

  @Test
  void aMethodRecursingIntoItselfGivesOneSpanAndOneTimerCount() {
    CallDispatcher d = dispatcher(1.0);
    Object outer = d.enter(tool, null);
    Object inner = d.enter(tool, null);
    assertThat(inner).isSameAs(CallDispatcher.RECURSIVE);
    d.exit(tool, inner, null, null, null);
    d.exit(tool, outer, null, null, null);

    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    assertThat(count("clude.tool.duration")).isEqualTo(1);
  }

  @Test
  void unsampledRootsMakeNoSpansButChildrenFollowAndTimersCount() {
    CallDispatcher d = dispatcher(0.0);
    for (int i = 0; i < 3; i++) {
      Object t = d.enter(task, null);
      assertThat(t).isSameAs(ThreadState.current());
      Object r = d.enter(tool, null);
      assertThat(r).isSameAs(ThreadState.current());
      d.exit(tool, r, null, null, null);
      d.exit(task, t, null, null, null);
    }
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(count("clude.task.duration")).isEqualTo(3);
    assertThat(count("clude.tool.duration")).isEqualTo(3);
  }

  @Test
  void theUnsampledPathAllocatesNothing() {
    CallDispatcher d = dispatcher(0.0);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int warm = 0; warm < 3; warm++) {
      runUnsampled(d, 200_000);
    }
    long before = threads.getThreadAllocatedBytes(thread);
    runUnsampled(d, 200_000);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    // 200,000 task+tool call pairs; a stray one-off allocation (a map resize, say) is tolerated
    assertThat(allocated).as("bytes allocated by 200,000 unsampled call pairs").isLessThan(4_096);
  }

  private void runUnsampled(CallDispatcher d, int calls) {
    for (int i = 0; i < calls; i++) {
      Object t = d.enter(task, null);
      Object r = d.enter(tool, null);
      d.exit(tool, r, null, null, null);
      d.exit(task, t, null, null, null);
    }
  }

  @Test
  void theInFlightGaugeCountsCallsInProgressOnEveryThreadSampledOrNot() throws Exception {
    // one set of instruments, as in the agent: each Instruments registers its own gauge callback
    Instruments instruments = new Instruments(meterProvider.get("test"), registry);
    CallDispatcher d = new CallDispatcher(registry, tracerProvider.get("test"), new HeadSampler(0.0), instruments);
    CallDispatcher sampledDispatcher =
        new CallDispatcher(registry, tracerProvider.get("test"), new HeadSampler(1.0), instruments);
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Runnable unsampledTool =
        () -> {
          Object t = d.enter(tool, null);
          entered.countDown();
          awaitQuietly(release);
          d.exit(tool, t, null, null, null);
        };
    Runnable sampledTaskAndTool =
        () -> {
          Object t = sampledDispatcher.enter(task, null);
          Object r = sampledDispatcher.enter(tool, null);
          entered.countDown();
          awaitQuietly(release);
          sampledDispatcher.exit(tool, r, null, null, null);
          sampledDispatcher.exit(task, t, null, null, null);
        };
    Thread a = new Thread(unsampledTool);
    Thread b = new Thread(sampledTaskAndTool);
    a.start();
    b.start();
    entered.await();
    assertThat(active("tool")).isEqualTo(2);
    assertThat(active("task")).isEqualTo(1);
    release.countDown();
    a.join();
    b.join();
    assertThat(active("tool")).isZero();
    assertThat(active("task")).isZero();
  }

  @Test
  void aSampledCallsTimerIsItsSpansDuration() {
    CallDispatcher d = dispatcher(1.0);
    Object r = d.enter(tool, null);
    d.exit(tool, r, null, null, null);
    SpanData span = spans.getFinishedSpanItems().get(0);
    double seconds = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e9;
    HistogramPointData point =
        metrics.collectAllMetrics().stream()
            .filter(m -> m.getName().equals("clude.tool.duration"))
            .flatMap(m -> m.getHistogramData().getPoints().stream())
            .findFirst()
            .orElseThrow();
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getSum()).isEqualTo(seconds);
  }

  @Test
  void withMetricsOffUnsampledCallsRecordNoTimers() {
    Instruments off = new Instruments(meterProvider.get("off"), registry, false);
    CallDispatcher d = new CallDispatcher(registry, tracerProvider.get("test"), new HeadSampler(0.0), off);
    Object t = d.enter(task, null);
    Object r = d.enter(tool, null);
    d.exit(tool, r, null, null, null);
    d.exit(task, t, null, null, null);
    assertThat(metrics.collectAllMetrics().stream().filter(m -> m.getName().endsWith(".duration"))).isEmpty();
    assertThat(CallDispatcher.insideUnsampledTrace()).isFalse();
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long active(String category) {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals("clude.operations.active"))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .filter(p -> category.equals(p.getAttributes().get(MethodRegistry.CATEGORY)))
        .mapToLong(p -> p.getValue())
        .sum();
  }

  private long count(String histogram) {
    List<MetricData> data =
        metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(histogram)).collect(Collectors.toList());
    assertThat(data).hasSize(1);
    return data.get(0).getHistogramData().getPoints().stream().mapToLong(HistogramPointData::getCount).sum();
  }
}
