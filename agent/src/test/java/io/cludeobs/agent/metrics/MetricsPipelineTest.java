package io.cludeobs.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.config.ConfigSources;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsPipelineTest {

  @TempDir Path dir;

  private AgentConfig config(String... keyValues) {
    Map<String, String> props = new HashMap<>();
    props.put("user.home", dir.toString());
    // no JVM or system collectors: these tests look at the readers and views only
    props.put("clude.obs.metrics.jvm", "false");
    props.put("clude.obs.metrics.system", "false");
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put("clude.obs." + keyValues[i], keyValues[i + 1]);
    }
    return AgentConfig.load(ConfigSources.of(props, new HashMap<>(), dir), line -> {});
  }

  /** Records one value on every business and application instrument, then flushes into memory. */
  private static List<MetricData> recordAndCollect(AgentConfig config) {
    MemoryMetricExporter memory = new MemoryMetricExporter(1);
    SdkMeterProviderBuilder builder = SdkMeterProvider.builder();
    MetricsPipeline pipeline = MetricsPipeline.configure(builder, config, memory, memory);
    try (SdkMeterProvider provider = builder.build()) {
      Meter meter = provider.get("io.cludeobs");
      for (String name : MetricsPipeline.BUSINESS) {
        meter.histogramBuilder(name).build().record(1.5);
      }
      meter.histogramBuilder("clude.span.duration").build().record(1.5);
      meter.upDownCounterBuilder("clude.operations.active").build().add(1);
      provider.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
      pipeline.shutdown();
    }
    // the SDK's own otel.sdk.* metrics are not under test here
    return memory.windows().isEmpty()
        ? List.of()
        : memory.windows().get(0).stream()
            .filter(m -> m.getInstrumentationScopeInfo().getName().equals("io.cludeobs"))
            .collect(Collectors.toList());
  }

  private static List<String> names(List<MetricData> metrics) {
    return metrics.stream().map(MetricData::getName).sorted().collect(Collectors.toList());
  }

  @Test
  void allGroupsOnRecordEveryInstrumentWithExplicitBuckets() {
    List<MetricData> metrics = recordAndCollect(config());

    assertThat(names(metrics))
        .containsExactly(
            "clude.operations.active",
            "clude.span.duration",
            "clude.task.duration",
            "clude.tool.duration",
            "gen_ai.client.operation.duration",
            "gen_ai.client.token.usage");
    assertThat(metrics).filteredOn(m -> m.getName().endsWith("duration"))
        .allSatisfy(m -> assertThat(m.getType()).isEqualTo(MetricDataType.HISTOGRAM));
  }

  @Test
  void businessOffDropsTasksLlmCallsTokensAndTools() {
    assertThat(names(recordAndCollect(config("metrics.business", "false"))))
        .containsExactly("clude.operations.active", "clude.span.duration");
  }

  @Test
  void applicationOffDropsOtherMethodsAndConcurrency() {
    assertThat(names(recordAndCollect(config("metrics.application", "false"))))
        .containsExactly(
            "clude.task.duration", "clude.tool.duration", "gen_ai.client.operation.duration", "gen_ai.client.token.usage");
  }

  @Test
  void exponentialHistogramsForTheBackend() {
    List<MetricData> metrics = recordAndCollect(config("metrics.histogram", "exponential"));

    assertThat(metrics).filteredOn(m -> m.getName().endsWith("duration")).hasSize(4)
        .allSatisfy(m -> assertThat(m.getType()).isEqualTo(MetricDataType.EXPONENTIAL_HISTOGRAM));
  }

  @Test
  void metricsOffRegistersNoReader() {
    assertThat(recordAndCollect(config("metrics_enabled", "false"))).isEmpty();
  }
}
