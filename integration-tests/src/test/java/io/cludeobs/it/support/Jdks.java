package io.cludeobs.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The JDKs integration tests run sample apps on: the one running the tests plus Temurin 25 from /usr/lib/jvm.
 *
 * <p>Parameterized tests should iterate over {@link #required()} and call {@link #resolve(String)}, so a missing
 * Temurin 25 shows up as an aborted test with a clear reason instead of silently vanishing from the run.
 */
public final class Jdks {

  /** Name of the JDK running the tests, for {@link #required()} / {@link #resolve(String)}. */
  public static final String CURRENT = "current";

  /** Name of the Temurin 25 JDK, for {@link #required()} / {@link #resolve(String)}. */
  public static final String TEMURIN_25 = "temurin-25";

  static final Path JVM_DIR = Path.of("/usr/lib/jvm");
  static final String NO_TEMURIN_25 = "no Temurin 25 JDK under " + JVM_DIR;

  private Jdks() {}

  /** The JDK running the tests (java.home) followed by every Temurin 25 JDK found, without duplicates. */
  public static List<Path> all() {
    List<Path> result = new ArrayList<>();
    result.add(current());
    for (Path jdk : temurin25s()) {
      if (!containsSameFile(result, jdk)) {
        result.add(jdk);
      }
    }
    return List.copyOf(result);
  }

  /** The JDK running the tests. */
  public static Path current() {
    return Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
  }

  /** The first (by name) Temurin JDK under /usr/lib/jvm whose folder name starts with {@code temurin-25}. */
  public static Optional<Path> temurin25() {
    List<Path> found = temurin25s();
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Temurin 25, or aborts the calling JUnit test with "no Temurin 25 JDK under /usr/lib/jvm". */
  public static Path requireTemurin25() {
    Optional<Path> jdk = temurin25();
    if (jdk.isEmpty()) {
      return Assumptions.abort(NO_TEMURIN_25);
    }
    return jdk.get();
  }

  /**
   * The JDK names every multi-JDK test must cover, for {@code @MethodSource("io.cludeobs.it.support.Jdks#required")}.
   */
  public static Stream<String> required() {
    return Stream.of(CURRENT, TEMURIN_25);
  }

  /** Maps a name from {@link #required()} to its java.home, aborting the test when that JDK is not installed. */
  public static Path resolve(String name) {
    if (CURRENT.equals(name)) {
      return current();
    }
    if (TEMURIN_25.equals(name)) {
      return requireTemurin25();
    }
    throw new IllegalArgumentException("unknown JDK name '" + name + "'; use one of " + required().collect(Collectors.toList()));
  }

  /** The feature version (8, 11, 17, 25, ...) read from the {@code release} file of {@code javaHome}. */
  public static int featureVersion(Path javaHome) {
    Path release = javaHome.resolve("release");
    List<String> lines;
    try {
      lines = Files.readAllLines(release, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + release + "; is " + javaHome + " a JDK home?", e);
    }
    for (String line : lines) {
      if (line.startsWith("JAVA_VERSION=")) {
        String version = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
        return featureOf(version, release);
      }
    }
    throw new IllegalStateException(release + " has no JAVA_VERSION line");
  }

  static int featureOf(String version, Path source) {
    // "1.8.0_412" is Java 8; from 9 on the first number is the feature version ("17.0.15", "25")
    String[] parts = version.split("[._+-]");
    try {
      int first = Integer.parseInt(parts[0]);
      return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
    } catch (NumberFormatException e) {
      throw new IllegalStateException("JAVA_VERSION '" + version + "' in " + source + " is not a Java version", e);
    }
  }

  private static List<Path> temurin25s() {
    if (!Files.isDirectory(JVM_DIR)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(JVM_DIR)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("temurin-25"))
          .filter(p -> Files.isExecutable(p.resolve("bin").resolve("java")))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + JVM_DIR, e);
    }
  }

  private static boolean containsSameFile(List<Path> jdks, Path candidate) {
    for (Path jdk : jdks) {
      try {
        if (Files.isSameFile(jdk, candidate)) {
          return true;
        }
      } catch (IOException e) {
        // an unreadable entry cannot be compared; treat it as different
      }
    }
    return false;
  }
}
