package io.cludeobs.it;

import static io.cludeobs.it.SampleRuns.ONE_TASK_TREE;
import static io.cludeobs.it.SampleRuns.agentLines;
import static io.cludeobs.it.SampleRuns.sampleApp;
import static io.cludeobs.it.SampleRuns.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpReceiver;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Head sampling at a rate of 0.1: whole traces or nothing, and timers exact for every call. */
class HeadSamplingTest {

  private static final int TASKS = 10_000;
  private static final double RATE = 0.1;

  @Test
  void tenThousandTasksAtOneTenth() {
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          sampleApp(Jdks.current(), String.valueOf(TASKS))
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .sysProp("clude.obs.tracing.sampling_rate", String.valueOf(RATE))
              // room for every sampled span: this test is about sampling, not about drops
              .sysProp("clude.obs.tracing.queue_size", "40000")
              .sysProp("clude.obs.tracing.batch_size", "1000")
              .sysProp("clude.obs.tracing.shutdown_timeout", "20s")
              .run(Duration.ofSeconds(180));
      run.assertExitCode(0);
      assertThat(run.stdout()).contains("sample-app answered " + TASKS + " of " + TASKS);
      assertThat(agentLines(run.stderr())).isEmpty();

      List<Span> spans = receiver.spans();
      List<List<Span>> traces = SpanTree.byTrace(spans);
      // the decision is made at the root and children follow: every sampled trace is whole
      for (List<Span> trace : traces) {
        assertThat(tree(trace)).isEqualTo(ONE_TASK_TREE);
      }
      assertThat(spans).hasSize(traces.size() * SampleRuns.SPANS_PER_TASK);

      double expected = TASKS * RATE;
      double sigma = Math.sqrt(TASKS * RATE * (1 - RATE));
      assertThat((double) traces.size()).isBetween(expected - 4 * sigma, expected + 4 * sigma);

      // timers count every call, sampled or not
      ConfiguredPointcutsTest.assertExactMetricsForTasks(receiver.metrics(), TASKS);
      assertThat(SampleRuns.sumPoints(SampleRuns.last(receiver.metrics(), "clude.obs.spans.dropped")))
          .containsExactly(java.util.Map.entry("", 0L));
    }
  }
}
