package io.cludeobs.agent.metrics.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Runs OSHI for real on this machine (Linux in CI); values are checked for shape and range. */
class SystemMetricsTest {

  @Test
  void oshiReadingsBecomeTheConventionalInstruments() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      SystemMetrics system = SystemMetrics.start(provider.get("test"));
      assertThat(system).isNotNull();
      system.run();

      Map<String, MetricData> byName = new TreeMap<>();
      Collection<MetricData> metrics = reader.collectAllMetrics();
      for (MetricData m : metrics) {
        byName.put(m.getName(), m);
      }

      assertThat(byName.keySet())
          .contains(
              "system.cpu.utilization",
              "system.cpu.logical.count",
              "system.cpu.load_average.1m",
              "process.cpu.utilization",
              "system.memory.usage",
              "system.memory.utilization",
              "system.memory.limit",
              "system.disk.io",
              "system.disk.operations",
              "system.network.io",
              "system.network.packet.count",
              "system.network.errors");
      assertThat(byName.get("system.memory.usage").getUnit()).isEqualTo("By");
      assertThat(byName.get("system.cpu.utilization").getUnit()).isEqualTo("1");
      assertThat(byName.get("system.cpu.utilization").getDoubleGaugeData().getPoints()).hasSize(7);
      double totalShare =
          byName.get("system.cpu.utilization").getDoubleGaugeData().getPoints().stream()
              .mapToDouble(p -> p.getValue())
              .sum();
      assertThat(totalShare).isBetween(0.0, 1.0000001);
      long limit = byName.get("system.memory.limit").getLongSumData().getPoints().iterator().next().getValue();
      long used =
          byName.get("system.memory.usage").getLongSumData().getPoints().stream()
              .mapToLong(p -> p.getValue())
              .sum();
      assertThat(used).isEqualTo(limit);
      assertThat(byName.get("system.cpu.logical.count").getLongSumData().getPoints().iterator().next().getValue())
          .isEqualTo(Runtime.getRuntime().availableProcessors());
      byName.get("system.network.io").getLongSumData().getPoints()
          .forEach(p -> assertThat(p.getAttributes().asMap()).hasSize(2));
    }
  }
}
