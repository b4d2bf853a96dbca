package io.cludeobs.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class ModelPricesTest {

  @Test
  void firstMatchingGlobPricesInputAndOutputPerMillionTokens() {
    ModelPrices prices = ModelPrices.parse("--price", Arrays.asList("gpt-4o-mini*=0.15/0.6", " gpt-4o* = 2.5 / 10 ", "*sonnet*=3/15"));
    assertThat(prices.cost("gpt-4o-2024-08-06", 1_000_000, 100_000)).isCloseTo(3.5, within(1e-9));
    assertThat(prices.cost("gpt-4o-mini", 2_000_000, 0)).isCloseTo(0.3, within(1e-9));
    assertThat(prices.cost("claude-3-5-sonnet-latest", 1000, 1000)).isCloseTo(0.018, within(1e-12));
    assertThat(prices.knows("gpt-4")).isFalse();
    assertThat(prices.cost("gpt-4", 1000, 1000)).isZero();
    assertThat(prices.knows(null)).isFalse();
  }

  @Test
  void globCharactersOtherThanStarAreLiteral() {
    ModelPrices prices = ModelPrices.parse("--price", Collections.singletonList("m.1=1/1"));
    assertThat(prices.knows("m.1")).isTrue();
    assertThat(prices.knows("mx1")).isFalse();
  }

  @Test
  void aMalformedEntryFailsWithOneLineNamingTheOptionValueAndForm() {
    assertThatThrownBy(() -> ModelPrices.parse("--price", Collections.singletonList("gpt-4o=2.5")))
        .hasMessage("--price 'gpt-4o=2.5' is not a price; give <model-glob>=<input>/<output> in USD per million tokens,"
            + " e.g. --price 'gpt-4o*=2.5/10'");
  }
}
