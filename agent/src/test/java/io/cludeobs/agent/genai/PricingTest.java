package io.cludeobs.agent.genai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricingTest {

  @TempDir Path dir;

  @Test
  void bundledTablePricesCachedInputAtItsOwnRate() {
    Pricing pricing = Pricing.load(null, "clude.obs.genai.pricing_file", line -> {});
    // 600 input at 0.15, 400 cached at 0.075, 50 output at 0.60 per million
    assertThat(pricing.cost("gpt-4o-mini", 1000, 400, 50)).isEqualTo(0.00015);
    assertThat(pricing.cost("gpt-4o", 200, -1, 100)).isEqualTo(0.0015);
  }

  @Test
  void datedSnapshotsTakeTheLongestPricedPrefix() {
    Pricing pricing = Pricing.load(null, "clude.obs.genai.pricing_file", line -> {});
    assertThat(pricing.cost("gpt-4o-mini-2024-07-18", 1_000_000, 0, 0)).isEqualTo(0.15);
    assertThat(pricing.cost("gpt-4o-2024-08-06", 1_000_000, 0, 0)).isEqualTo(2.5);
    // "gpt-4o" is a prefix of "gpt-4omni" but not followed by "-": no price, no guess
    assertThat(pricing.cost("gpt-4omni", 1000, 0, 0)).isNegative();
    assertThat(pricing.cost("acme-local-llm", 1000, 0, 10)).isNegative();
    assertThat(pricing.cost(null, 1000, 0, 10)).isNegative();
  }

  @Test
  void cachedTokensAboveTheInputCountAreCappedAtIt() {
    Pricing pricing = Pricing.load(null, "clude.obs.genai.pricing_file", line -> {});
    assertThat(pricing.cost("gpt-4o-mini", 100, 500, 0)).isEqualTo(100 * 0.075 / 1e6);
  }

  @Test
  void userFileOverridesAndExtendsTheBundledTable() throws IOException {
    Path file = dir.resolve("prices.tsv");
    Files.write(
        file,
        ("# mine\ngpt-4o-mini\t1.00\t0.50\t2.00\nacme-local-llm 0 0 0\nbroken\tline\n").getBytes(StandardCharsets.UTF_8));
    List<String> problems = new ArrayList<>();
    Pricing pricing = Pricing.load(file, "clude.obs.genai.pricing_file", problems::add);

    assertThat(pricing.cost("gpt-4o-mini", 1_000_000, 0, 1_000_000)).isEqualTo(3.0);
    assertThat(pricing.cost("acme-local-llm", 1000, 0, 10)).isEqualTo(0.0);
    assertThat(pricing.cost("gpt-4o", 1_000_000, 0, 0)).isEqualTo(2.5);
    assertThat(problems)
        .containsExactly(
            "clude.obs.genai.pricing_file=" + file + " line 4 \"broken\tline\": expected 4 columns, found 2;"
                + " write model, input, cached_input and output USD per million tokens separated by tabs; line skipped");
  }

  @Test
  void missingUserFileIsOneLineAndTheBundledPricesStay() {
    Path missing = dir.resolve("nope.tsv");
    List<String> problems = new ArrayList<>();
    Pricing pricing = Pricing.load(missing, "clude.obs.genai.pricing_file", problems::add);

    assertThat(pricing.cost("gpt-4o", 1_000_000, 0, 0)).isEqualTo(2.5);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith("clude.obs.genai.pricing_file=" + missing + ": cannot read the pricing file (")
        .endsWith("); fix the path or remove the setting; using the bundled prices");
  }
}
