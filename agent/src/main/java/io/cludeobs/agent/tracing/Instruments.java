package io.cludeobs.agent.tracing;

import io.cludeobs.agent.pointcut.Category;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.cludeobs.agent.weaving.WovenMethod;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.Arrays;
import java.util.List;

/** The timers and counters every woven call records, sampled or not. */
public final class Instruments {

  /** Bucket boundaries the GenAI conventions give for {@code gen_ai.client.operation.duration}. */
  static final List<Double> GEN_AI_DURATION_BUCKETS =
      Arrays.asList(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  /** Bucket boundaries the GenAI conventions give for {@code gen_ai.client.token.usage}. */
  static final List<Long> GEN_AI_TOKEN_BUCKETS =
      Arrays.asList(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L, 16777216L,
          67108864L);

  /** Boundaries for task, tool and span durations: 1 ms to about 5 minutes. */
  static final List<Double> DURATION_BUCKETS =
      Arrays.asList(
          0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0,
          300.0);

  /** The class a lost hand-off went through, e.g. {@code java.util.concurrent.LinkedBlockingQueue}. */
  static final AttributeKey<String> CONTEXT_LOST_VIA = AttributeKey.stringKey("clude.context.via");

  private final boolean timed;
  private final DoubleHistogram[] durations = new DoubleHistogram[Category.values().length];
  final LongHistogram tokenUsage;
  final LongCounter selfErrors;
  final LongCounter contextLost;
  private final java.util.concurrent.ConcurrentHashMap<String, Attributes> lostAttributes =
      new java.util.concurrent.ConcurrentHashMap<>();

  public Instruments(Meter meter, MethodRegistry registry) {
    this(meter, registry, true);
  }

  /** {@code timed}: whether timers are recorded at all (metrics on). */
  public Instruments(Meter meter, MethodRegistry registry, boolean timed) {
    this.timed = timed;
    durations[Category.TASK.ordinal()] =
        duration(meter, "clude.task.duration", "Duration of agent tasks (task pointcuts).", DURATION_BUCKETS);
    durations[Category.LLM.ordinal()] =
        duration(
            meter,
            "gen_ai.client.operation.duration",
            "GenAI operation duration (llm pointcuts).",
            GEN_AI_DURATION_BUCKETS);
    durations[Category.TOOL.ordinal()] =
        duration(meter, "clude.tool.duration", "Duration of tool calls (tool pointcuts).", DURATION_BUCKETS);
    durations[Category.SPAN.ordinal()] =
        duration(meter, "clude.span.duration", "Duration of other woven methods (span pointcuts).", DURATION_BUCKETS);
    tokenUsage =
        meter
            .histogramBuilder("gen_ai.client.token.usage")
            .setDescription("Number of input and output tokens used per LLM call.")
            .setUnit("{token}")
            .ofLongs()
            .setExplicitBucketBoundariesAdvice(GEN_AI_TOKEN_BUCKETS)
            .build();
    meter
        .upDownCounterBuilder("clude.operations.active")
        .setDescription("Woven calls in progress, by category and method.")
        .setUnit("{call}")
        .buildWithCallback(
            measurement -> {
              List<WovenMethod> all = registry.all();
              long[] counts = new long[registry.size()];
              ThreadState.countActive(counts);
              for (WovenMethod m : all) {
                measurement.record(m.id() < counts.length ? counts[m.id()] : 0, m.activeAttributes());
              }
            });
    selfErrors =
        meter
            .counterBuilder("clude.obs.errors")
            .setDescription("Errors inside the agent that were contained and not passed to the application.")
            .setUnit("{error}")
            .build();
    contextLost =
        meter
            .counterBuilder("clude.context.lost")
            .setDescription(
                "Traces started in work that a traced thread handed off through a queue the agent could not follow.")
            .setUnit("{trace}")
            .build();
  }

  /** The attributes of one {@code clude.context.lost} point: the class the work went through. */
  Attributes contextLostAttributes(String viaClass) {
    Attributes cached = lostAttributes.get(viaClass);
    if (cached == null) {
      cached = Attributes.of(CONTEXT_LOST_VIA, viaClass);
      if (lostAttributes.size() < 64) {
        lostAttributes.put(viaClass, cached);
      }
    }
    return cached;
  }

  /** {@code gen_ai.client.operation.duration}, shared with the GenAI library recorder. */
  public DoubleHistogram genAiDuration() {
    return durations[Category.LLM.ordinal()];
  }

  /** {@code gen_ai.client.token.usage}, shared with the GenAI library recorder. */
  public LongHistogram tokenUsage() {
    return tokenUsage;
  }

  /** Whether woven calls record their timers; false when metrics are off. */
  public boolean timed() {
    return timed;
  }

  DoubleHistogram duration(Category category) {
    return durations[category.ordinal()];
  }

  private static DoubleHistogram duration(Meter meter, String name, String description, List<Double> buckets) {
    return meter
        .histogramBuilder(name)
        .setDescription(description)
        .setUnit("s")
        .setExplicitBucketBoundariesAdvice(buckets)
        .build();
  }
}
