package io.cludeobs.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the three clude sources by precedence and reads typed values from the winner. A bad value
 * is reported once and replaced by the fallback; lower-precedence values are not consulted.
 */
final class SettingsReader {
  private final Map<String, RawValue> winners = new HashMap<>();
  private final ProblemReporter problems;

  SettingsReader(ProblemReporter problems) {
    this.problems = problems;
  }

  /** Adds TOML entries keyed by dotted key (lowest precedence; add first). */
  void addToml(Map<String, RawValue> entries) {
    for (Map.Entry<String, RawValue> e : entries.entrySet()) {
      String key = SettingKeys.fromDotted(e.getKey());
      if (key == null) {
        reportUnknown(
            e.getValue(),
            SettingKeys.toml(e.getKey()),
            SettingKeys.candidates(e.getKey()),
            SettingKeys.Form.TOML);
      } else {
        put(key, e.getValue());
      }
    }
  }

  void addEnv(Map<String, String> env) {
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(SettingKeys.ENV_PREFIX) || name.equals(SettingKeys.CONFIG_ENV)) {
        continue;
      }
      RawValue raw = RawValue.scalar(name, e.getValue());
      String key = SettingKeys.fromEnv(name);
      if (key == null) {
        reportUnknown(raw, name, envCandidates(name), SettingKeys.Form.ENV);
      } else {
        put(key, raw);
      }
    }
  }

  void addProperties(Map<String, String> properties) {
    for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(SettingKeys.PROPERTY_PREFIX)
          || name.equals(SettingKeys.CONFIG_PROPERTY)) {
        continue;
      }
      RawValue raw = RawValue.scalar(name, e.getValue());
      String dotted = name.substring(SettingKeys.PROPERTY_PREFIX.length());
      String key = SettingKeys.fromDotted(dotted);
      if (key == null) {
        reportUnknown(raw, name, SettingKeys.candidates(dotted), SettingKeys.Form.PROPERTY);
      } else {
        put(key, raw);
      }
    }
  }

  /** A blank scalar means "not set", as OpenTelemetry treats empty variables. */
  private void put(String key, RawValue raw) {
    if (raw.text != null && raw.text.trim().isEmpty()) {
      return;
    }
    winners.put(key, raw);
  }

  /**
   * Keys to compare an unknown env name with. For {@code CLUDE_OBS_INSTRUMENTATION_<X>} the name
   * may or may not include a misspelt suffix, so the switches for both readings join the list.
   */
  private static List<String> envCandidates(String envName) {
    String rest = envName.substring(SettingKeys.ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
    String prefix = "instrumentation_";
    List<String> candidates = SettingKeys.candidates(rest);
    if (rest.startsWith(prefix) && rest.length() > prefix.length()) {
      String name = rest.substring(prefix.length());
      candidates.add(SettingKeys.instrumentationKey(name));
      int last = name.lastIndexOf('_');
      if (last > 0) {
        candidates.add(SettingKeys.instrumentationKey(name.substring(0, last)));
      }
    }
    return candidates;
  }

  private void reportUnknown(
      RawValue raw, String written, List<String> candidates, SettingKeys.Form form) {
    String suggestion = SettingKeys.nearest(written, candidates, form);
    String fix =
        suggestion == null
            ? "remove it; valid settings are listed in docs/configuration.md"
            : "did you mean " + suggestion + "?";
    problems.report("unknown setting " + raw.written() + "; " + fix);
  }

  boolean isSet(String key) {
    return winners.containsKey(key);
  }

  /** Every set {@code instrumentation.<name>.enabled} key. */
  List<String> instrumentationKeys() {
    List<String> keys = new ArrayList<>();
    for (String key : winners.keySet()) {
      if (key.startsWith("instrumentation.")) {
        keys.add(key);
      }
    }
    Collections.sort(keys);
    return keys;
  }

  void report(RawValue raw, String problemAndFix, String fallback) {
    problems.report(raw.written() + ": " + problemAndFix + "; using " + fallback);
  }

  /** The scalar text, or null after reporting when a TOML array stands where one value belongs. */
  private String scalar(RawValue raw, String fallback) {
    if (raw.text == null) {
      report(raw, "must be a single value, not a list", fallback);
    }
    return raw.text;
  }

  boolean bool(String key, boolean fallback) {
    RawValue raw = winners.get(key);
    if (raw == null) {
      return fallback;
    }
    String text = scalar(raw, String.valueOf(fallback));
    if (text == null) {
      return fallback;
    }
    String t = text.trim();
    if (t.equalsIgnoreCase("true")) {
      return true;
    }
    if (t.equalsIgnoreCase("false")) {
      return false;
    }
    report(raw, "must be true or false", String.valueOf(fallback));
    return fallback;
  }

  int intAtLeast(String key, int min, int fallback) {
    return intBetween(key, min, Integer.MAX_VALUE, fallback);
  }

  int intBetween(String key, int min, int max, int fallback) {
    RawValue raw = winners.get(key);
    if (raw == null) {
      return fallback;
    }
    String text = scalar(raw, String.valueOf(fallback));
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, same as an out-of-range number
    }
    String range = max == Integer.MAX_VALUE ? ">= " + min : "from " + min + " to " + max;
    report(raw, "must be a whole number " + range, String.valueOf(fallback));
    return fallback;
  }

  /** A number in [0, 1]. */
  double ratio(String key, double fallback) {
    RawValue raw = winners.get(key);
    if (raw == null) {
      return fallback;
    }
    String text = scalar(raw, String.valueOf(fallback));
    if (text == null) {
      return fallback;
    }
    double value = parseRatio(text);
    if (Double.isNaN(value)) {
      report(raw, "must be a number from 0 to 1, such as 0.25", String.valueOf(fallback));
      return fallback;
    }
    return value;
  }

  /** The number in [0, 1], or NaN if the text is not one. */
  static double parseRatio(String text) {
    String t = text.trim();
    if (t.length() > 64) {
      return Double.NaN; // parseDouble takes seconds on a megabyte of digits; no ratio needs 64
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      // Double.parseDouble also takes "NaN", "1d" and hex floats; none is a sensible ratio
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return Double.NaN;
      }
    }
    try {
      double value = Double.parseDouble(t);
      return value >= 0.0 && value <= 1.0 ? value : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  Duration duration(String key, Duration fallback, boolean zeroAllowed) {
    RawValue raw = winners.get(key);
    if (raw == null) {
      return fallback;
    }
    String shownFallback = DurationSyntax.format(fallback);
    String text = scalar(raw, shownFallback);
    if (text == null) {
      return fallback;
    }
    Duration value = DurationSyntax.parse(text);
    if (value == null || (value.isZero() && !zeroAllowed)) {
      String what = zeroAllowed ? "a duration" : "a duration above zero";
      report(
          raw,
          "must be " + what + " such as 500ms, 5s, 2m, 1h or a number of seconds",
          shownFallback);
      return fallback;
    }
    return value;
  }

  /** The raw text of a scalar setting (null if unset or a list, the latter reported). */
  String text(String key, String fallbackShown) {
    RawValue raw = winners.get(key);
    if (raw == null) {
      return null;
    }
    return scalar(raw, fallbackShown);
  }

  RawValue raw(String key) {
    return winners.get(key);
  }

  /**
   * The items of a list setting: a TOML array as is, or a string split on {@code separator}; items
   * are trimmed and empty ones dropped. Null when unset.
   */
  List<String> list(String key, char separator) {
    RawValue raw = winners.get(key);
    if (raw == null) {
      return null;
    }
    List<String> source = raw.items != null ? raw.items : split(raw.text, separator);
    List<String> result = new ArrayList<>(source.size());
    for (String item : source) {
      String t = item.trim();
      if (!t.isEmpty()) {
        result.add(t);
      }
    }
    return result;
  }

  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == separator) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    return parts;
  }
}
