package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsSettingsTest {
  @TempDir Path dir;

  private Loaded given() {
    return new Loaded(dir).prop("user.home", "/home/ada");
  }

  @Test
  void defaults() {
    Loaded l = given();
    AgentConfig c = l.load();

    assertThat(l.problems).isEmpty();
    assertThat(c.systemMetrics()).isTrue();
    assertThat(c.jvmMetrics()).isTrue();
    assertThat(c.applicationMetrics()).isTrue();
    assertThat(c.businessMetrics()).isTrue();
    assertThat(c.histogram()).isEqualTo(HistogramKind.EXPLICIT);
    assertThat(c.memoryWindows()).isEqualTo(360);
    assertThat(c.prometheusEnabled()).isFalse();
    assertThat(c.prometheusHost()).isEqualTo("127.0.0.1");
    assertThat(c.prometheusPort()).isEqualTo(9464);
    assertThat(c.statusEnabled()).isFalse();
    assertThat(c.statusPort()).isEqualTo(9465);
  }

  @Test
  void everyMetricsSettingParsesFromPropertiesAndEnv() {
    Loaded l =
        given()
            .prop("clude.obs.metrics.system", "false")
            .prop("clude.obs.metrics.jvm", "false")
            .env("CLUDE_OBS_METRICS_APPLICATION", "false")
            .env("CLUDE_OBS_METRICS_BUSINESS", "FALSE")
            .prop("clude.obs.metrics.histogram", "Exponential")
            .prop("clude.obs.metrics.memory_windows", "6")
            .env("CLUDE_OBS_METRICS_PROMETHEUS_ENABLED", "true")
            .prop("clude.obs.metrics.prometheus.host", " 0.0.0.0 ")
            .prop("clude.obs.metrics.prometheus.port", "9100")
            .prop("clude.obs.metrics.status.enabled", "true")
            .env("CLUDE_OBS_METRICS_STATUS_PORT", "0");
    AgentConfig c = l.load();

    assertThat(l.problems).isEmpty();
    assertThat(c.systemMetrics()).isFalse();
    assertThat(c.jvmMetrics()).isFalse();
    assertThat(c.applicationMetrics()).isFalse();
    assertThat(c.businessMetrics()).isFalse();
    assertThat(c.histogram()).isEqualTo(HistogramKind.EXPONENTIAL);
    assertThat(c.memoryWindows()).isEqualTo(6);
    assertThat(c.prometheusEnabled()).isTrue();
    assertThat(c.prometheusHost()).isEqualTo("0.0.0.0");
    assertThat(c.prometheusPort()).isEqualTo(9100);
    assertThat(c.statusEnabled()).isTrue();
    assertThat(c.statusPort()).isEqualTo(0);
    assertThat(c.describe())
        .contains(
            "metrics.system = false\n",
            "metrics.histogram = exponential\n",
            "metrics.prometheus.port = 9100\n",
            "metrics.status.port = 0\n");
  }

  @Test
  void badValuesAreOneLineEachAndFallBack() {
    Loaded l =
        given()
            .prop("clude.obs.metrics.histogram", "hdr")
            .prop("clude.obs.metrics.prometheus.port", "70000")
            .prop("clude.obs.metrics.status.port", "-1")
            .prop("clude.obs.metrics.memory_windows", "0")
            .prop("clude.obs.metrics.jvm", "no");
    AgentConfig c = l.load();

    assertThat(l.problems)
        .containsExactlyInAnyOrder(
            "clude.obs.metrics.histogram=hdr: unknown histogram kind; use explicit or exponential; using explicit",
            "clude.obs.metrics.prometheus.port=70000: must be a whole number from 1 to 65535; using 9464",
            "clude.obs.metrics.status.port=-1: must be a whole number from 0 to 65535; using 9465",
            "clude.obs.metrics.memory_windows=0: must be a whole number >= 1; using 360",
            "clude.obs.metrics.jvm=no: must be true or false; using true");
    assertThat(c.histogram()).isEqualTo(HistogramKind.EXPLICIT);
    assertThat(c.prometheusPort()).isEqualTo(9464);
    assertThat(c.statusPort()).isEqualTo(9465);
    assertThat(c.memoryWindows()).isEqualTo(360);
    assertThat(c.jvmMetrics()).isTrue();
  }

  @Test
  void nestedTomlTablesAreRead() throws Exception {
    Path file = dir.resolve("obs.toml");
    java.nio.file.Files.write(
        file,
        ("[observability.metrics]\nhistogram = \"exponential\"\n"
                + "[observability.metrics.prometheus]\nenabled = true\nport = 9100\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Loaded l = given().prop("clude.obs.config", file.toString());
    AgentConfig c = l.load();

    assertThat(l.problems).isEmpty();
    assertThat(c.histogram()).isEqualTo(HistogramKind.EXPONENTIAL);
    assertThat(c.prometheusEnabled()).isTrue();
    assertThat(c.prometheusPort()).isEqualTo(9100);
  }

  @Test
  void tomlTablesSpellTheNestedKeys() {
    assertThat(SettingKeys.toml(SettingKeys.PROMETHEUS_PORT)).isEqualTo("[observability.metrics.prometheus] port");
    assertThat(SettingKeys.env(SettingKeys.PROMETHEUS_ENABLED)).isEqualTo("CLUDE_OBS_METRICS_PROMETHEUS_ENABLED");
  }
}
