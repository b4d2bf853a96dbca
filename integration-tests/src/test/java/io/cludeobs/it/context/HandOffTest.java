package io.cludeobs.it.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpReceiver;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hand-off of acceptance 1, in a real app with the real jar: the span made on the other
 * thread is a child of the span current at hand-off, and a pooled thread never keeps a context.
 */
class HandOffTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void workOnAnotherThreadIsAChildOfTheSpanCurrentAtHandOff(String jdk) {
    Path home = Jdks.resolve(jdk);
    boolean virtualThreads = Jdks.featureVersion(home) >= 21;
    List<String> expected = new ArrayList<>(HandOffRuns.trees(HandOffRuns.PORTABLE));
    expected.addAll(HandOffRuns.reuseTrees());
    int leaves = HandOffRuns.leaves(HandOffRuns.PORTABLE) + HandOffRuns.REUSE_LEAVES;
    List<String> args = new ArrayList<>(List.of("portable", "reuse"));
    if (virtualThreads) {
      expected.addAll(HandOffRuns.trees(HandOffRuns.VIRTUAL));
      leaves += HandOffRuns.leaves(HandOffRuns.VIRTUAL);
      args.add("virtual");
    }
    int spans = expected.stream().mapToInt(t -> (int) t.lines().count()).sum();
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          HandOffRuns.app(home, args.toArray(new String[0]))
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .run(Duration.ofSeconds(120));
      run.assertExitCode(0);
      assertThat(run.stdout()).contains("async-app leaves " + leaves + " after");
      assertThat(agentLines(run.stderr())).isEmpty();

      List<Span> received = receiver.awaitSpans(spans, Duration.ofSeconds(20));
      assertThat(trees(received)).containsExactlyElementsOf(expected);
      assertThat(received).hasSize(spans);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void switchedOffTheWorkStartsTracesOfItsOwnAndTheAppStillRuns(String jdk) {
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          HandOffRuns.app(Jdks.resolve(jdk), "threadPoolExecute", "plainThread")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .sysProp("clude.obs.instrumentation.executors.enabled", "false")
              .run(Duration.ofSeconds(60));
      run.assertExitCode(0);
      assertThat(run.stdout()).contains("async-app leaves 2 after");
      assertThat(agentLines(run.stderr())).isEmpty();

      List<Span> received = receiver.awaitSpans(6, Duration.ofSeconds(20));
      assertThat(trees(received))
          .containsExactly(
              "invoke_agent Scenarios.threadPoolExecute\n  Work.handOff\n",
              "Work.leaf\n",
              "invoke_agent Scenarios.plainThread\n  Work.handOff\n",
              "Work.leaf\n");
    }
  }

  /**
   * Acceptance 5: work a traced thread puts in a plain queue that an app thread drains starts a
   * trace of its own; each is counted in clude.context.lost and the queue class is logged once.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void aHandOffTheAgentCannotFollowIsCountedAndLoggedOnce(String jdk) {
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          HandOffRuns.app(Jdks.resolve(jdk), "repeat=2", "lostThroughQueue", "repeat=1", "threadPoolExecute")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .run(Duration.ofSeconds(60));
      run.assertExitCode(0);
      assertThat(run.stdout()).contains("async-app leaves 3 after");
      assertThat(agentLines(run.stderr()))
          .containsExactly(
              "clude-obs: a trace was lost at a hand-off through java.util.concurrent.LinkedBlockingQueue:"
                  + " Work.leaf started a new trace for work a traced thread queued there; if"
                  + " java.util.concurrent.LinkedBlockingQueue feeds a worker pool, submit through an Executor"
                  + " or report it as an issue");

      List<Span> received = receiver.awaitSpans(8, Duration.ofSeconds(20));
      String lost = "invoke_agent Scenarios.lostThroughQueue\n  Work.handOff\n";
      assertThat(trees(received))
          .containsExactly(lost, "Work.leaf\n", lost, "Work.leaf\n", HandOffRuns.tree("Scenarios.threadPoolExecute", 1));
      Metric metric = receiver.awaitMetric("clude.context.lost", Duration.ofSeconds(20));
      assertThat(metric.getSum().getDataPointsList()).hasSize(1);
      assertThat(SpanTree.attributes(metric.getSum().getDataPoints(0).getAttributesList()))
          .containsExactly(Map.entry("clude.context.via", "java.util.concurrent.LinkedBlockingQueue"));
      long lostCount = 0;
      for (Metric m : receiver.metrics()) {
        if (m.getName().equals("clude.context.lost")) {
          lostCount = m.getSum().getDataPoints(0).getAsInt();
        }
      }
      assertThat(lostCount).isEqualTo(2);
    }
  }

  /**
   * At a sampling rate of 0.5 a lost unsampled state would let the work on the other thread start
   * traces of its own; every trace received must be whole, and the timers count every call.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void anUnsampledTraceStaysUnsampledAcrossHandOffs(String jdk) {
    int rounds = 10;
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          HandOffRuns.app(Jdks.resolve(jdk), "repeat=" + rounds, "portable")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .sysProp("clude.obs.tracing.sampling_rate", "0.5")
              .run(Duration.ofSeconds(180));
      run.assertExitCode(0);
      long leaves = (long) rounds * HandOffRuns.leaves(HandOffRuns.PORTABLE);
      assertThat(run.stdout()).contains("async-app leaves " + leaves + " after");

      List<String> whole = HandOffRuns.trees(HandOffRuns.PORTABLE);
      List<String> received = trees(receiver.spans());
      assertThat(received).isNotEmpty().allSatisfy(t -> assertThat(whole).contains(t));
      // 210 tasks at one half: far from both ends, so the rate did apply
      assertThat(received.size()).isBetween(60, 150);
      assertThat(leafCount(receiver.metrics())).isEqualTo(leaves);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void atSamplingRateZeroNothingIsTracedAndEveryCallIsTimed(String jdk) {
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          HandOffRuns.app(Jdks.resolve(jdk), "portable", "reuse")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .sysProp("clude.obs.tracing.sampling_rate", "0")
              .run(Duration.ofSeconds(120));
      run.assertExitCode(0);
      long leaves = HandOffRuns.leaves(HandOffRuns.PORTABLE) + HandOffRuns.REUSE_LEAVES;
      assertThat(run.stdout()).contains("async-app leaves " + leaves + " after");
      assertThat(receiver.spans()).isEmpty();
      assertThat(leafCount(receiver.metrics())).isEqualTo(leaves);
    }
  }

  private static long leafCount(List<Metric> metrics) {
    Metric spans = null;
    for (Metric m : metrics) {
      if (m.getName().equals("clude.span.duration")) {
        spans = m;
      }
    }
    assertThat(spans).as("clude.span.duration among the metrics").isNotNull();
    for (HistogramDataPoint p : spans.getHistogram().getDataPointsList()) {
      Map<String, Object> attributes = SpanTree.attributes(p.getAttributesList());
      if ("com.acme.async.Work.leaf".equals(attributes.get("code.function.name"))) {
        return p.getCount();
      }
    }
    throw new AssertionError("no clude.span.duration point for Work.leaf in " + spans);
  }

  static List<String> trees(List<Span> spans) {
    return SpanTree.byTrace(spans).stream().map(SpanTree::render).collect(Collectors.toList());
  }

  static List<String> agentLines(String stderr) {
    return stderr.lines().filter(l -> l.startsWith("clude-obs:")).collect(Collectors.toList());
  }
}
