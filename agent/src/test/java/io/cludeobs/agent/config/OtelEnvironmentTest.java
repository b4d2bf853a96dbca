package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtelEnvironmentTest {
  @TempDir Path dir;

  private Loaded given() {
    return new Loaded(dir);
  }

  @Test
  void defaultsPointAtLocalhostOverHttpProtobuf() {
    Loaded l = given();
    OtlpSettings o = l.load().otlp();
    assertThat(o.configured()).isFalse();
    assertThat(o.tracesProtocol()).isEqualTo(OtlpSettings.Protocol.HTTP_PROTOBUF);
    assertThat(o.metricsProtocol()).isEqualTo(OtlpSettings.Protocol.HTTP_PROTOBUF);
    assertThat(o.tracesEndpoint()).isEqualTo("http://localhost:4318/v1/traces");
    assertThat(o.metricsEndpoint()).isEqualTo("http://localhost:4318/v1/metrics");
    assertThat(o.tracesTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.metricsTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.tracesHeaders()).isEmpty();
    assertThat(l.problems).isEmpty();
  }

  @Test
  void grpcDefaultsToPort4317WithoutPaths() {
    OtlpSettings o = given().env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc").load().otlp();
    assertThat(o.configured()).isFalse();
    assertThat(o.tracesEndpoint()).isEqualTo("http://localhost:4317");
    assertThat(o.metricsEndpoint()).isEqualTo("http://localhost:4317");
  }

  @Test
  void httpBaseEndpointGetsSignalPaths() {
    Loaded l = given().env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector:4318/");
    AgentConfig c = l.load();
    assertThat(c.otlp().configured()).isTrue();
    assertThat(c.otlp().tracesEndpoint()).isEqualTo("https://collector:4318/v1/traces");
    assertThat(c.otlp().metricsEndpoint()).isEqualTo("https://collector:4318/v1/metrics");
    // a configured collector changes the defaults of exporter and backend
    assertThat(c.traceExporters()).containsExactly(TraceExporterKind.OTLP);
    assertThat(c.metricsBackend()).isEqualTo(MetricsBackend.REMOTE);
  }

  @Test
  void explicitExporterAndBackendWinOverTheCollectorDefault() {
    AgentConfig c =
        given()
            .env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces")
            .prop("clude.obs.tracing.exporter", "file")
            .prop("clude.obs.metrics.storage_backend", "file")
            .load();
    assertThat(c.traceExporters()).containsExactly(TraceExporterKind.FILE);
    assertThat(c.metricsBackend()).isEqualTo(MetricsBackend.FILE);
  }

  @Test
  void grpcBaseEndpointIsUsedAsIsAndSignalEndpointsAreNotChanged() {
    OtlpSettings o =
        given()
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
            .env("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/protobuf")
            .env("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://metrics:9999/custom")
            .load()
            .otlp();
    assertThat(o.tracesProtocol()).isEqualTo(OtlpSettings.Protocol.GRPC);
    assertThat(o.tracesEndpoint()).isEqualTo("http://collector:4317");
    assertThat(o.metricsProtocol()).isEqualTo(OtlpSettings.Protocol.HTTP_PROTOBUF);
    assertThat(o.metricsEndpoint()).isEqualTo("http://metrics:9999/custom");
  }

  @Test
  void systemPropertyBeatsEnvVar() {
    OtlpSettings o =
        given()
            .prop("otel.exporter.otlp.endpoint", "http://from-prop:4318")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-env:4318")
            .load()
            .otlp();
    assertThat(o.tracesEndpoint()).isEqualTo("http://from-prop:4318/v1/traces");
  }

  @Test
  void endpointThatIsNotAUrlIsReportedAndDoesNotCountAsConfigured() {
    Loaded l = given().env("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317");
    assertThat(l.load().otlp().configured()).isFalse();
    assertThat(l.problems)
        .containsExactly(
            "OTEL_EXPORTER_OTLP_ENDPOINT=collector:4317: must be an http:// or https:// URL"
                + " such as http://localhost:4318; ignoring it");
  }

  @Test
  void headersAreDecodedAndSignalHeadersReplaceTheBaseOnes() {
    OtlpSettings o =
        given()
            .env("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20abc, x-team = a%2Cb")
            .env("OTEL_EXPORTER_OTLP_METRICS_HEADERS", "x-metrics=1")
            .load()
            .otlp();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("authorization", "Bearer abc");
    expected.put("x-team", "a,b");
    assertThat(o.tracesHeaders()).containsExactlyEntriesOf(expected);
    assertThat(o.metricsHeaders()).containsExactly(Map.entry("x-metrics", "1"));
  }

  @Test
  void badHeaderEntriesAreReportedWithoutTheirValues() {
    Loaded l = given().env("OTEL_EXPORTER_OTLP_HEADERS", "Bearer-secret-token,ok=1,bad=%zz-secret");
    assertThat(l.load().otlp().tracesHeaders()).containsExactly(Map.entry("ok", "1"));
    assertThat(l.problems)
        .containsExactly(
            "OTEL_EXPORTER_OTLP_HEADERS: entry 1 is not key=value; write key=value pairs"
                + " separated by commas; ignoring that entry",
            "OTEL_EXPORTER_OTLP_HEADERS: entry 3 has a bad %-escape; write a literal % as %25;"
                + " ignoring that entry");
  }

  @Test
  void timeoutsAreMillisecondsWithSignalOverrides() {
    OtlpSettings o =
        given()
            .env("OTEL_EXPORTER_OTLP_TIMEOUT", "2500")
            .prop("otel.exporter.otlp.metrics.timeout", "100")
            .load()
            .otlp();
    assertThat(o.tracesTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(o.metricsTimeout()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void badTimeoutIsReported() {
    Loaded l = given().env("OTEL_EXPORTER_OTLP_TIMEOUT", "10s");
    assertThat(l.load().otlp().tracesTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(l.problems)
        .containsExactly(
            "OTEL_EXPORTER_OTLP_TIMEOUT=10s: must be a whole number of milliseconds >= 0,"
                + " such as 10000; using 10000");
  }

  @Test
  void httpJsonIsReportedAsUnsupported() {
    Loaded l = given().env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
    assertThat(l.load().otlp().tracesProtocol()).isEqualTo(OtlpSettings.Protocol.HTTP_PROTOBUF);
    assertThat(l.problems)
        .containsExactly(
            "OTEL_EXPORTER_OTLP_PROTOCOL=http/json: http/json is not supported;"
                + " use grpc or http/protobuf; using http/protobuf");
  }

  @Test
  void unknownSignalProtocolFallsBackToTheBaseProtocol() {
    Loaded l =
        given()
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
            .env("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "thrift");
    assertThat(l.load().otlp().tracesProtocol()).isEqualTo(OtlpSettings.Protocol.GRPC);
    assertThat(l.problems)
        .containsExactly(
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=thrift: unknown protocol;"
                + " use grpc or http/protobuf; using grpc");
  }

  @Test
  void serviceNameAndResourceAttributes() {
    AgentConfig c =
        given().env("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-resource,team=ml%20ops").load();
    assertThat(c.serviceName()).isEqualTo("from-resource");
    assertThat(c.resourceAttributes())
        .containsExactly(Map.entry("service.name", "from-resource"), Map.entry("team", "ml ops"));

    AgentConfig named =
        given()
            .env("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-resource")
            .prop("otel.service.name", "coder")
            .load();
    assertThat(named.serviceName()).isEqualTo("coder");
  }

  @Test
  void samplerSetsTheRatioWhenCludeDoesNot() {
    assertThat(given().env("OTEL_TRACES_SAMPLER", "always_off").load().samplingRate())
        .isEqualTo(0.0);
    assertThat(given().env("OTEL_TRACES_SAMPLER", "parentbased_always_off").load().samplingRate())
        .isEqualTo(0.0);
    assertThat(given().env("OTEL_TRACES_SAMPLER", "always_on").load().samplingRate())
        .isEqualTo(1.0);
    assertThat(given().env("OTEL_TRACES_SAMPLER", "traceidratio").load().samplingRate())
        .isEqualTo(1.0);
    assertThat(
            given()
                .env("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                .env("OTEL_TRACES_SAMPLER_ARG", "0.2")
                .load()
                .samplingRate())
        .isEqualTo(0.2);
  }

  @Test
  void explicitCludeSamplingRateWinsOverTheOtelSampler() {
    AgentConfig c =
        given()
            .env("OTEL_TRACES_SAMPLER", "always_off")
            .env("CLUDE_OBS_TRACING_SAMPLING_RATE", "0.75")
            .load();
    assertThat(c.samplingRate()).isEqualTo(0.75);
  }

  @Test
  void badCludeRateFallsBackToTheOtelRatio() {
    Loaded l =
        given()
            .env("OTEL_TRACES_SAMPLER", "traceidratio")
            .env("OTEL_TRACES_SAMPLER_ARG", "0.3")
            .prop("clude.obs.tracing.sampling_rate", "2");
    assertThat(l.load().samplingRate()).isEqualTo(0.3);
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.tracing.sampling_rate=2: must be a number from 0 to 1, such as 0.25;"
                + " using 0.3");
  }

  @Test
  void badSamplerNameAndArgAreReported() {
    Loaded name = given().env("OTEL_TRACES_SAMPLER", "jaeger_remote");
    assertThat(name.load().samplingRate()).isEqualTo(1.0);
    assertThat(name.problems)
        .containsExactly(
            "OTEL_TRACES_SAMPLER=jaeger_remote: unsupported sampler; use always_on, always_off,"
                + " traceidratio, parentbased_always_on, parentbased_always_off or"
                + " parentbased_traceidratio; using ratio 1.0");

    Loaded arg =
        given().env("OTEL_TRACES_SAMPLER", "traceidratio").env("OTEL_TRACES_SAMPLER_ARG", "half");
    assertThat(arg.load().samplingRate()).isEqualTo(1.0);
    assertThat(arg.problems)
        .containsExactly(
            "OTEL_TRACES_SAMPLER_ARG=half: must be a number from 0 to 1 for traceidratio,"
                + " such as 0.25; using 1.0");
  }
}
