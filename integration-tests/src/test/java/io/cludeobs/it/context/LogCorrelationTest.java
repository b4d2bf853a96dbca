package io.cludeobs.it.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpReceiver;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance 4: an app's own Logback (through SLF4J, with an AsyncAppender) and Log4j2 print the
 * trace and span ids of the spans the agent exported, on the task's thread and on a pool thread
 * the context reached; with no span current, and with the switch off, the ids are empty.
 */
class LogCorrelationTest {

  private static final String TASK = "com.acme.logs.LogsApp#task";
  private static final String SPAN = "com.acme.logs.LogsApp#onWorker";

  @ParameterizedTest
  @ValueSource(strings = {"logback", "log4j2"})
  void logLinesCarryTheIdsOfTheCurrentSpanOnEveryThread(String backend) {
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          app(backend).env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()).run(Duration.ofSeconds(60));
      run.assertExitCode(0);
      assertThat(HandOffTest.agentLines(run.stderr())).isEmpty();

      List<Span> spans = receiver.awaitSpans(2, Duration.ofSeconds(20));
      assertThat(spans).hasSize(2);
      Span task = named(spans, "invoke_agent LogsApp.task");
      Span worker = named(spans, "LogsApp.onWorker");
      String traceId = hex(task.getTraceId().toByteArray());
      assertThat(hex(worker.getTraceId().toByteArray())).isEqualTo(traceId);
      assertThat(worker.getParentSpanId()).isEqualTo(task.getSpanId());
      String taskSpan = hex(task.getSpanId().toByteArray());
      String workerSpan = hex(worker.getSpanId().toByteArray());
      // the low byte of the OTLP flags is the W3C trace flags (sampled, and random trace id with SDK 1.5x)
      String flags = String.format("%02x", task.getFlags() & 0xff);
      assertThat(flags).isIn("01", "03");

      assertThat(logLines(run.stdout()))
          .containsExactly(
              "main||||before the task",
              "main|" + traceId + "|" + taskSpan + "|" + flags + "|in the task",
              "acme-worker|" + traceId + "|" + workerSpan + "|" + flags + "|on the worker in a span",
              "acme-worker|" + traceId + "|" + taskSpan + "|" + flags + "|on the worker outside a span",
              "main||||after the task");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"logback", "log4j2"})
  void switchedOffTheLogLinesCarryNoIds(String backend) {
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          app(backend)
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .sysProp("clude.obs.instrumentation.log-correlation.enabled", "false")
              .run(Duration.ofSeconds(60));
      run.assertExitCode(0);
      assertThat(receiver.awaitSpans(2, Duration.ofSeconds(20))).hasSize(2);
      assertThat(logLines(run.stdout()))
          .containsExactly(
              "main||||before the task",
              "main||||in the task",
              "acme-worker||||on the worker in a span",
              "acme-worker||||on the worker outside a span",
              "main||||after the task");
    }
  }

  private static Jvm.Builder app(String backend) {
    List<String> classpath = new ArrayList<>();
    classpath.add(System.getProperty("clude.it.testClasses"));
    // the app's own logging jars, wherever Maven resolved them
    for (String marker :
        List.of(
            "ch.qos.logback.classic.LoggerContext",
            "ch.qos.logback.core.Context",
            "org.slf4j.LoggerFactory",
            "org.apache.logging.log4j.LogManager",
            "org.apache.logging.log4j.core.LoggerContext")) {
      classpath.add(jarOf(marker));
    }
    return Jvm.builder()
        .mainClass("com.acme.logs.LogsApp")
        .args(backend)
        .classpath(classpath.toArray(new String[0]))
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.span", SPAN);
  }

  private static String jarOf(String className) {
    try {
      return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IllegalStateException("test dependency missing: " + className, e);
    }
  }

  /** The app's lines without their {@code LOG|} prefix, in the order printed. */
  private static List<String> logLines(String stdout) {
    return stdout.lines().filter(l -> l.startsWith("LOG|")).map(l -> l.substring(4)).collect(Collectors.toList());
  }

  private static Span named(List<Span> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " among " + names(spans)));
  }

  private static List<String> names(List<Span> spans) {
    return spans.stream().map(Span::getName).collect(Collectors.toList());
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
