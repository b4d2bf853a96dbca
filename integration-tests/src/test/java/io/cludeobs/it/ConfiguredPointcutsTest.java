package io.cludeobs.it;

import static io.cludeobs.it.SampleRuns.ONE_TASK_TREE;
import static io.cludeobs.it.SampleRuns.agentLines;
import static io.cludeobs.it.SampleRuns.histogramPoints;
import static io.cludeobs.it.SampleRuns.last;
import static io.cludeobs.it.SampleRuns.sampleApp;
import static io.cludeobs.it.SampleRuns.sumPoints;
import static io.cludeobs.it.SampleRuns.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.OtlpReceiver;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The configured pointcuts, woven into a real app by the real jar, received over real OTLP. */
class ConfiguredPointcutsTest {

  static Stream<Arguments> jdksAndProtocols() {
    return Jdks.required().flatMap(jdk -> Stream.of(Protocol.values()).map(p -> Arguments.of(jdk, p)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("jdksAndProtocols")
  void oneTaskGivesTheExactSpanTreeAndMetrics(String jdk, Protocol protocol) {
    try (OtlpReceiver receiver = OtlpReceiver.start(protocol)) {
      Jvm.Result run =
          sampleApp(Jdks.resolve(jdk), "1")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol == Protocol.GRPC ? "grpc" : "http/protobuf")
              .env("OTEL_SERVICE_NAME", "sample-app")
              .run(Duration.ofSeconds(90));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains("sample-app answered 1 of 1");
      assertThat(agentLines(run.stderr())).isEmpty();

      List<Span> spans = receiver.awaitSpans(SampleRuns.SPANS_PER_TASK, Duration.ofSeconds(10));
      assertThat(spans).hasSize(SampleRuns.SPANS_PER_TASK);
      assertThat(tree(spans)).isEqualTo(ONE_TASK_TREE);
      assertThat(spans.stream().map(s -> SpanTree.hex(s.getTraceId())).distinct()).hasSize(1);
      for (Span s : spans) {
        assertThat(s.getKind())
            .as(s.getName())
            .isEqualTo(s.getName().startsWith("chat") ? Span.SpanKind.SPAN_KIND_CLIENT : Span.SpanKind.SPAN_KIND_INTERNAL);
      }
      Span failed = spans.stream().filter(s -> s.getName().equals("execute_tool execute")).findFirst().orElseThrow();
      assertThat(failed.getEventsList()).hasSize(1);
      assertThat(failed.getEvents(0).getName()).isEqualTo("exception");
      assertThat(SpanTree.attributes(failed.getEvents(0).getAttributesList()))
          .containsEntry("exception.type", "java.lang.IllegalStateException")
          .containsEntry("exception.message", "tool failed on x");
      assertThat(SpanTree.attributes(receiver.resourceSpans().get(0).getResource().getAttributesList()))
          .containsEntry("service.name", "sample-app")
          .containsEntry("telemetry.distro.name", "clude-obs");

      assertExactMetricsForTasks(receiver.metrics(), 1);
      if (protocol == Protocol.HTTP_PROTOBUF) {
        assertThat(receiver.requestHeaders().get(0)).containsEntry("content-type", "application/x-protobuf");
      }
    }
  }

  /** The timers and counters that {@code tasks} runs of SampleApp must give, sampled or not. */
  static void assertExactMetricsForTasks(List<Metric> metrics, long tasks) {
    Metric task = last(metrics, "clude.task.duration");
    assertThat(task.getUnit()).isEqualTo("s");
    assertThat(counts(task))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("code.function.name=com.acme.app.Agent.handle,gen_ai.operation.name=invoke_agent", tasks));

    Metric llm = last(metrics, "gen_ai.client.operation.duration");
    assertThat(llm.getUnit()).isEqualTo("s");
    Map<String, HistogramDataPoint> llmPoints = histogramPoints(llm);
    String chat =
        "gen_ai.operation.name=chat,gen_ai.request.model=acme-model-1,gen_ai.response.model=acme-model-1-2025";
    assertThat(llmPoints.keySet()).containsExactly(chat);
    assertThat(llmPoints.get(chat).getCount()).isEqualTo(2 * tasks);
    assertThat(llmPoints.get(chat).getExplicitBoundsList())
        .containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

    Metric tokens = last(metrics, "gen_ai.client.token.usage");
    assertThat(tokens.getUnit()).isEqualTo("{token}");
    Map<String, HistogramDataPoint> tokenPoints = histogramPoints(tokens);
    HistogramDataPoint input = tokenPoints.get(chat + ",gen_ai.token.type=input");
    HistogramDataPoint output = tokenPoints.get(chat + ",gen_ai.token.type=output");
    assertThat(tokenPoints).hasSize(2);
    assertThat(input.getCount()).isEqualTo(2 * tasks);
    assertThat(input.getSum()).isEqualTo(30.0 * tasks);
    assertThat(output.getCount()).isEqualTo(2 * tasks);
    assertThat(output.getSum()).isEqualTo(12.0 * tasks);

    assertThat(counts(last(metrics, "clude.tool.duration")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "gen_ai.operation.name=execute_tool,gen_ai.tool.name=read", tasks,
                "gen_ai.operation.name=execute_tool,gen_ai.tool.name=web_search", tasks,
                "error.type=java.lang.IllegalStateException,gen_ai.operation.name=execute_tool,gen_ai.tool.name=execute",
                tasks));
    // Planner.plan recurses three levels deep: one call is counted, the outermost
    assertThat(counts(last(metrics, "clude.span.duration")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "code.function.name=com.acme.app.Planner.plan", tasks,
                "code.function.name=com.acme.app.Cache.lookup", tasks));

    Map<String, Long> active = sumPoints(last(metrics, "clude.operations.active"));
    assertThat(active).hasSize(7).allSatisfy((k, v) -> assertThat(v).as(k).isZero());
    assertThat(active.keySet())
        .contains(
            "clude.category=task,code.function.name=com.acme.app.Agent.handle",
            "clude.category=llm,code.function.name=com.acme.app.llm.ScriptedLlm.complete",
            "clude.category=tool,code.function.name=com.acme.app.tools.SearchTools.search");
  }

  static Map<String, Long> counts(Metric histogram) {
    return histogramPoints(histogram).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getCount()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void withoutACollectorTheLocalStoreHoldsOtlpJson(String jdk) throws Exception {
    Jvm.Builder app = sampleApp(Jdks.resolve(jdk), "2");
    Jvm.Result run = app.run(Duration.ofSeconds(90));
    run.assertExitCode(0);
    assertThat(agentLines(run.stderr())).isEmpty();

    Path dataDir = run.dataDir();
    List<Span> spans = OtlpJson.readTraceFiles(dataDir.resolve("traces"));
    assertThat(spans).hasSize(2 * SampleRuns.SPANS_PER_TASK);
    List<List<Span>> traces = SpanTree.byTrace(spans);
    assertThat(traces).hasSize(2);
    for (List<Span> trace : traces) {
      assertThat(tree(trace)).isEqualTo(ONE_TASK_TREE);
    }
    assertExactMetricsForTasks(OtlpJson.readMetricFiles(dataDir.resolve("metrics")), 2);

    assertThat(Files.getPosixFilePermissions(dataDir.resolve("traces")))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "OWNER_EXECUTE");
    try (Stream<Path> files = Files.list(dataDir.resolve("traces"))) {
      for (Path f : files.collect(Collectors.toList())) {
        assertThat(Files.getPosixFilePermissions(f))
            .extracting(Object::toString)
            .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
      }
    }
  }
}
