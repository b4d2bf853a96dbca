package io.cludeobs.it;

import static io.cludeobs.it.SampleRuns.ONE_TASK_TREE;
import static io.cludeobs.it.SampleRuns.agentLines;
import static io.cludeobs.it.SampleRuns.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent's own OpenTelemetry and Byte Buddy never meet the app's. */
class IsolationTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void appWithItsOwnOpenTelemetryAndByteBuddy(String jdk) throws IOException {
    Path libs = Path.of(System.getProperty("clude.it.isolationLibs"));
    List<String> classpath = new ArrayList<>();
    classpath.add(System.getProperty("clude.it.testClasses"));
    try (Stream<Path> jars = Files.list(libs)) {
      jars.sorted().forEach(j -> classpath.add(j.toString()));
    }
    Jvm.Result run =
        SampleRuns.sampleApp(Jdks.resolve(jdk))
            .classpath(classpath.toArray(new String[0]))
            .mainClass("com.acme.iso.IsolatedApp")
            .run(Duration.ofSeconds(60));

    run.assertExitCode(0);
    assertThat(agentLines(run.stderr())).isEmpty();
    assertThat(run.stdout())
        .contains("app-otel exported=[app-child, app-span]")
        .contains("app-otel from opentelemetry-api-1.60.1.jar")
        .contains("app-otel-sdk from opentelemetry-sdk-1.60.1.jar")
        .contains("app-bytebuddy made by the app's Byte Buddy")
        .contains("app-bytebuddy from byte-buddy-1.18.12.jar");

    // the agent's spans are complete and separate from the app's own (a root, not a child of app-span)
    List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
    assertThat(tree(spans)).isEqualTo(ONE_TASK_TREE);
  }

  @Test
  void theJarExposesNoDependencyUnderItsOriginalPackage() throws IOException {
    try (ZipFile jar = new ZipFile(System.getProperty("clude.it.agentJar"))) {
      List<String> classes =
          jar.stream()
              .map(e -> e.getName())
              .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/versions/"))
              .collect(Collectors.toList());
      assertThat(classes).isNotEmpty();
      assertThat(classes)
          .allSatisfy(n -> assertThat(n).startsWith("io/cludeobs/"))
          .noneMatch(n -> n.startsWith("io/cludeobs/bootstrap/"));
      assertThat(jar.getEntry("clude-obs-inst/bootstrap.jar.bin")).isNotNull();
    }
  }
}
