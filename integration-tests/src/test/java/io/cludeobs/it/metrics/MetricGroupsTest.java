package io.cludeobs.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shaded jar's JVM and system collectors (OSHI with JNA from the private class loader) and the
 * group switches, read through the memory backend's status endpoint.
 */
class MetricGroupsTest {

  private static final Set<String> SYSTEM =
      Set.of(
          "system.cpu.utilization",
          "system.cpu.logical.count",
          "system.cpu.load_average.1m",
          "system.cpu.load_average.5m",
          "system.cpu.load_average.15m",
          "process.cpu.utilization",
          "system.memory.usage",
          "system.memory.utilization",
          "system.memory.limit",
          "system.disk.io",
          "system.disk.operations",
          "system.network.io",
          "system.network.packet.count",
          "system.network.errors");
  private static final Set<String> JVM =
      Set.of(
          "jvm.memory.used",
          "jvm.memory.committed",
          "jvm.memory.limit",
          "jvm.thread.count",
          "jvm.class.loaded",
          "jvm.class.unloaded",
          "jvm.class.count",
          "jvm.cpu.count",
          "jvm.cpu.time",
          "jvm.cpu.recent_utilization");
  private static final Set<String> BUSINESS =
      Set.of("clude.task.duration", "gen_ai.client.operation.duration", "gen_ai.client.token.usage", "clude.tool.duration");
  private static final Set<String> APPLICATION = Set.of("clude.span.duration", "clude.operations.active");

  private static Jvm.Builder app(String jdk, int statusPort) {
    return Jvm.builder()
        .jdk(Jdks.resolve(jdk))
        .mainClass(LingeringSampleApp.class.getName())
        .args("1")
        .sysProp("clude.obs.pointcuts.task", "com.acme.app.Agent#handle")
        .sysProp("clude.obs.pointcuts.llm", "com.acme.app.llm.LlmClient+#complete")
        .sysProp("clude.obs.pointcuts.tool", "com.acme.app.tools.AgentTool+#execute(..);@com.acme.app.tools.Tool")
        .sysProp("clude.obs.pointcuts.span", "com.acme.app.Planner#plan(int)")
        .sysProp("clude.obs.tracing.exporter", "none")
        .sysProp("clude.obs.metrics.storage_backend", "memory")
        .sysProp("clude.obs.metrics.collection_interval", "500ms")
        .sysProp("clude.obs.metrics.status.enabled", "true")
        .sysProp("clude.obs.metrics.status.port", String.valueOf(statusPort));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void allGroupsOnGiveSystemJvmApplicationAndBusinessMetrics(String jdk) throws Exception {
    int port = freePort();
    try (Jvm.Running running = app(jdk, port).start()) {
      running.awaitStdoutLine("lingering", Duration.ofSeconds(60));
      Set<String> names = awaitNames(port, SYSTEM, JVM, BUSINESS, APPLICATION);

      assertThat(names).containsAll(SYSTEM).containsAll(JVM).containsAll(BUSINESS).containsAll(APPLICATION);
      assertThat(running.stderr().lines().filter(l -> l.startsWith("clude-obs:"))).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void eachGroupTurnsOffAlone(String jdk) throws Exception {
    int port = freePort();
    try (Jvm.Running running =
        app(jdk, port)
            .sysProp("clude.obs.metrics.system", "false")
            .sysProp("clude.obs.metrics.business", "false")
            .start()) {
      running.awaitStdoutLine("lingering", Duration.ofSeconds(60));
      // a window that holds the groups still on was collected after the task: the others would be there too
      Set<String> names = awaitNames(port, JVM, APPLICATION);

      assertThat(names).containsAll(JVM).containsAll(APPLICATION).doesNotContainAnyElementsOf(SYSTEM)
          .doesNotContainAnyElementsOf(BUSINESS);
    }
    port = freePort();
    try (Jvm.Running running =
        app(jdk, port)
            .sysProp("clude.obs.metrics.jvm", "false")
            .sysProp("clude.obs.metrics.application", "false")
            .start()) {
      running.awaitStdoutLine("lingering", Duration.ofSeconds(60));
      Set<String> names = awaitNames(port, SYSTEM, BUSINESS);

      assertThat(names).containsAll(SYSTEM).containsAll(BUSINESS).doesNotContainAnyElementsOf(JVM)
          .doesNotContainAnyElementsOf(APPLICATION);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void metricsOffServesNothing(String jdk) throws Exception {
    int port = freePort();
    try (Jvm.Running running = app(jdk, port).sysProp("clude.obs.metrics_enabled", "false").start()) {
      running.awaitStdoutLine("lingering", Duration.ofSeconds(60));
      Thread.sleep(1500);

      assertThat(fetch(port)).isNull();
      assertThat(running.stderr().lines().filter(l -> l.startsWith("clude-obs:"))).isEmpty();
    }
  }

  /** Metric names in the newest window, once it holds all of {@code groups} (or after 30 s). */
  @SafeVarargs
  private static Set<String> awaitNames(int port, Set<String>... groups) throws Exception {
    Set<String> expected = new TreeSet<>();
    for (Set<String> g : groups) {
      expected.addAll(g);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Set<String> names = Set.of();
    while (System.nanoTime() < deadline) {
      String body = fetch(port);
      if (body != null && !body.isEmpty()) {
        String[] lines = body.split("\n");
        names = names(lines[lines.length - 1]);
        if (names.containsAll(expected)) {
          return names;
        }
      }
      Thread.sleep(250);
    }
    return names;
  }

  private static Set<String> names(String line) {
    Set<String> names = new TreeSet<>();
    for (JsonElement rm : JsonParser.parseString(line).getAsJsonObject().getAsJsonArray("resourceMetrics")) {
      for (JsonElement sm : rm.getAsJsonObject().getAsJsonArray("scopeMetrics")) {
        for (JsonElement m : sm.getAsJsonObject().getAsJsonArray("metrics")) {
          names.add(m.getAsJsonObject().get("name").getAsString());
        }
      }
    }
    return names.stream().filter(n -> !n.startsWith("otel.sdk.")).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The /windows body, or null when nothing listens. */
  private static String fetch(int port) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/windows").openConnection();
    c.setConnectTimeout(1000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (ConnectException e) {
      return null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
