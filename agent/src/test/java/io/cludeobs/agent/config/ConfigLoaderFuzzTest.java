package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated settings (fixed seed) through every source the loader reads: whatever the input, {@link
 * AgentConfig#load} returns, never falls back to "defaults for all settings", and every line it
 * reports is one line that names the setting it is about.
 */
class ConfigLoaderFuzzTest {
  private static final int INPUTS = 10_000;
  private static final String HUGE = repeat("9", 1_000_000);
  /** Longest reported line we accept: the value is cut, the name and the fix are not. */
  private static final int MAX_LINE = 2_000;

  private static final String[] OTEL_NAMES = {
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
    "OTEL_EXPORTER_OTLP_HEADERS",
    "OTEL_EXPORTER_OTLP_TIMEOUT",
    "OTEL_EXPORTER_OTLP_CERTIFICATE",
    "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE",
    "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_SERVICE_NAME",
    "OTEL_TRACES_SAMPLER",
    "OTEL_TRACES_SAMPLER_ARG",
  };

  @TempDir Path dir;

  @Test
  void propertiesNeverBreakLoadingAndEveryLineNamesTheProperty() {
    Random random = new Random(0xC1D0_0001L);
    for (int i = 0; i < INPUTS; i++) {
      Map<String, String> props = new HashMap<>();
      int n = 1 + random.nextInt(4);
      for (int k = 0; k < n; k++) {
        props.put(SettingKeys.PROPERTY_PREFIX + key(random), value(random));
      }
      assertLoads(props, new HashMap<>(), props.keySet(), "input " + i);
    }
  }

  @Test
  void envNamesNeverBreakLoadingAndEveryLineNamesTheVariable() {
    Random random = new Random(0xC1D0_0002L);
    for (int i = 0; i < INPUTS; i++) {
      Map<String, String> env = new HashMap<>();
      int n = 1 + random.nextInt(4);
      for (int k = 0; k < n; k++) {
        String name =
            random.nextInt(3) == 0
                ? OTEL_NAMES[random.nextInt(OTEL_NAMES.length)]
                : SettingKeys.ENV_PREFIX
                    + key(random).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        env.put(name, value(random));
      }
      assertLoads(new HashMap<>(), env, env.keySet(), "input " + i);
    }
  }

  @Test
  void tomlTextNeverBreaksLoadingAndEveryLineNamesTheFileAndKey() throws IOException {
    Random random = new Random(0xC1D0_0003L);
    Path file = dir.resolve("fuzz.toml");
    for (int i = 0; i < INPUTS; i++) {
      List<String> leafKeys = new ArrayList<>();
      String text = tomlText(random, leafKeys);
      Files.write(file, text.getBytes(StandardCharsets.UTF_8));
      Map<String, String> props = new HashMap<>();
      props.put(SettingKeys.CONFIG_PROPERTY, file.toString());
      List<String> problems = new ArrayList<>();
      AgentConfig config = load(props, new HashMap<>(), problems, "input " + i + ": " + text);
      for (String line : problems) {
        assertOneLine(line, text);
        assertThat(line).as("TOML input %s: %s", i, cut(text)).contains(file.toString());
        boolean namesKey = false;
        for (String leaf : leafKeys) {
          namesKey |= line.contains(Printable.of(leaf));
        }
        // a mutation may have changed a key, so the key as parsed is named in "file: [table] key" form
        boolean namesTableKey = line.contains(file + ": [" + SettingKeys.TOML_ROOT);
        assertThat(
                namesKey
                    || namesTableKey
                    || line.contains("TOML syntax error")
                    || line.contains("must be a table"))
            .as("line %s for TOML input %s names a key of %s", cut(line), i, leafKeys)
            .isTrue();
      }
      assertThat(config).isNotNull();
    }
  }

  /** Loads and checks each reported line contains one of {@code names}. */
  private static void assertLoads(
      Map<String, String> props, Map<String, String> env, Iterable<String> names, String what) {
    List<String> problems = new ArrayList<>();
    load(props, env, problems, what + " " + shown(props) + shown(env));
    for (String line : problems) {
      assertOneLine(line, what);
      boolean named = false;
      for (String name : names) {
        named |= line.contains(Printable.of(name));
      }
      assertThat(named).as("%s: line %s names one of %s", what, line, names).isTrue();
    }
  }

  private static AgentConfig load(
      Map<String, String> props, Map<String, String> env, List<String> problems, String what) {
    AgentConfig config;
    try {
      config = AgentConfig.load(ConfigSources.of(props, env, Path.of("/tmp")), problems::add);
    } catch (Throwable t) {
      throw new AssertionError(cut(what) + " threw " + t, t);
    }
    for (String line : problems) {
      // the catch-all in load() is for bugs; a fuzz input reaching it is one
      assertThat(line).as("%s -> %s", cut(what), cut(line)).doesNotContain("configuration could not be read");
    }
    return config;
  }

  private static void assertOneLine(String line, String what) {
    assertThat(line.indexOf('\n') < 0 && line.indexOf('\r') < 0)
        .as("one line for %s: %s", cut(what), cut(line))
        .isTrue();
    assertThat(line.length()).as("length of %s", cut(line)).isLessThanOrEqualTo(MAX_LINE);
  }

  private static String shown(Map<String, String> settings) {
    StringBuilder out = new StringBuilder("{");
    settings.forEach((k, v) -> out.append(cut(k)).append('=').append(Printable.of(v, 60)).append(", "));
    return out.append('}').toString();
  }

  private static String cut(String s) {
    return Printable.of(s, 300);
  }

  /** A known key most of the time; otherwise a misspelling, an instrumentation switch or junk. */
  private static String key(Random random) {
    int pick = random.nextInt(10);
    String known = SettingKeys.KNOWN.get(random.nextInt(SettingKeys.KNOWN.size()));
    if (pick < 6) {
      return known;
    }
    if (pick == 6) {
      return "instrumentation." + pickOf(random, "executors", "file-io", "x", "Über", "a..b") + ".enabled";
    }
    if (pick == 7) {
      char[] chars = known.toCharArray();
      chars[random.nextInt(chars.length)] = (char) ('a' + random.nextInt(26));
      return new String(chars);
    }
    if (pick == 8) {
      return junk(random, 1 + random.nextInt(12));
    }
    return known + "." + junk(random, 3);
  }

  private static String value(Random random) {
    switch (random.nextInt(16)) {
      case 0:
        return "";
      case 1:
        return pickOf(random, " ", "\t", "\n", "\u0000", "\u00a0", "\u2028");
      case 2:
        return pickOf(random, "true", "FALSE", "yes", "1", "on", "tru\u0000e");
      case 3:
        return String.valueOf(random.nextLong());
      case 4:
        return pickOf(random, "-1", "0", "2147483648", "-2147483649", "1e400", "NaN", "0x10", "1_000", "٣");
      case 5:
        return pickOf(random, "0.5", "1.0000001", "-0.0", "Infinity", ".", "1e-400", "+.5e1");
      case 6:
        return pickOf(random, "5s", "500ms", "0", "-5s", "1h30m", "9999999999999999d", "5 s", "P1D", "1.5.5s");
      case 7:
        return pickOf(random, "otlp", "file,otlp", "console;file", ",,,", "none", "memory", "remote");
      case 8:
        return pickOf(
            random, "http://localhost:4318", "https://[::1]:4317", "ftp://x", "http://", "http://a b", "://",
            "http://%zz");
      case 9:
        return pickOf(random, "a=b,c=%zz", "=x", "k=", "Authorization=Bearer%20x,,", "k==v", "%");
      case 10:
        return pickOf(random, "[", "(?<", "a{99999999999}", "*", "\\", "(a|b", "com.acme..*#x(");
      case 11:
        return pickOf(random, "~", "~user", "/dev/null/x", "a\u0000b", "C:\\x", "../../../etc", "~/\u0000");
      case 12:
        return random.nextInt(20) == 0 ? HUGE : repeat(junk(random, 3), 1 + random.nextInt(2000));
      case 13:
        return junk(random, random.nextInt(40));
      case 14:
        return "com.acme.*#run;!com.acme.X#y;" + junk(random, 8);
      default:
        return controlChars(random);
    }
  }

  /** One {@code [observability]} file: valid keys with wrong types, odd tables, and broken syntax. */
  private static String tomlText(Random random, List<String> leafKeys) {
    StringBuilder text = new StringBuilder();
    if (random.nextInt(8) == 0) {
      text.append("observability = ").append(tomlValue(random)).append('\n');
      leafKeys.add("a"); // the keys of the inline table tomlValue may give
      leafKeys.add("b");
      return text.toString();
    }
    text.append("[observability]\n");
    int n = 1 + random.nextInt(4);
    for (int k = 0; k < n; k++) {
      String key = key(random);
      // "a.b." is the key "" under [a.b]; the message then shows the table "a.b"
      String trimmed = key.replaceAll("\\.+$", "");
      String leaf = trimmed.substring(trimmed.lastIndexOf('.') + 1);
      // a lone surrogate does not survive the UTF-8 file; compare with what the parser reads
      String written = leaf.isEmpty() ? key : leaf;
      leafKeys.add(new String(written.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
      text.append(tomlKey(key)).append(" = ").append(tomlValue(random)).append('\n');
    }
    if (random.nextInt(4) == 0) {
      // a broken file: a cut, a stray byte or a repeated table
      int at = random.nextInt(text.length());
      switch (random.nextInt(3)) {
        case 0:
          text.setLength(at);
          break;
        case 1:
          text.insert(at, pickOf(random, "\"", "[", "=", "\u0000", "\\u", "]]", "\n[observability]\n"));
          break;
        default:
          text.append("[observability]\nenabled = true\n");
          break;
      }
    }
    return text.toString();
  }

  /** Dotted keys are quoted where a segment is not a bare TOML key, so most of them parse. */
  private static String tomlKey(String key) {
    StringBuilder out = new StringBuilder();
    for (String part : key.split("\\.", -1)) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(part.matches("[A-Za-z0-9_-]+") ? part : "\"" + escape(part) + "\"");
    }
    return out.toString();
  }

  private static String tomlValue(Random random) {
    switch (random.nextInt(10)) {
      case 0:
        return "\"" + escape(value(random)) + "\"";
      case 1:
        return String.valueOf(random.nextLong());
      case 2:
        return pickOf(random, "1.5", "-0.0", "inf", "nan", "1e308", "0.25");
      case 3:
        return pickOf(random, "true", "false");
      case 4:
        return "[\"" + escape(value(random)) + "\", 1, true]";
      case 5:
        return "[]";
      case 6:
        return "{ a = 1, b = \"x\" }";
      case 7:
        return pickOf(random, "1979-05-27T07:32:00Z", "07:32:00", "1979-05-27");
      case 8:
        return "'''" + value(random).replace("'''", "") + "'''";
      default:
        return "\"" + escape(junk(random, 20)) + "\"";
    }
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Letters, digits, punctuation, unicode (incl. surrogate pairs) and control characters. */
  private static String junk(Random random, int length) {
    String alphabet = "abcXYZ019._-=;,:#+*!?()[]{}<>\"'\\/ %~@$^&|`\u00e9\u00df\u4e2d\u0000\u0007\t\n\r\u001b\u00a0";
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      if (random.nextInt(30) == 0) {
        out.appendCodePoint(0x1F600 + random.nextInt(50));
      } else if (random.nextInt(60) == 0) {
        out.append((char) (0xD800 + random.nextInt(0x400))); // a lone surrogate
      } else {
        out.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return out.toString();
  }

  private static String controlChars(Random random) {
    StringBuilder out = new StringBuilder();
    int n = 1 + random.nextInt(10);
    for (int i = 0; i < n; i++) {
      out.append((char) random.nextInt(0x20));
    }
    return out.toString();
  }

  private static String pickOf(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }

  private static String repeat(String s, int times) {
    StringBuilder out = new StringBuilder(s.length() * times);
    for (int i = 0; i < times; i++) {
      out.append(s);
    }
    return out.toString();
  }
}
