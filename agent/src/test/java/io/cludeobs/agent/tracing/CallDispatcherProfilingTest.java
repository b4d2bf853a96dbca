package io.cludeobs.agent.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.profiling.ProfileAnalysis;
import io.cludeobs.agent.profiling.ProfileRecorder;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher's profiling hook: span events on the sampled path, still nothing allocated on the unsampled. */
class CallDispatcherProfilingTest {

  static final class Agent {
    public void handle() {}
  }

  static final class Tools {
    public void read() {}
  }

  @TempDir Path dataDir;

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().build();
  private final MethodRegistry registry = new MethodRegistry(100);
  private final int task = register("task", Agent.class, "handle");
  private final int tool = register("tool", Tools.class, "read");
  private ProfileRecorder recorder;

  @AfterEach
  void close() {
    CallDispatcher.profileSpans(null);
    if (recorder != null) {
      recorder.stop();
    }
    tracerProvider.close();
    meterProvider.close();
  }

  private int register(String category, Class<?> type, String method) {
    try {
      return registry.register(
          category, TypeDescription.ForLoadedType.of(type), new MethodDescription.ForLoadedMethod(type.getMethod(method)));
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  private CallDispatcher dispatcher(double rate) {
    return new CallDispatcher(
        registry, tracerProvider.get("test"), new HeadSampler(rate), new Instruments(meterProvider.get("test"), registry));
  }

  private void startProfiling() {
    List<String> problems = new ArrayList<>();
    recorder = ProfileRecorder.start(dataDir, true, true, false, 0, s -> {}, problems::add);
    assertThat(problems).isEmpty();
    CallDispatcher.profileSpans(recorder.spans());
  }

  @Test
  void sampledSpansAreRecordedAsSpanEventsWithTheirIds() throws Exception {
    startProfiling();
    CallDispatcher d = dispatcher(1.0);
    Object t = d.enter(task, null);
    Object r = d.enter(tool, null);
    d.exit(tool, r, null, null, null);
    d.exit(task, t, null, null, null);
    recorder.stop();
    recorder = null;

    List<SpanData> ended = spans.getFinishedSpanItems();
    List<ProfileAnalysis.ProfiledSpan> profiled = ProfileAnalysis.read(dataDir, null, null).spans();
    assertThat(profiled).hasSize(2);
    ProfileAnalysis.ProfiledSpan taskEvent = profiled.get(0);
    ProfileAnalysis.ProfiledSpan toolEvent = profiled.get(1);
    assertThat(taskEvent.spanId()).isEqualTo(ended.get(1).getSpanId());
    assertThat(taskEvent.traceId()).isEqualTo(ended.get(1).getTraceId());
    assertThat(taskEvent.parentSpanId()).isNull();
    assertThat(taskEvent.category()).isEqualTo("task");
    assertThat(taskEvent.name()).isEqualTo("invoke_agent CallDispatcherProfilingTest$Agent.handle");
    assertThat(taskEvent.toolName()).isNull();
    assertThat(toolEvent.spanId()).isEqualTo(ended.get(0).getSpanId());
    assertThat(toolEvent.parentSpanId()).isEqualTo(taskEvent.spanId());
    assertThat(toolEvent.category()).isEqualTo("tool");
    assertThat(toolEvent.toolName()).isEqualTo("read");
    assertThat(toolEvent.threadId()).isEqualTo(Thread.currentThread().getId());
    assertThat(toolEvent.startEpochNanos()).isBetween(taskEvent.startEpochNanos(), taskEvent.endEpochNanos());
  }

  @Test
  void theUnsampledPathAllocatesNothingWhileProfiling() {
    startProfiling();
    CallDispatcher d = dispatcher(0.0);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int warm = 0; warm < 3; warm++) {
      runUnsampled(d, 200_000);
    }
    long before = threads.getThreadAllocatedBytes(thread);
    runUnsampled(d, 200_000);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
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
}
