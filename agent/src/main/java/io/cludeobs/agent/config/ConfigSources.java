package io.cludeobs.agent.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/** The inputs settings are read from: system properties, environment and working directory. */
public final class ConfigSources {
  private final Map<String, String> systemProperties;
  private final Map<String, String> env;
  private final Path workingDir;

  private ConfigSources(
      Map<String, String> systemProperties, Map<String, String> env, Path workingDir) {
    this.systemProperties = systemProperties;
    this.env = env;
    this.workingDir = workingDir;
  }

  /** This JVM's system properties and environment, and its working directory. */
  public static ConfigSources fromRuntime() {
    Properties props = System.getProperties();
    Map<String, String> copy = new HashMap<>();
    // stringPropertyNames() takes a snapshot, so a property set concurrently cannot break iteration
    for (String name : props.stringPropertyNames()) {
      String value = props.getProperty(name);
      if (value != null) {
        copy.put(name, value);
      }
    }
    return new ConfigSources(
        Collections.unmodifiableMap(copy), System.getenv(), Paths.get("").toAbsolutePath());
  }

  /** Explicit inputs, for tests and for the CLI's {@code -Dkey=value} options. */
  public static ConfigSources of(
      Map<String, String> systemProperties, Map<String, String> env, Path workingDir) {
    return new ConfigSources(
        copyWithoutNulls(Objects.requireNonNull(systemProperties, "systemProperties")),
        copyWithoutNulls(Objects.requireNonNull(env, "env")),
        Objects.requireNonNull(workingDir, "workingDir"));
  }

  /** Null keys or values (which a caller's HashMap may hold) mean nothing, so they are dropped. */
  private static Map<String, String> copyWithoutNulls(Map<String, String> map) {
    Map<String, String> copy = new HashMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() != null && e.getValue() != null) {
        copy.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(copy);
  }

  /** No properties, no environment, and no working directory to find a file in. */
  static ConfigSources empty() {
    return new ConfigSources(
        Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap(), null);
  }

  Map<String, String> systemProperties() {
    return systemProperties;
  }

  Map<String, String> env() {
    return env;
  }

  /** Null only for {@link #empty()}. */
  Path workingDir() {
    return workingDir;
  }

  /** The user's home for {@code ~}: the given {@code user.home}, else this JVM's. */
  String userHome() {
    String home = systemProperties.get("user.home");
    return home != null ? home : System.getProperty("user.home", "");
  }

  /**
   * The config file to read, or null: the one named by {@code clude.obs.config} (reported if
   * missing), else {@code clude-obs.toml} in the working directory if present. Only a cheap
   * file-system check runs here so tomlj stays unloaded when there is no file.
   */
  ConfigFile locateFile(ProblemReporter problems) {
    String name = SettingKeys.CONFIG_PROPERTY;
    String given = nonBlank(systemProperties.get(name));
    if (given == null) {
      name = SettingKeys.CONFIG_ENV;
      given = nonBlank(env.get(name));
    }
    if (given != null) {
      Path path;
      try {
        path = resolve(given.trim());
      } catch (InvalidPathException e) {
        problems.report(
            name
                + "="
                + given
                + ": not a valid path ("
                + e.getReason()
                + "); fix the path; using defaults instead of file settings");
        return null;
      }
      if (!Files.isRegularFile(path)) {
        problems.report(
            name
                + "="
                + given
                + ": no config file at "
                + path
                + "; fix the path or unset it; using defaults instead of file settings");
        return null;
      }
      return new ConfigFile(path, given.trim());
    }
    if (workingDir == null) {
      return null;
    }
    Path fallback = workingDir.resolve(SettingKeys.DEFAULT_FILE_NAME);
    return Files.isRegularFile(fallback)
        ? new ConfigFile(fallback, SettingKeys.DEFAULT_FILE_NAME)
        : null;
  }

  /** Relative paths are taken from the working directory, not the JVM's current one. */
  Path resolve(String path) {
    Path p = Paths.get(path);
    return p.isAbsolute() || workingDir == null ? p : workingDir.resolve(p);
  }

  private static String nonBlank(String s) {
    return s == null || s.trim().isEmpty() ? null : s;
  }

  /** A config file and the name messages call it by (as the user wrote it). */
  static final class ConfigFile {
    final Path path;
    final String shownAs;

    ConfigFile(Path path, String shownAs) {
      this.path = path;
      this.shownAs = shownAs;
    }
  }
}
