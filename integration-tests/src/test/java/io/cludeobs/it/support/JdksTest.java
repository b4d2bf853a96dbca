package io.cludeobs.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class JdksTest {

  @Test
  void allStartsWithTheRunningJdkAndAddsTemurin25WhenInstalled() {
    assertThat(Jdks.all().get(0)).isEqualTo(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize());
    if (Jdks.temurin25().isPresent()) {
      assertThat(Jdks.all()).hasSize(2).endsWith(Jdks.temurin25().get());
      assertThat(Jdks.temurin25().get().getFileName().toString()).startsWith("temurin-25");
      assertThat(Jdks.featureVersion(Jdks.temurin25().get())).isEqualTo(25);
    } else {
      assertThat(Jdks.all()).hasSize(1);
      assertThatThrownBy(Jdks::requireTemurin25)
          .isInstanceOf(TestAbortedException.class)
          .hasMessage("no Temurin 25 JDK under /usr/lib/jvm");
    }
  }

  @Test
  void featureVersionOfTheRunningJdk() {
    assertThat(Jdks.featureVersion(Jdks.current())).isEqualTo(Runtime.version().feature());
  }

  @Test
  void featureVersionReadsTheReleaseFile(@TempDir Path home) throws IOException {
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"1.8.0_412\"\n");
    assertThat(Jdks.featureVersion(home)).isEqualTo(8);
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25\"\n");
    assertThat(Jdks.featureVersion(home)).isEqualTo(25);
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"21.0.4\"\n");
    assertThat(Jdks.featureVersion(home)).isEqualTo(21);
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"banana\"\n");
    assertThatThrownBy(() -> Jdks.featureVersion(home))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("JAVA_VERSION 'banana' in " + home.resolve("release") + " is not a Java version");
  }

  @Test
  void requiredNamesResolve() {
    assertThat(Jdks.required().collect(Collectors.toList())).containsExactly("current", "temurin-25");
    assertThat(Jdks.resolve("current")).isEqualTo(Jdks.current());
    assertThatThrownBy(() -> Jdks.resolve("zulu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown JDK name 'zulu'; use one of [current, temurin-25]");
  }
}
