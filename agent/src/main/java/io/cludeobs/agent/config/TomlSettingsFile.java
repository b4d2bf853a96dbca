package io.cludeobs.agent.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads the {@code [observability*]} tables of a TOML file into dotted keys. Kept apart from {@link
 * AgentConfig} so tomlj is loaded only when a file exists.
 */
final class TomlSettingsFile {
  private TomlSettingsFile() {}

  /**
   * Leaf values by dotted key ({@code tracing.sampling_rate}), in file order; empty after a
   * reported problem, since a half-parsed file could silently drop settings.
   */
  static Map<String, RawValue> read(Path path, String shownAs, ProblemReporter problems) {
    TomlParseResult result;
    try {
      result = Toml.parse(path);
    } catch (IOException | RuntimeException e) {
      problems.report(
          shownAs
              + ": cannot read the config file ("
              + Printable.of(e.getMessage())
              + "); check that it is readable; using defaults for its settings");
      return Collections.emptyMap();
    } catch (AssertionError e) {
      // tomlj asserts on some malformed escapes; with -ea that Error would end the agent's start-up
      problems.report(
          shownAs
              + ": TOML syntax error the parser rejected ("
              + Printable.of(String.valueOf(e.getMessage()))
              + "), often a bad \\u escape in a string; fix the file; using defaults for its settings");
      return Collections.emptyMap();
    }
    if (result.hasErrors()) {
      TomlParseError error = result.errors().get(0);
      int more = result.errors().size() - 1;
      problems.report(
          shownAs
              + ":"
              + error.position().line()
              + ":"
              + error.position().column()
              + ": TOML syntax error: "
              + Printable.of(error.getMessage())
              + (more > 0 ? " (and " + more + " more)" : "")
              + "; fix the file; using defaults for its settings");
      return Collections.emptyMap();
    }
    Object root = result.get(Collections.singletonList(SettingKeys.TOML_ROOT));
    if (root == null) {
      return Collections.emptyMap();
    }
    if (!(root instanceof TomlTable)) {
      problems.report(
          shownAs
              + ": "
              + SettingKeys.TOML_ROOT
              + " must be a table; write the settings under ["
              + SettingKeys.TOML_ROOT
              + "]; using defaults for its settings");
      return Collections.emptyMap();
    }
    Map<String, RawValue> out = new LinkedHashMap<>();
    collect((TomlTable) root, "", shownAs, out);
    return out;
  }

  private static void collect(
      TomlTable table, String prefix, String shownAs, Map<String, RawValue> out) {
    for (String name : table.keySet()) {
      Object value = table.get(Collections.singletonList(name));
      String key = prefix + name;
      if (value instanceof TomlTable) {
        collect((TomlTable) value, key + ".", shownAs, out);
        continue;
      }
      String origin = shownAs + ": " + SettingKeys.toml(key);
      if (value instanceof TomlArray) {
        TomlArray array = (TomlArray) value;
        List<String> items = new ArrayList<>(array.size());
        StringBuilder shown = new StringBuilder("[");
        for (int i = 0; i < array.size(); i++) {
          Object item = array.get(i);
          items.add(String.valueOf(item));
          shown.append(i == 0 ? "" : ", ").append(show(item));
        }
        out.put(key, RawValue.list(origin, shown.append(']').toString(), items));
      } else {
        out.put(key, RawValue.scalar(origin, show(value), String.valueOf(value)));
      }
    }
  }

  /** Strings in quotes as the user typed them, so {@code "abc"} and {@code abc} read apart. */
  private static String show(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
