package io.cludeobs.agent.genai;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Model prices in USD per million tokens: the bundled table, overridden entry by entry by the
 * user's file. A model without a price gets no cost: a guess would be worse than none.
 */
public final class Pricing {

  static final String BUNDLED = "/io/cludeobs/agent/genai/pricing.tsv";

  private final Map<String, Price> prices;

  private Pricing(Map<String, Price> prices) {
    this.prices = prices;
  }

  /** The bundled table, then {@code userFile} (may be null); problems go to {@code problems}, one line each. */
  public static Pricing load(Path userFile, String settingName, Consumer<String> problems) {
    Map<String, Price> prices = new HashMap<>();
    try (InputStream in = Pricing.class.getResourceAsStream(BUNDLED)) {
      if (in != null) {
        parse(new InputStreamReader(in, StandardCharsets.UTF_8), "bundled pricing table", prices, problems);
      }
    } catch (IOException e) {
      problems.accept("bundled pricing table unreadable (" + e + "); costs are omitted; rebuild clude-obs.jar");
    }
    if (userFile != null) {
      try (Reader r = Files.newBufferedReader(userFile, StandardCharsets.UTF_8)) {
        parse(r, settingName + "=" + userFile, prices, problems);
      } catch (IOException e) {
        problems.accept(
            settingName + "=" + userFile + ": cannot read the pricing file (" + e.getMessage()
                + "); fix the path or remove the setting; using the bundled prices");
      }
    }
    return new Pricing(prices);
  }

  static Pricing of(Map<String, Price> prices) {
    return new Pricing(new HashMap<>(prices));
  }

  static void parse(Reader reader, String source, Map<String, Price> into, Consumer<String> problems)
      throws IOException {
    BufferedReader in = new BufferedReader(reader);
    String line;
    int number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] cols = t.split("\\s+");
      try {
        if (cols.length != 4) {
          throw new NumberFormatException("expected 4 columns, found " + cols.length);
        }
        into.put(cols[0], new Price(new BigDecimal(cols[1]), new BigDecimal(cols[2]), new BigDecimal(cols[3])));
      } catch (NumberFormatException e) {
        problems.accept(
            source + " line " + number + " \"" + t + "\": " + e.getMessage()
                + "; write model, input, cached_input and output USD per million tokens separated by tabs;"
                + " line skipped");
      }
    }
  }

  /** The price of {@code model}: exact name, else the longest priced name followed by {@code -}. */
  Price priceOf(String model) {
    if (model == null) {
      return null;
    }
    Price exact = prices.get(model);
    if (exact != null) {
      return exact;
    }
    Price best = null;
    int bestLength = -1;
    for (Map.Entry<String, Price> e : prices.entrySet()) {
      String name = e.getKey();
      if (name.length() > bestLength && model.startsWith(name) && model.length() > name.length()
          && model.charAt(name.length()) == '-') {
        best = e.getValue();
        bestLength = name.length();
      }
    }
    return best;
  }

  /**
   * The cost in USD, or a negative number when the model has no price. Cached input tokens are part
   * of the input count and priced at the cached rate.
   */
  double cost(String model, long input, long cached, long output) {
    Price p = priceOf(model);
    if (p == null) {
      return -1;
    }
    long in = Math.max(0, input);
    long cachedIn = Math.min(in, Math.max(0, cached));
    BigDecimal total =
        p.input.multiply(BigDecimal.valueOf(in - cachedIn))
            .add(p.cachedInput.multiply(BigDecimal.valueOf(cachedIn)))
            .add(p.output.multiply(BigDecimal.valueOf(Math.max(0, output))));
    return total.movePointLeft(6).doubleValue();
  }

  /** USD per million tokens. */
  static final class Price {
    final BigDecimal input;
    final BigDecimal cachedInput;
    final BigDecimal output;

    Price(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {
      this.input = input;
      this.cachedInput = cachedInput;
      this.output = output;
    }
  }
}
