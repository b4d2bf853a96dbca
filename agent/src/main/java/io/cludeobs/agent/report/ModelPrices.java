package io.cludeobs.agent.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prices of LLM tokens per model, in US dollars per million input and output tokens, given as {@code
 * <model-glob>=<input>/<output>}, e.g. {@code gpt-4o*=2.5/10}; the first matching entry wins.
 */
public final class ModelPrices {

  private static final Pattern ENTRY = Pattern.compile("\\s*([^=]+?)\\s*=\\s*([0-9]+(?:\\.[0-9]+)?)\\s*/\\s*([0-9]+(?:\\.[0-9]+)?)\\s*");

  /** Knows no model: every cost is unknown. */
  public static final ModelPrices NONE = new ModelPrices(Collections.<Entry>emptyList());

  private static final class Entry {
    final Pattern model;
    final double inputPerMillion;
    final double outputPerMillion;

    Entry(Pattern model, double inputPerMillion, double outputPerMillion) {
      this.model = model;
      this.inputPerMillion = inputPerMillion;
      this.outputPerMillion = outputPerMillion;
    }
  }

  private final List<Entry> entries;

  private ModelPrices(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * Reads entries such as {@code acme-*=3/15}; a malformed one fails with a one-line message naming {@code
   * option}, the value and the expected form.
   */
  public static ModelPrices parse(String option, List<String> texts) {
    List<Entry> entries = new ArrayList<>();
    for (String text : texts) {
      Matcher m = ENTRY.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            option + " '" + text + "' is not a price; give <model-glob>=<input>/<output> in USD per million tokens,"
                + " e.g. " + option + " 'gpt-4o*=2.5/10'");
      }
      entries.add(new Entry(glob(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))));
    }
    return new ModelPrices(Collections.unmodifiableList(entries));
  }

  /** Whether some entry prices {@code model}. */
  public boolean knows(String model) {
    return find(model) != null;
  }

  /** The cost of the tokens in US dollars; 0 when the model has no price (see {@link #knows}). */
  public double cost(String model, long inputTokens, long outputTokens) {
    Entry e = find(model);
    if (e == null) {
      return 0;
    }
    return (inputTokens * e.inputPerMillion + outputTokens * e.outputPerMillion) / 1_000_000d;
  }

  private Entry find(String model) {
    if (model == null) {
      return null;
    }
    for (Entry e : entries) {
      if (e.model.matcher(model).matches()) {
        return e;
      }
    }
    return null;
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    String[] parts = glob.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }
}
