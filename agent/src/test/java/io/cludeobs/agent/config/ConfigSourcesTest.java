package io.cludeobs.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {
  @TempDir Path dir;

  @Test
  void fromRuntimeReadsThisJvm() {
    ConfigSources s = ConfigSources.fromRuntime();
    assertThat(s.systemProperties())
        .containsEntry("java.version", System.getProperty("java.version"));
    assertThat(s.env()).isEqualTo(System.getenv());
    assertThat(s.workingDir()).isEqualTo(Paths.get("").toAbsolutePath());
  }

  @Test
  void userHomeComesFromTheGivenPropertiesFirst() {
    Map<String, String> none = Collections.emptyMap();
    assertThat(ConfigSources.of(Collections.singletonMap("user.home", "/h"), none, dir).userHome())
        .isEqualTo("/h");
    assertThat(ConfigSources.of(none, none, dir).userHome())
        .isEqualTo(System.getProperty("user.home"));
  }

  @Test
  void nullKeysAndValuesAreDropped() {
    Map<String, String> props = new java.util.HashMap<>();
    props.put("clude.obs.debug", null);
    props.put(null, "x");
    props.put("clude.obs.tracing.batch_size", "3");
    List<String> problems = new ArrayList<>();
    AgentConfig c =
        AgentConfig.load(ConfigSources.of(props, Collections.emptyMap(), dir), problems::add);
    assertThat(c.batchSize()).isEqualTo(3);
    assertThat(problems).isEmpty();
  }

  /** Loads the config classes in a loader that cannot see tomlj at all. */
  private static Object loadIsolated(Path workingDir, List<String> problems) throws Exception {
    URL classes = AgentConfig.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader isolated =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> sourcesType = isolated.loadClass(ConfigSources.class.getName());
      Class<?> reporterType = isolated.loadClass(ProblemReporter.class.getName());
      Class<?> configType = isolated.loadClass(AgentConfig.class.getName());
      Object sources =
          sourcesType
              .getMethod("of", Map.class, Map.class, Path.class)
              .invoke(null, Collections.emptyMap(), Collections.emptyMap(), workingDir);
      Object reporter =
          Proxy.newProxyInstance(
              isolated,
              new Class<?>[] {reporterType},
              (proxy, method, args) -> {
                if (method.getName().equals("report")) {
                  problems.add((String) args[0]);
                }
                return null;
              });
      Object config =
          configType.getMethod("load", sourcesType, reporterType).invoke(null, sources, reporter);
      Method batchSize = configType.getMethod("batchSize");
      return batchSize.invoke(config);
    }
  }

  @Test
  void withoutAFileTheTomlParserIsNeverLoaded() throws Exception {
    List<String> problems = new ArrayList<>();
    assertThat(loadIsolated(dir, problems)).isEqualTo(100);
    assertThat(problems).isEmpty();
  }

  @Test
  void aMissingTomlParserCostsOnlyTheFile() throws Exception {
    // the control for the test above: with a file, the isolated loader really lacks tomlj
    Files.write(
        dir.resolve("clude-obs.toml"),
        "[observability.tracing]\nbatch_size = 5\n".getBytes(StandardCharsets.UTF_8));
    List<String> problems = new ArrayList<>();
    assertThat(loadIsolated(dir, problems)).isEqualTo(100);
    assertThat(problems)
        .containsExactly(
            "clude-obs.toml: cannot parse the config file, the TOML parser failed to load"
                + " (java.lang.NoClassDefFoundError: org/tomlj/Toml); use system properties or"
                + " env vars instead; using defaults for its settings");
  }
}
