package io.cludeobs.agent.metrics.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JvmMetricsTest {

  @Test
  void mxBeansBecomeTheJvmConventionInstruments() throws Exception {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
        JvmMetrics jvm = JvmMetrics.register(provider.get("test"))) {
      System.gc();
      Map<String, MetricData> byName = new TreeMap<>();
      // GC notifications arrive on another thread shortly after the collection
      for (int i = 0; i < 50 && !byName.containsKey("jvm.gc.duration"); i++) {
        Thread.sleep(100);
        reader.collectAllMetrics().forEach(m -> byName.put(m.getName(), m));
      }

      assertThat(byName.keySet())
          .containsExactlyInAnyOrder(
              "jvm.memory.used",
              "jvm.memory.committed",
              "jvm.memory.limit",
              "jvm.gc.duration",
              "jvm.thread.count",
              "jvm.class.loaded",
              "jvm.class.unloaded",
              "jvm.class.count",
              "jvm.cpu.count",
              "jvm.cpu.time",
              "jvm.cpu.recent_utilization");

      Set<String> pools =
          ManagementFactory.getMemoryPoolMXBeans().stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
      assertThat(
              byName.get("jvm.memory.used").getLongSumData().getPoints().stream()
                  .map(p -> p.getAttributes().get(JvmMetrics.MEMORY_POOL))
                  .collect(Collectors.toSet()))
          .isEqualTo(pools);
      assertThat(byName.get("jvm.memory.used").getUnit()).isEqualTo("By");
      assertThat(
              byName.get("jvm.thread.count").getLongSumData().getPoints().stream()
                  .map(p -> p.getAttributes().get(JvmMetrics.THREAD_DAEMON))
                  .collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(true, false);
      LongPointData cpus = byName.get("jvm.cpu.count").getLongSumData().getPoints().iterator().next();
      assertThat(cpus.getValue()).isEqualTo(Runtime.getRuntime().availableProcessors());
      MetricData gc = byName.get("jvm.gc.duration");
      assertThat(gc.getUnit()).isEqualTo("s");
      assertThat(gc.getHistogramData().getPoints().iterator().next().getBoundaries())
          .containsExactly(0.01, 0.1, 1.0, 10.0);
      assertThat(gc.getHistogramData().getPoints().stream().mapToLong(p -> p.getCount()).sum()).isGreaterThanOrEqualTo(1);
    }
  }
}
