package io.cludeobs.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cludeobs.agent.store.LocalStoreFiles;
import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMetricExporterTest {

  @TempDir Path dataDir;

  private final List<String> problems = new ArrayList<>();

  @Test
  void isCumulativeForEveryInstrument() {
    FileMetricExporter exporter = FileMetricExporter.create(dataDir, 1 << 20, problems::add, Instant.EPOCH);

    for (InstrumentType type : InstrumentType.values()) {
      assertThat(exporter.getAggregationTemporality(type)).isEqualTo(AggregationTemporality.CUMULATIVE);
    }
  }

  @Test
  void eachCollectionIsOneOtlpJsonLineWithCumulativeTotals() throws Exception {
    FileMetricExporter exporter =
        FileMetricExporter.create(dataDir, 1 << 20, problems::add, Instant.parse("2025-01-01T00:00:00Z"));
    SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
            .build();
    LongCounter calls = provider.get("clude-obs").counterBuilder("gen_ai.tool.calls").build();

    calls.add(5);
    provider.forceFlush().join(10, TimeUnit.SECONDS);
    calls.add(2);
    provider.forceFlush().join(10, TimeUnit.SECONDS);
    provider.shutdown().join(10, TimeUnit.SECONDS);

    List<Path> files = LocalStoreFiles.list(dataDir, Signal.METRICS);
    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactly("metrics-20250101T000000-" + ProcessHandle.current().pid() + ".jsonl");
    List<String> lines = Files.readAllLines(files.get(0), StandardCharsets.UTF_8);
    // shutdown collects once more
    assertThat(lines).hasSize(3);
    assertThat(counterValue(lines.get(0))).isEqualTo("5");
    assertThat(counterValue(lines.get(1))).isEqualTo("7");
    JsonNode sum = metric(lines.get(1)).get("sum");
    assertThat(sum.get("aggregationTemporality").asInt()).isEqualTo(2);
    assertThat(sum.get("isMonotonic").asBoolean()).isTrue();
    assertThat(problems).isEmpty();
  }

  private static JsonNode metric(String line) throws Exception {
    JsonNode request = new ObjectMapper().readTree(line);
    assertThat(request.fieldNames()).toIterable().containsExactly("resourceMetrics");
    // the SDK may add its own self-metrics in another scope; find ours by name
    for (JsonNode scope : request.get("resourceMetrics").get(0).get("scopeMetrics")) {
      for (JsonNode metric : scope.get("metrics")) {
        if (metric.get("name").asText().equals("gen_ai.tool.calls")) {
          return metric;
        }
      }
    }
    throw new AssertionError("no gen_ai.tool.calls metric in " + line);
  }

  private static String counterValue(String line) throws Exception {
    JsonNode point = metric(line).get("sum").get("dataPoints").get(0);
    // int64 is a JSON string in OTLP-JSON
    assertThat(point.get("asInt").isTextual()).isTrue();
    return point.get("asInt").asText();
  }
}
