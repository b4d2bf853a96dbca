package io.cludeobs.it.coexist;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The coexistence app's launch settings and what one run of it must give. */
final class CoexistRuns {

  static final String TASK = "com.acme.coexist.Chores#run";
  static final String SPANS =
      "com.acme.coexist.Chores#cpuLoad; com.acme.coexist.Chores#pid; com.acme.coexist.Chores#roundTrip;"
          + " com.acme.coexist.Chores#fetch; com.acme.coexist.Greeter#greet";

  /** clude-obs's spans for one run: the task and one span per library the app used. */
  static final String CLUDE_TREE =
      "invoke_agent Chores.run [code.function.name=com.acme.coexist.Chores.run]\n"
          + "  Chores.cpuLoad [code.function.name=com.acme.coexist.Chores.cpuLoad]\n"
          + "  Chores.pid [code.function.name=com.acme.coexist.Chores.pid]\n"
          + "  Chores.roundTrip [code.function.name=com.acme.coexist.Chores.roundTrip]\n"
          + "  Chores.fetch [code.function.name=com.acme.coexist.Chores.fetch]\n"
          + "  Greeter.greet [code.function.name=com.acme.coexist.Greeter.greet]\n";

  static final int CLUDE_SPANS = 6;

  /** What the app prints when each of its libraries worked, and worked as its own version. */
  static final String[] APP_RESULTS = {
    "app-oshi cpus=" + Runtime.getRuntime().availableProcessors() + " load in [0,1]=true from oshi-core-6.6.5.jar",
    "app-jna getpid matches=true version=5.15.0 from jna-5.15.0.jar",
    "app-jackson {\"tool\":\"read\",\"tokens\":42,\"paths\":[\"a.txt\",\"b.txt\"]} equal=true version=2.17.2"
        + " from jackson-databind-2.17.2.jar",
    "app-okhttp 200 pong from okhttp-4.11.0.jar",
    "app-bytebuddy HELLO COEXIST",
    "app-otel exported=[app-child<app-span, app-span<-]",
    "app-otel from opentelemetry-api-1.60.1.jar",
    "app-bytebuddy from byte-buddy-1.18.12.jar",
    "coexist done"
  };

  private CoexistRuns() {}

  /**
   * A launcher for {@code CoexistApp} on {@code jdk} with the agent pointed at its task. File I/O instrumentation is
   * off: whether JNA extracts its native library or OkHttp reads its public-suffix list depends on caches, and those
   * spans would make the expected tree depend on the machine.
   */
  static Jvm.Builder coexistApp(Path jdk) {
    List<String> classpath = new ArrayList<>();
    classpath.add(System.getProperty("clude.it.testClasses"));
    classpath.addAll(jars(System.getProperty("clude.it.isolationLibs")));
    classpath.addAll(jars(System.getProperty("clude.it.coexistLibs")));
    return Jvm.builder()
        .jdk(jdk)
        .classpath(classpath.toArray(new String[0]))
        .mainClass("com.acme.coexist.CoexistApp")
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.span", SPANS)
        .sysProp("clude.obs.instrumentation.file-io.enabled", "false");
  }

  static List<String> stdoutLines(Jvm.Result run) {
    return run.stdout().lines().collect(Collectors.toList());
  }

  /**
   * stderr lines other than the JVM's own warnings about the app's libraries: on JDK 21+ Byte Buddy's self-attach
   * (dynamic agent loading), JNA's System::load (native access) and the app's Byte Buddy using sun.misc.Unsafe each
   * print a block of {@code WARNING:} lines. Warnings that name clude-obs's code or jar are kept.
   */
  static List<String> unexpectedStderr(String stderr) {
    return stderr
        .lines()
        .filter(l -> !l.isBlank())
        .filter(l -> !l.startsWith("WARNING: ") || l.contains("cludeobs") || l.contains("clude-obs"))
        .collect(Collectors.toList());
  }

  static String tree(List<Span> spans) {
    return SpanTree.render(spans, "code.function.name", "error.type");
  }

  /** Asserts clude-obs's own counters for one run: one task, one call of each span pointcut, nothing dropped. */
  static void assertExactMetrics(List<Metric> metrics) {
    assertThat(counts(last(metrics, "clude.task.duration")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("code.function.name=com.acme.coexist.Chores.run,gen_ai.operation.name=invoke_agent", 1L));
    assertThat(counts(last(metrics, "clude.span.duration")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "code.function.name=com.acme.coexist.Chores.cpuLoad", 1L,
                "code.function.name=com.acme.coexist.Chores.pid", 1L,
                "code.function.name=com.acme.coexist.Chores.roundTrip", 1L,
                "code.function.name=com.acme.coexist.Chores.fetch", 1L,
                "code.function.name=com.acme.coexist.Greeter.greet", 1L));
    // the agent's OSHI (its own version, in its own class loader) read the host next to the app's OSHI
    assertThat(last(metrics, "system.cpu.logical.count").getSum().getDataPoints(0).getAsInt())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  static Metric last(List<Metric> metrics, String name) {
    Metric found = null;
    for (Metric m : metrics) {
      if (m.getName().equals(name)) {
        found = m;
      }
    }
    assertThat(found)
        .as("metric %s among %s", name, metrics.stream().map(Metric::getName).distinct().sorted().collect(Collectors.toList()))
        .isNotNull();
    return found;
  }

  static Map<String, Long> counts(Metric histogram) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (HistogramDataPoint p : histogram.getHistogram().getDataPointsList()) {
      out.put(attributes(p.getAttributesList()), p.getCount());
    }
    return out;
  }

  static String attributes(List<KeyValue> kvs) {
    return SpanTree.attributes(kvs).entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  private static List<String> jars(String dir) {
    try (Stream<Path> jars = Files.list(Path.of(dir))) {
      return jars.filter(j -> j.toString().endsWith(".jar")).sorted().map(Path::toString).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("no app libraries in " + dir + "; run the tests through Maven (process-test-classes copies them)", e);
    }
  }
}
