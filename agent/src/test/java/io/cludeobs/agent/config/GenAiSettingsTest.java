package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The {@code genai.*} settings and the {@code openai-java} switch. */
class GenAiSettingsTest {

  private static Loaded loaded() {
    return new Loaded(Paths.get("/srv/app")).prop("user.home", "/home/ada");
  }

  @Test
  void captureIsOffByDefaultWithAnEightKibCap() {
    Loaded l = loaded();
    AgentConfig c = l.load();
    assertThat(l.problems).isEmpty();
    assertThat(c.genAiCaptureContent()).isFalse();
    assertThat(c.genAiCaptureMaxBytes()).isEqualTo(8192);
    assertThat(c.genAiRedactPatterns()).isEmpty();
    assertThat(c.genAiPricingFile()).isNull();
    assertThat(c.instrumentationEnabled("openai-java")).isTrue();
  }

  @Test
  void everyGenAiSettingParses() {
    Loaded l =
        loaded()
            .prop("clude.obs.genai.capture_content", "true")
            .env("CLUDE_OBS_GENAI_CAPTURE_MAX_BYTES", "1024")
            .prop("clude.obs.genai.redact_patterns", "EMP-\\d{6}; secret=\\S+")
            .prop("clude.obs.genai.pricing_file", "~/prices.tsv")
            .prop("clude.obs.instrumentation.openai-java.enabled", "false");
    AgentConfig c = l.load();
    assertThat(l.problems).isEmpty();
    assertThat(c.genAiCaptureContent()).isTrue();
    assertThat(c.genAiCaptureMaxBytes()).isEqualTo(1024);
    assertThat(c.genAiRedactPatterns().stream().map(Pattern::pattern).collect(Collectors.toList()))
        .containsExactly("EMP-\\d{6}", "secret=\\S+");
    assertThat(c.genAiPricingFile()).isEqualTo(Paths.get("/home/ada/prices.tsv"));
    assertThat(c.instrumentationEnabled("openai-java")).isFalse();
    assertThat(c.describe()).contains("genai.capture_content = true\n", "genai.capture_max_bytes = 1024\n");
  }

  @Test
  void theOpenTelemetryVariableTurnsCaptureOnUnlessTheCludeSettingSaysOtherwise() {
    assertThat(loaded().env("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true").load().genAiCaptureContent())
        .isTrue();
    assertThat(
            loaded()
                .env("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
                .prop("clude.obs.genai.capture_content", "false")
                .load()
                .genAiCaptureContent())
        .isFalse();
  }

  @Test
  void aBadPatternIsDroppedAloneWithOneLine() {
    Loaded l = loaded().prop("clude.obs.genai.redact_patterns", "ok\\d+;(unclosed");
    AgentConfig c = l.load();
    assertThat(c.genAiRedactPatterns().stream().map(Pattern::pattern).collect(Collectors.toList()))
        .containsExactly("ok\\d+");
    assertThat(l.problems)
        .containsExactly(
            "clude.obs.genai.redact_patterns=ok\\d+;(unclosed: bad regular expression (unclosed (Unclosed group);"
                + " fix or remove it, see docs/genai.md#content-capture; using the other patterns and the built-in"
                + " redactions");
  }
}
