package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SettingKeysTest {

  @Test
  void spellsEachKeyInTheThreeForms() {
    assertThat(SettingKeys.property("tracing.sampling_rate"))
        .isEqualTo("clude.obs.tracing.sampling_rate");
    assertThat(SettingKeys.env("tracing.sampling_rate"))
        .isEqualTo("CLUDE_OBS_TRACING_SAMPLING_RATE");
    assertThat(SettingKeys.env("instrumentation.file-io.enabled"))
        .isEqualTo("CLUDE_OBS_INSTRUMENTATION_FILE_IO_ENABLED");
    assertThat(SettingKeys.toml("tracing.sampling_rate"))
        .isEqualTo("[observability.tracing] sampling_rate");
    assertThat(SettingKeys.toml("enabled")).isEqualTo("[observability] enabled");
    assertThat(SettingKeys.toml("instrumentation.file-io.enabled"))
        .isEqualTo("[observability.instrumentation.file-io] enabled");
  }

  @Test
  void mapsNamesBackToKeys() {
    assertThat(SettingKeys.fromEnv("CLUDE_OBS_METRICS_RETENTION_DAYS"))
        .isEqualTo("metrics.retention_days");
    assertThat(SettingKeys.fromEnv("CLUDE_OBS_INSTRUMENTATION_LANGCHAIN4J_ENABLED"))
        .isEqualTo("instrumentation.langchain4j.enabled");
    assertThat(SettingKeys.fromEnv("CLUDE_OBS_INSTRUMENTATION__ENABLED")).isNull();
    assertThat(SettingKeys.fromDotted("instrumentation.Spring_AI.enabled"))
        .isEqualTo("instrumentation.spring-ai.enabled");
    assertThat(SettingKeys.fromDotted("instrumentation.a--b.enabled")).isNull();
    assertThat(SettingKeys.fromDotted("instrumentation.-a.enabled")).isNull();
    assertThat(SettingKeys.fromDotted("tracing.nope")).isNull();
  }

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(SettingKeys.editDistance("tool", "tools")).isEqualTo(1);
    assertThat(SettingKeys.editDistance("kitten", "sitting")).isEqualTo(3);
    assertThat(SettingKeys.editDistance("", "abc")).isEqualTo(3);
    assertThat(SettingKeys.editDistance("same", "same")).isEqualTo(0);
  }

  @Test
  void nearestPicksTheClosestCandidateWithinTheTypoLimit() {
    assertThat(
            SettingKeys.nearest(
                "clude.obs.tracing.batchsize",
                Arrays.asList("tracing.batch_size", "tracing.queue_size"),
                SettingKeys.Form.PROPERTY))
        .isEqualTo("clude.obs.tracing.batch_size");
    assertThat(
            SettingKeys.nearest(
                "clude.obs.xyz", Arrays.asList("tracing.batch_size"), SettingKeys.Form.PROPERTY))
        .isNull();
  }

  @Test
  void everySettingIsInTheDocumentationTable() throws IOException {
    Path doc = Paths.get("../docs/configuration.md");
    String text = new String(Files.readAllBytes(doc), StandardCharsets.UTF_8);
    for (String key : SettingKeys.KNOWN) {
      assertThat(text)
          .as(key)
          .contains(
              "| `"
                  + key
                  + "` | `"
                  + SettingKeys.property(key)
                  + "` | `"
                  + SettingKeys.env(key)
                  + "` | `"
                  + SettingKeys.toml(key)
                  + "` |");
    }
  }
}
