package io.cludeobs.agent.metrics.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.metrics.MemoryMetricExporter;
import io.cludeobs.agent.metrics.aggregate.MetricPoint;
import io.cludeobs.agent.metrics.aggregate.StoredMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusEndpointTest {

  @Test
  void servesTheKeptWindowsAsOtlpJsonLinesOnLoopback() throws Exception {
    MemoryMetricExporter memory = new MemoryMetricExporter(2);
    PeriodicMetricReader reader = PeriodicMetricReader.builder(memory).build();
    StatusEndpoint endpoint = StatusEndpoint.start(0, memory);
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      assertThat(endpoint).isNotNull();
      provider.get("t").counterBuilder("calls").build().add(3, Attributes.of(AttributeKey.stringKey("k"), "v"));
      for (int i = 0; i < 3; i++) {
        reader.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
      }

      HttpURLConnection c =
          (HttpURLConnection) new URL("http://127.0.0.1:" + endpoint.port() + "/windows").openConnection();
      String body;
      try (InputStream in = c.getInputStream()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }

      assertThat(c.getResponseCode()).isEqualTo(200);
      assertThat(c.getContentType()).isEqualTo("application/x-ndjson");
      // capacity 2: the oldest of three collections is gone
      assertThat(body.split("\n")).hasSize(2);
      StoredMetrics stored = StoredMetrics.parse(body);
      assertThat(stored.skippedLines()).isZero();
      List<MetricPoint> points = new java.util.ArrayList<>(stored.points());
      // the SDK's own otel.sdk.* metrics are not under test here
      points.removeIf(p -> p.name().startsWith("otel.sdk."));
      assertThat(points).hasSize(2);
      assertThat(points).allSatisfy(p -> {
        assertThat(p.name()).isEqualTo("calls");
        assertThat(p.value()).isEqualTo(3.0);
        assertThat(p.attributes()).containsExactly(java.util.Map.entry("k", "v"));
      });
    } finally {
      endpoint.stop();
    }
  }

  @Test
  void aBusyPortIsOneLineAndNoEndpoint() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(StatusEndpoint.start(taken.getLocalPort(), new MemoryMetricExporter(1))).isNull();
    }
  }
}
