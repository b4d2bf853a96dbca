package io.cludeobs.agent.bench;

import io.cludeobs.agent.tracing.CallDispatcher;
import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.Instruments;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot paths of a woven call, one at a time: what the advice's enter and exit cost through the
 * dispatcher (unsampled root, sampled without export), the sampler's decision and one timer record.
 * Run by {@code benchmarks/jmh/run.sh}; a benchmark, never a test.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBench {

  /** The woven method the benchmarks pretend to call. */
  public static final class Tool {
    public long execute(long x) {
      return x;
    }
  }

  /** A dispatcher with one tool method, its providers and a timer. */
  @State(Scope.Thread)
  public static class Dispatch {
    SdkTracerProvider tracing;
    SdkMeterProvider meters;
    CallDispatcher unsampled;
    CallDispatcher sampled;
    int toolId;
    HeadSampler tenth;
    DoubleHistogram timer;
    Attributes timerAttributes;

    @Setup
    public void setUp() throws NoSuchMethodException {
      tracing = SdkTracerProvider.builder().build();
      meters = SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
      MethodRegistry registry = new MethodRegistry(10);
      toolId =
          registry.register(
              "tool",
              TypeDescription.ForLoadedType.of(Tool.class),
              new MethodDescription.ForLoadedMethod(Tool.class.getMethod("execute", long.class)));
      Instruments instruments = new Instruments(meters.get("bench"), registry);
      unsampled = new CallDispatcher(registry, tracing.get("bench"), new HeadSampler(0.0), instruments);
      sampled = new CallDispatcher(registry, tracing.get("bench"), new HeadSampler(1.0), instruments);
      tenth = new HeadSampler(0.1);
      timer = meters.get("bench").histogramBuilder("bench.duration").setUnit("s").build();
      timerAttributes = Attributes.builder().put("gen_ai.tool.name", "execute").build();
    }

    @TearDown
    public void tearDown() {
      tracing.close();
      meters.close();
    }
  }

  /** One clock read: a timer needs two per call. */
  @Benchmark
  public long clockRead() {
    return System.nanoTime();
  }

  /** Enter and exit of an unsampled root call, with both clock reads the advice makes. */
  @Benchmark
  public Object unsampledCall(Dispatch d) {
    Object token = d.unsampled.enter(d.toolId, null);
    d.unsampled.exit(d.toolId, token, null, null, null);
    return token;
  }

  /** Enter and exit of a sampled root call: a span started, made current and ended (no export). */
  @Benchmark
  public Object sampledCall(Dispatch d) {
    Object token = d.sampled.enter(d.toolId, null);
    d.sampled.exit(d.toolId, token, null, null, null);
    return token;
  }

  /** The root sampling decision at ratio 0.1. */
  @Benchmark
  public boolean samplerDecision(Dispatch d) {
    return d.tenth.sampleRoot();
  }

  /** One record of a duration histogram with a fixed attribute set. */
  @Benchmark
  public void timerRecord(Dispatch d) {
    d.timer.record(0.000123, d.timerAttributes);
  }
}
